// Branches and merges: from:, add(…), concat(…) over named outputs, lowered with residual into
// one graph; their shapes, counts and diagnostics (docs/language.md §4 "Branches and merges").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument, modelInputValue, type DocumentAnalysis } from '../../../core/analysis';
import { LineIndex } from '../../../core/common/line-index';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../helpers/paths';

const model = (body: string, input = '[1, 8, 8]'): string => `model M {\n  input ${input}\n${body}\n}\n`;

/** Each node as `name <- inputs` (the model's input is `input`), then the output. */
function graphOf(analysis: DocumentAnalysis): string[] {
  const { nodes, output } = analysis.models[0]!.graph;
  const nameOf = (value: number): string => (value === modelInputValue ? 'input' : nodes[value]!.layer.name);
  return [...nodes.map((n) => `${n.layer.name} <- ${n.inputs.map(nameOf).join(', ')}`), `output ${nameOf(output)}`];
}

const codes = (analysis: DocumentAnalysis): string[] => analysis.diagnostics.map((d) => d.code);

const inception = model(`  stem = conv2d(8, 3, padding: same, activation: relu)
  b1 = conv2d(4, 1, activation: relu)
  b2 = conv2d(4, 1, from: stem, activation: relu)
  b2b = conv2d(6, 3, padding: same, activation: relu)
  b3 = maxpool2d(3, stride: 1, padding: 1, from: stem)
  b3b = conv2d(2, 1, activation: relu)
  mixed = concat(b1, b2b, b3b)
  globalavgpool2d()
  dense(10)`);

test('an Inception-style block: branches from a named output, joined along the channels', () => {
  const analysis = checkDocument(inception);
  assert.deepEqual(codes(analysis), []);
  assert.deepEqual(graphOf(analysis), [
    'stem <- input',
    'b1 <- stem',
    'b2 <- stem',
    'b2b <- b2',
    'b3 <- stem',
    'b3b <- b3',
    'mixed <- b1, b2b, b3b',
    'globalavgpool2d_1 <- mixed',
    'dense_1 <- globalavgpool2d_1',
    'output dense_1',
  ]);
  const m = analysis.models[0]!;
  const mixed = m.layers.find((l) => l.name === 'mixed')!;
  assert.deepEqual(mixed.outputShape, [12, 8, 8]);
  assert.deepEqual(mixed.inputs?.map((i) => [i.name, i.shape]), [['b1', [4, 8, 8]], ['b2b', [6, 8, 8]], ['b3b', [2, 8, 8]]]);
  assert.equal(mixed.trainableParams + mixed.macs, 0n, 'a merge has no parameters and no MACs');
  // nn.Conv2d counts: 1·9·8+8, 8·4+4, 8·4+4, 4·9·6+6, 8·2+2, then Linear(12, 10).
  assert.equal(m.trainableParams, 80n + 36n + 36n + 222n + 18n + 130n);
});

test('a DenseNet-style block concatenates every earlier output; a U-Net-style skip joins across pooling', () => {
  const dense = checkDocument(model(`  x0 = conv2d(4, 3, padding: same)
  c1 = conv2d(2, 3, padding: same, activation: relu)
  x1 = concat(x0, c1)
  c2 = conv2d(2, 3, padding: same, activation: relu)
  x2 = concat(x0, c1, c2)
  flatten()`));
  assert.deepEqual(codes(dense), []);
  assert.deepEqual(dense.models[0]!.output, [4 * 8 * 8 * 2]);
  assert.deepEqual(graphOf(dense).slice(2, 5), ['x1 <- x0, c1', 'c2 <- x1', 'x2 <- x0, c1, c2']);
  const unet = checkDocument(model(`  down = conv2d(4, 3, padding: same, activation: relu)
  maxpool2d(2)
  conv2d(4, 3, padding: same, activation: relu)
  up = avgpool2d(2, from: down)
  concat(up, conv2d_2, axis: 0)`));
  assert.deepEqual(codes(unet).filter((c) => c !== 'DL318'), []);
});

test('residual lowers to its body, its shortcut and an add node reading both', () => {
  const analysis = checkDocument(model('  dense(4)\n  residual {\n    dense(4)\n  }\n  residual {\n    dense(2)\n  } shortcut {\n    dense(2)\n  }', '[3]'));
  assert.deepEqual(codes(analysis), []);
  assert.deepEqual(graphOf(analysis), ['dense_1 <- input', 'dense_2 <- dense_1', 'add_1 <- dense_2, dense_1', 'dense_3 <- add_1', 'dense_4 <- add_1', 'add_2 <- dense_3, dense_4', 'output add_2']);
  // An explicit add shares the residual's counter (and a named layer counts in its kind's, §10).
  const both = checkDocument(model('  a = dense(4)\n  residual {\n    dense(4)\n  }\n  add(a, a)', '[3]'));
  assert.deepEqual(both.models[0]!.layers.map((l) => l.name), ['a', 'dense_2', 'add_1', 'add_2']);
});

