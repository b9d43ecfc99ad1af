// IDE features as plain data, tested with cursor markers in the text: `dense(<|>` puts the cursor
// after the parenthesis. One check helper per feature, as rust-analyzer and Langium test theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import * as ide from '../../../core/ide';
import { applyEdits, extractMarkers } from '../../helpers/markers';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../helpers/paths';

function at(textWithMarker: string): { text: string; offset: number; analysis: ReturnType<typeof checkDocument> } {
  const { text, offsets } = extractMarkers(textWithMarker);
  assert.equal(offsets.length, 1, 'one <|> marker');
  return { text, offset: offsets[0]!, analysis: checkDocument(text) };
}

function hoverText(textWithMarker: string): string {
  const { analysis, offset } = at(textWithMarker);
  return ide.hover(analysis, offset)?.markdown ?? '';
}

function completionLabels(textWithMarker: string): string[] {
  const { analysis, offset } = at(textWithMarker);
  return ide.completions(analysis, offset).map((c) => c.label);
}

const vggBlock = 'model V {\n  input [64, 112, 112]\n  conv2d(128, 3, padding: same, activation: relu)\n  repeat 2 { conv2d(128, 3, padding: same) }\n}\n';

test('hover on a layer shows shapes, the parameter formula with its numbers, MACs and memory', () => {
  const markdown = hoverText(vggBlock.replace('conv2d(128, 3, padding: same, activation', 'con<|>v2d(128, 3, padding: same, activation'));
  assert.match(markdown, /\*\*conv2d_1\*\* · `conv2d`/);
  assert.match(markdown, /\| input \| \[64, 112, 112\] \|/);
  assert.match(markdown, /\| output \| \[128, 112, 112\] \|/);
  assert.match(markdown, /\| parameters \| 3·3·64·128 \+ 128 = 73,856 \|/);
  assert.match(markdown, /\| MACs per sample \| 924,844,032 \|/);
  assert.match(markdown, /parameters 288\.5 KiB · activations 6\.1 MiB per sample/);
});

test('hover on a repeated layer sums its copies', () => {
  const markdown = hoverText(vggBlock.replace('repeat 2 { conv2d', 'repeat 2 { conv<|>2d'));
  assert.match(markdown, /conv2d_2 … conv2d_3/);
  assert.match(markdown, /Repeated ×2/);
  assert.match(markdown, /3·3·128·128 \+ 128 = 147,584 — 295,168 in all/);
});

test('hover on an argument gives its meaning, type, default and range', () => {
  const markdown = hoverText('model M {\n  input [2]\n  dropout(ra<|>te: 0.5)\n}\n');
  assert.match(markdown, /\*\*rate\*\* — argument of `dropout`/);
  assert.match(markdown, /Type: a number in \[0, 1\) · required/);
  const padding = hoverText('model M {\n  input [3, 8, 8]\n  conv2d(8, 3, pad<|>ding: 1)\n}\n');
  assert.match(padding, /default `0`/);
});

test('hover on values, data sets, optimizers, train keys and models', () => {
  assert.match(hoverText('model M {\n  input [2]\n  dense(3, activation: re<|>lu)\n}\n'), /Rectified linear unit/);
  const train = 'model M {\n  input [2]\n  dense(3)\n}\ntrain {\n  data: spi<|>rals(classes: 3, points: 300)\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01)\n}\n';
  const data = hoverText(train);
  assert.match(data, /spirals\(classes: 2, points: 400, noise: 0\.1\)/);
  assert.match(data, /Samples \[2\] · target: 3 classes · 300 samples before the split/);
  assert.match(hoverText(train.replace('spi<|>rals', 'spirals').replace('adam(', 'ad<|>am(')), /Adam with bias correction/);
  assert.match(hoverText(train.replace('spi<|>rals', 'spirals').replace('loss:', 'lo<|>ss:')), /\*\*loss\*\* — argument of `train`/);
  assert.match(hoverText(train.replace('spi<|>rals', 'spirals').replace('model M', 'model <|>M')), /\*\*model M\*\* — input \[2\] → output \[3\]/);
});

test('hover outside anything meaningful returns nothing', () => {
  assert.equal(hoverText('# a comment <|>\nmodel M {\n  input [2]\n}\n'), '');
});