test('DL410 says which axis differs and where each side came from, with both definitions related', () => {
  const text = model('  a = conv2d(4, 3)\n  b = conv2d(4, 1, from: input)\n  add(a, b)');
  const analysis = checkDocument(text);
  const found = analysis.diagnostics.find((d) => d.code === 'DL410')!;
  assert.equal(found.message, 'add needs inputs of exactly the same shape; axis 1 differs (6 and 8): a (line 3) gives [4, 6, 6], b (line 4) gives [4, 8, 8] — make both paths end in the same shape');
  const lines = new LineIndex(text);
  assert.deepEqual(found.related?.map((r) => [lines.positionAt(r.range.start).line + 1, r.message]), [[3, 'a gives [4, 6, 6] (line 3)'], [4, 'b gives [4, 8, 8] (line 4)']]);
  const ranks = checkDocument(model('  a = flatten()\n  concat(a, input)'));
  assert.match(ranks.diagnostics[0]!.message, /^concat needs inputs that agree on every axis but 0; ranks differ \(1 and 3\): a \(line 3\) gives \[64\], input gives \[1, 8, 8\]/);
});

test('names: unknown (DL318 with a fix), later or own (DL319), a repeat copy\'s name read outside it (DL321), not a name (DL305)', () => {
  const unknown = checkDocument(model('  stem = conv2d(4, 1)\n  conv2d(4, 1, from: stme)\n  add(stem, conv2d_1)'));
  assert.deepEqual(codes(unknown), ['DL318', 'DL318']);
  assert.equal(unknown.diagnostics[0]!.fixes?.[0]?.edits[0]?.newText, 'stem');
  assert.deepEqual(codes(checkDocument(model('  a = conv2d(4, 1, from: b)\n  b = conv2d(4, 1)\n  c = conv2d(4, 1, from: c)'))), ['DL319', 'DL319']);
  assert.deepEqual(codes(checkDocument(model('  repeat 2 { r = conv2d(4, 1) }\n  conv2d(4, 1, from: r)'))), ['DL321']);
  assert.deepEqual(codes(checkDocument(model('  repeat 2 { a = conv2d(4, 1, from: r)\n r = conv2d(4, 1) }'))), ['DL319']);
  assert.deepEqual(codes(checkDocument(model('  a = conv2d(4, 1)\n  add(a, 3)\n  concat(a)'))), ['DL305', 'DL304']);
});

test('DL412: a branch computed for nothing, once per statement even inside repeat; merged branches are used', () => {
  const dead = checkDocument(model('  stem = conv2d(4, 1)\n  repeat 3 { conv2d(4, 1, from: stem) }'));
  assert.deepEqual(codes(dead), ['DL412']);
  assert.deepEqual(graphOf(dead), ['stem <- input', 'conv2d_2 <- stem', 'conv2d_3 <- stem', 'conv2d_4 <- stem', 'output conv2d_4']);
  // A merge that fails still reads its inputs: no DL412 on top of its error.
  assert.deepEqual(codes(checkDocument(model('  a = conv2d(4, 3)\n  b = conv2d(4, 1, from: input)\n  concat(a, b)'))), ['DL410']);
});

test('a repeat whose body reads names is analysed copy by copy and reads the right values', () => {
  const analysis = checkDocument(model('  stem = conv2d(4, 1)\n  repeat 3 {\n    relu()\n    add(stem, stem)\n  }'));
  // Each copy's relu reads the flow, which the add after it ignores: one warning for the statement.
  assert.deepEqual(codes(analysis), ['DL412']);
  assert.deepEqual(graphOf(analysis).slice(1), ['relu_1 <- stem', 'add_1 <- stem, stem', 'relu_2 <- add_1', 'add_2 <- stem, stem', 'relu_3 <- add_2', 'add_3 <- stem, stem', 'output add_3']);
  const ok = checkDocument(model('  stem = conv2d(4, 1)\n  repeat 3 {\n    conv2d(4, 1, from: stem)\n  }\n  x = relu()\n  add(x, stem)'));
  assert.deepEqual(codes(ok), ['DL412']);
});

test('references record every read of a name, for rename and references', () => {
  const analysis = checkDocument(inception);
  assert.deepEqual(analysis.models[0]!.references.map((r) => r.name), ['stem', 'stem', 'b1', 'b2b', 'b3b']);
  assert.ok(analysis.models[0]!.references.every((r) => r.definition !== undefined));
});

test('the Inception example of docs/language.md checks clean with the shape it claims', () => {
  const doc = readFileSync(fromRoot('docs/language.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Branches and merges'));
  const example = /```dlmodel\n([\s\S]*?)```/.exec(section)![1]!;
  const analysis = checkDocument(example);
  assert.deepEqual(codes(analysis), []);
  assert.deepEqual(analysis.models[0]!.layers.find((l) => l.name === 'mixed')?.outputShape, [32, 8, 8]);
});