test('inlay hints: output shape and parameters per line, ×N for repeat, nothing where the shape is unknown', () => {
  const { analysis, text } = at(vggBlock + '<|>');
  const hints = ide.inlayHints(analysis);
  assert.deepEqual(
    hints.map((h) => [text.slice(0, h.offset).split('\n').length, h.label]),
    [
      [3, '→ [128, 112, 112] · 73,856 params'],
      [4, '×2 → [128, 112, 112] · 295,168 params'],
    ],
  );
  const broken = checkDocument('model M {\n  input [64]\n  conv2d(8, 3)\n  dense(3)\n}\n');
  assert.deepEqual(ide.inlayHints(broken), []);
});

test('code lenses: totals above each model and a Train action above each train block', () => {
  const analysis = checkDocument('model M {\n  input [2]\n  dense(3)\n}\ntrain quick {\n  data: spirals(classes: 3)\n  loss: cross_entropy\n  optimizer: adam()\n}\n');
  const lenses = ide.codeLenses(analysis);
  assert.equal(lenses.length, 3);
  assert.equal(lenses[0]!.title, '9 params · 6 MACs · 36 B');
  assert.deepEqual([lenses[1]!.title, lenses[1]!.vscodeOnly, lenses[1]!.command], ['Graph', true, { id: 'dlmodel.showGraph', arguments: ['M'] }]);
  assert.equal(lenses[2]!.title, 'Train quick M');
  assert.equal(lenses[2]!.icon, 'play');
  assert.equal(lenses[2]!.trainName, 'quick');
  assert.deepEqual(lenses[2]!.command, { id: 'dlmodel.train', arguments: ['quick'] });
});

test('the model lens leads with the trainable count PyTorch reports, then the buffers', () => {
  // normalization.dlmodel and its PyTorch twin: sum(p.numel() for p in model.parameters()) is the
  // trainable count; batch norm's running mean and variance are buffers.
  const reference = (JSON.parse(readFileSync(fromRoot('test/fixtures/architectures/reference.json'), 'utf8')) as { models: { file: string; trainableParams: number; nonTrainableParams: number }[] }).models.find((m) => m.file === 'normalization.dlmodel')!;
  const analysis = checkDocument(readFileSync(fromRoot('test/fixtures/architectures/normalization.dlmodel'), 'utf8'));
  const title = ide.codeLenses(analysis)[0]!.title;
  const trainable = reference.trainableParams.toLocaleString('en-US');
  const buffers = reference.nonTrainableParams.toLocaleString('en-US');
  assert.ok(reference.nonTrainableParams > 0);
  assert.ok(title.startsWith(`${trainable} params + ${buffers} in buffers · `), title);
});

test('a model whose shapes stop at an error shows its totals as a lower bound', () => {
  const analysis = checkDocument('model M {\n  input [64]\n  dense(8)\n  conv2d(8, 3)\n  dense(3)\n}\n');
  assert.equal(ide.codeLenses(analysis)[0]!.title, '≥ 520 params — shapes unknown after an error');
  assert.equal(ide.documentSymbols(analysis)[0]!.detail, '[64] → ? · ≥ 520 params');
});

test('one typo in an activation name keeps every hint and the model lens’s exact totals', () => {
  // iris with `relux` for `relu`: the lens said "≥ 0 params" and no layer had a hint.
  const iris = readFileSync(fromRoot('examples/iris.dlmodel'), 'utf8').replace('activation: relu', 'activation: relux');
  const analysis = checkDocument(iris);
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['DL312']);
  assert.deepEqual(ide.inlayHints(analysis).map((h) => h.label), ['→ [16] · 80 params', '→ [3] · 51 params']);
  assert.equal(ide.codeLenses(analysis)[0]!.title, '131 params · 112 MACs · 524 B');
});

test('a layer with a bad argument keeps the hints before it; the lens is a lower bound only then', () => {
  const text = 'model A {\n  input [4]\n  dense(16)\n  dense(8, bogus: 3)\n  dense(3)\n}\nmodel B {\n  input [2]\n  dense(5)\n}\n';
  const analysis = checkDocument(text);
  const hints = ide.inlayHints(analysis).map((h) => [text.slice(0, h.offset).split('\n').length, h.label]);
  assert.deepEqual(hints, [
    [3, '→ [16] · 80 params'],
    [9, '→ [5] · 15 params'],
  ]);
  assert.deepEqual(ide.codeLenses(analysis).filter((l) => !l.vscodeOnly).map((l) => l.title), ['≥ 80 params — shapes unknown after an error', '15 params · 10 MACs · 60 B']);
});

test('completion offers layers as snippets at a statement start', () => {
  const { analysis, offset } = at('model M {\n  input [2]\n  de<|>\n}\n');
  const items = ide.completions(analysis, offset);
  const dense = items.find((i) => i.label === 'dense');
  assert.ok(dense);
  assert.equal(dense.insertText, 'dense(${1:16})$0');
  assert.equal(dense.snippet, true);
  assert.ok(items.some((i) => i.label === 'conv2d' && i.insertText === 'conv2d(${1:32}, ${2:3})$0'));
  assert.ok(items.some((i) => i.label === 'repeat'));
  assert.ok(!items.some((i) => i.label === 'input'), 'input is offered only while the model has none');
});

test('completion offers named arguments not yet given, with defaults', () => {
  const labels = completionLabels('model M {\n  input [3, 8, 8]\n  conv2d(8, 3, <|>)\n}\n');
  assert.ok(labels.includes('stride:'));
  assert.ok(labels.includes('activation:'));
  assert.ok(!labels.includes('filters:'), 'given positionally');
  assert.ok(!labels.includes('kernel:'), 'given positionally');
});

test('completion offers values for the argument before the cursor', () => {
  assert.deepEqual(completionLabels('model M {\n  input [2]\n  dense(3, activation: <|>)\n}\n'), ['linear', 'relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'hardswish', 'relu6', 'tanh', 'sigmoid', 'hardsigmoid', 'softplus', 'softmax', 'logsoftmax']);
  assert.deepEqual(completionLabels('model M {\n  input [3, 8, 8]\n  conv2d(8, 3, padding: <|>)\n}\n'), ['same', 'valid']);
});

test('an unclosed call at the end of a line keeps its context after the blanks typed there', () => {
  // Editors without auto-closed brackets (Neovim, Helix, Emacs) send exactly this text.
  const activations = ['linear', 'relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'hardswish', 'relu6', 'tanh', 'sigmoid', 'hardsigmoid', 'softplus', 'softmax', 'logsoftmax'];
  const after = ['', '\n', '\n}\n', '\n  dense(3)\n}\n', '\n}\ntrain {\n  loss: mse\n}\n'];
  for (const rest of after) {
    const model = (call: string) => `model M {\n  input [3, 8, 8]\n  ${call}<|>${rest}`;
    assert.deepEqual(completionLabels(model('dense(4, activation: ')), activations, `activation: then ${JSON.stringify(rest)}`);
    assert.deepEqual(completionLabels(model('conv2d(8, 3, padding:  ')), ['same', 'valid'], `padding: then ${JSON.stringify(rest)}`);
    assert.ok(completionLabels(model('dense(4, activation: relu, ')).includes('bias:'), `after a comma then ${JSON.stringify(rest)}`);
    const { analysis, offset } = at(model('dense(4, activation: '));
    assert.equal(ide.signatureHelp(analysis, offset)?.activeParameter, 1, `signature help then ${JSON.stringify(rest)}`);
  }
  const train = (entry: string, rest: string) => `model Net {\n  input [2]\n  dense(3)\n}\ntrain {\n  model: Net\n  ${entry}<|>${rest}`;
  for (const rest of ['', '\n}\n', '\n  loss: mse\n}\n']) {
    assert.ok(completionLabels(train('optimizer: adam(lr: 0.1, ', rest)).includes('beta1:'), `adam( then ${JSON.stringify(rest)}`);
    assert.ok(completionLabels(train('data: spirals(classes: 3, ', rest)).includes('noise:'), `spirals( then ${JSON.stringify(rest)}`);
  }
});

test('completion in train blocks: keys, losses, optimizers, data sets, model names', () => {
  const base = 'model Net {\n  input [2]\n  dense(3)\n}\ntrain {\n  loss: cross_entropy\n  LINE\n}\n';
  const keys = completionLabels(base.replace('LINE', '<|>'));
  assert.ok(keys.includes('data') && keys.includes('optimizer') && !keys.includes('loss'));
  const lossBlock = base.replace('  loss: cross_entropy\n', '');
  assert.deepEqual(completionLabels(lossBlock.replace('LINE', 'loss: <|>')), ['mse', 'mae', 'huber', 'smooth_l1', 'binary_cross_entropy', 'cross_entropy', 'nll', 'kl_div', 'hinge', 'vae']);
  // A loss completes to its bare name (the defaults); its arguments complete inside its call.
  const losses = at(lossBlock.replace('LINE', 'loss: <|>'));
  const huber = ide.completions(losses.analysis, losses.offset).find((c) => c.label === 'huber');
  assert.equal(huber?.insertText, 'huber');
  assert.equal(huber?.detail, 'huber(delta: 1)');
  assert.deepEqual(completionLabels(lossBlock.replace('LINE', 'loss: cross_entropy(<|>)')), ['weights:', 'label_smoothing:']);
  const optimizers = completionLabels(base.replace('LINE', 'optimizer: <|>'));
  assert.deepEqual(optimizers, ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad']);
  const { analysis, offset } = at(base.replace('LINE', 'optimizer: <|>'));
  assert.equal(ide.completions(analysis, offset).find((c) => c.label === 'sgd')?.insertText, 'sgd(${1:0.01})$0');
  assert.ok(completionLabels(base.replace('LINE', 'data: <|>')).includes('spirals'));
  assert.deepEqual(completionLabels(base.replace('LINE', 'model: <|>')), ['Net']);
  assert.ok(completionLabels(base.replace('LINE', 'optimizer: adam(<|>)')).includes('beta1:'));
});

test('completion at the top level offers model and train; nothing inside comments or strings', () => {
  assert.deepEqual(completionLabels('<|>'), ['model', 'train']);
  assert.deepEqual(completionLabels('# den<|>\n'), []);
  assert.deepEqual(completionLabels('model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: csv("da<|>")\n}\n'), []);
});

test('completion offers shortcut right after a residual block', () => {
  const labels = completionLabels('model M {\n  input [4]\n  residual {\n    dense(4)\n  }\n  <|>\n}\n');
  assert.ok(labels.includes('shortcut'));
});

test('a snippet as plain text: placeholders kept, tab stops dropped, lines indented like the first', () => {
  const layout = { lineIndent: '  ', indent: '  ' };
  assert.equal(ide.snippetToPlainText('dense(${1:16})$0', layout), 'dense(16)');
  assert.equal(ide.snippetToPlainText('csv(path: "${1:data.csv}")$0', layout), 'csv(path: "data.csv")');
  assert.equal(ide.snippetToPlainText('repeat ${1:2} {\n\t$0\n}', layout), 'repeat 2 {\n    \n  }');
  assert.equal(ide.snippetToPlainText('repeat ${1:2} {\n\t$0\n}', { lineIndent: '\t', indent: '\t' }), 'repeat 2 {\n\t\t\n\t}');
  assert.equal(ide.snippetToPlainText('a \\$1 \\} \\\\ ${2} $12b', layout), 'a $1 } \\  b');
  // Every snippet completion offers turns into text without a tab stop.
  for (const textWithMarker of ['model M {\n  input [2]\n  <|>\n}\n', '<|>', 'model M {\n  input [2]\n}\ntrain {\n  optimizer: <|>\n}\n', 'model M {\n  input [2]\n}\ntrain {\n  data: <|>\n}\n']) {
    const { analysis, offset } = at(textWithMarker);
    for (const item of ide.completions(analysis, offset).filter((i) => i.snippet)) assert.doesNotMatch(ide.snippetToPlainText(item.insertText, layout), /\$|\\/, item.label);
  }
});

test('signature help marks the active parameter, positional or named', () => {
  const check = (textWithMarker: string) => {
    const { analysis, offset } = at(textWithMarker);
    const help = ide.signatureHelp(analysis, offset);
    assert.ok(help);
    return help.label.slice(...help.parameters[help.activeParameter]!.range);
  };
  const text = 'model M {\n  input [3, 8, 8]\n  conv2d(CURSOR)\n}\n';
  assert.equal(check(text.replace('CURSOR', '<|>')), 'filters');
  assert.equal(check(text.replace('CURSOR', '8, <|>')), 'kernel');
  assert.equal(check(text.replace('CURSOR', '8, [3, 3], dila<|>tion: 2')), 'dilation: 1');
  assert.equal(check(text.replace('CURSOR', '8, [3, <|>3]')), 'kernel', 'commas inside a list do not count');
  assert.equal(check('model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  optimizer: sgd(0.1, <|>)\n}\n'), 'momentum: 0');
  assert.equal(check('model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  loss: cross_entropy(weights: [1, 2], label<|>)\n}\n'), 'label_smoothing: 0');
});

test('hover on a loss call and its arguments reads the catalog', () => {
  const text = 'model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor()\n  loss: LOSS\n  optimizer: adam()\n}\n';
  assert.match(hoverText(text.replace('LOSS', 'hu<|>ber(delta: 0.5)')), /Huber loss/);
  assert.match(hoverText(text.replace('LOSS', 'huber(del<|>ta: 0.5)')), /\*\*delta\*\* — argument of `huber`[\s\S]*default `1`/);
  assert.match(hoverText(text.replace('LOSS', 'cross_entropy(wei<|>ghts: [1, 2])')), /Type: a list of numbers > 0/);
  assert.match(hoverText(text.replace('LOSS', 'hu<|>ber')), /\*\*huber\*\* — loss[\s\S]*F\.huber_loss/);
});

test('document symbols outline models, layers, blocks and train blocks', () => {
  const analysis = checkDocument(vggBlock + 'train fast {\n  data: digits()\n  loss: cross_entropy\n  optimizer: adam()\n}\n');
  const symbols = ide.documentSymbols(analysis);
  assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['V', 'model'], ['train fast', 'train']]);
  assert.deepEqual(symbols[0]!.children.map((c) => c.name), ['input', 'conv2d_1', 'repeat 2']);
  assert.deepEqual(symbols[0]!.children[2]!.children.map((c) => c.name), ['conv2d_2 … conv2d_3']);
});

test('folding ranges cover blocks, multi-line calls and comment runs', () => {
  const text = '# one\n# two\nmodel M {\n  input [2]\n  dense(\n    3,\n  )\n}\n';
  const folds = ide.foldingRanges(checkDocument(text), text).map((f) => [f.kind, text.slice(f.range.start, f.range.end).split('\n').length]);
  assert.deepEqual(folds, [['comment', 2], ['region', 6], ['region', 3]]);
});

test('code actions carry the diagnostics’ fixes', () => {
  const { analysis, offset, text } = at('model M {\n  input [2]\n  dnes<|>e(3)\n}\n');
  const actions = ide.codeActions(analysis, { start: offset, end: offset });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.title, "Change to 'dense'");
  assert.equal(actions[0]!.preferred, true);
  assert.equal(applyEdits(text, actions[0]!.edits), 'model M {\n  input [2]\n  dense(3)\n}\n');
});

test('definition, references and rename for model names and named layers', () => {
  const source = 'model Net {\n  input [2]\n  hidden = dense(4)\n  dense(3)\n}\ntrain {\n  model: Net\n  data: spirals(classes: 3)\n  loss: cross_entropy\n  optimizer: adam()\n}\n';
  const { analysis, offset } = at(source.replace('model: Net', 'model: N<|>et'));
  const symbol = ide.symbolAt(analysis, offset);
  assert.equal(symbol?.kind, 'model');
  assert.equal(symbol?.occurrences.length, 2);
  const renamed = ide.rename(analysis, offset, 'Classifier');
  assert.ok(renamed.ok);
  const text = applyEdits(source, renamed.edits);
  assert.match(text, /model Classifier \{/);
  assert.match(text, /model: Classifier/);
  assert.deepEqual(checkDocument(text).diagnostics, []);
  assert.equal(ide.rename(analysis, offset, '3x').ok, false);
  assert.equal(ide.rename(analysis, offset, 'repeat').ok, false);
  const layer = at(source.replace('hidden =', 'hid<|>den ='));
  assert.equal(ide.symbolAt(layer.analysis, layer.offset)?.kind, 'layer');
  assert.equal(ide.symbolAt(layer.analysis, layer.offset + 20), undefined);
});

test('IDE functions never throw at any offset of broken text', () => {
  const text = 'model M {\n  input [3, 8\n  conv2d(8, 3, padding: \n  repeat { dense(\n}\ntrain x {\n  loss: \n  optimizer: adam(lr: \n';
  const analysis = checkDocument(text);
  for (let offset = 0; offset <= text.length; offset++) {
    ide.hover(analysis, offset);
    ide.completions(analysis, offset);
    ide.signatureHelp(analysis, offset);
    ide.symbolAt(analysis, offset);
    ide.codeActions(analysis, { start: offset, end: offset });
  }
  ide.inlayHints(analysis);
  ide.documentSymbols(analysis);
  ide.foldingRanges(analysis, text);
  ide.codeLenses(analysis);
});
