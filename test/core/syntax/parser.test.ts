// Parser behaviour on small inputs: the shape of the tree, and error recovery — one typo gives one
// diagnostic, and everything after it is still parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childrenOf, type Call, type LayerStatement, type ModelDeclaration, type SourceFile, type SyntaxNode, type TrainDeclaration } from '../../../core/syntax';
import { parseChecked } from './syntax-helpers';

/** Every node of the tree, in source order (iterative). */
function allNodes(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    found.push(node);
    stack.push(...childrenOf(node).reverse());
  }
  return found;
}

/** The callee of every layer statement (`?` when it has no call), in source order. */
function layers(file: SourceFile): string[] {
  return allNodes(file)
    .filter((n): n is LayerStatement => n.kind === 'Layer')
    .map((layer) => layer.call?.callee.text ?? '?');
}

const wrap = (body: string): string => `model M {\n  input [2]\n${body}\n}\n`;

test('the tree of a small model and train block', () => {
  const text = 'model M {\n  input [2]\n  h = dense(16, activation: relu)\n}\ntrain t { loss: mse; data: xor() }\n';
  const { file, diagnostics } = parseChecked(text);
  assert.deepEqual(diagnostics, []);
  const [model, train] = file.items as [ModelDeclaration, TrainDeclaration];
  assert.equal(model.kind, 'Model');
  assert.equal(model.name?.text, 'M');
  assert.equal(text.slice(model.body?.range.start, model.body?.range.end).startsWith('{'), true);
  assert.equal(text.slice(model.body?.range.start, model.body?.range.end).endsWith('}'), true);
  const layer = model.body?.items[1] as LayerStatement;
  assert.equal(text.slice(layer.range.start, layer.range.end), 'h = dense(16, activation: relu)');
  assert.equal(text.slice(layer.call?.argsRange?.start, layer.call?.argsRange?.end), '(16, activation: relu)');
  assert.equal(layer.call?.closed, true);
  assert.equal(train.name?.text, 't');
  assert.deepEqual(
    train.body?.items.map((e) => (e.kind === 'TrainEntry' ? e.key.text : e.kind)),
    ['loss', 'data'],
  );
});

test('numbers, strings, booleans, names, lists and nested calls become values', () => {
  const { file } = parseChecked('train { x: f(1_000, -.5, "a\\tb", true, relu, [3, [4]], g(h: 1e3)) }');
  const call = ((file.items[0] as TrainDeclaration).body?.items[0] as { value: Call }).value;
  assert.deepEqual(
    call.args.map((a) => a.value?.kind),
    ['Number', 'Number', 'String', 'Boolean', 'Name', 'List', 'Call'],
  );
  const [thousand, half, string] = call.args.map((a) => a.value);
  assert.deepEqual([thousand?.kind === 'Number' && thousand.value, half?.kind === 'Number' && half.value], [1000, -0.5]);
  assert.equal(string?.kind === 'String' && string.value, 'a\tb');
});

test('a missing ( leaves argsRange undefined', () => {
  const { file } = parseChecked(wrap('  flatten'));
  const layer = (file.items[0] as ModelDeclaration).body?.items[1] as LayerStatement;
  assert.equal(layer.call?.argsRange, undefined);
  assert.equal(layer.call?.closed, false);
});

// Each case: a text with one mistake, the diagnostics it must give, and the layers that must still be found.
const recoveryCases: { name: string; text: string; codes: string[]; layers?: string[] }[] = [
  { name: 'missing ) at the end of a line', text: wrap('  dense(16, activation: relu\n  dense(3)'), codes: ['DL201'], layers: ['dense', 'dense'] },
  { name: 'missing ) after a trailing comma', text: wrap('  dense(8, activation: tanh,\n  dense(3)'), codes: ['DL201'], layers: ['dense', 'dense'] },
  { name: 'missing ) before a named layer', text: wrap('  dense(8,\n  out = dense(3)'), codes: ['DL201'], layers: ['dense', 'dense'] },
  { name: 'missing ) before }', text: 'model M {\n  input [2]\n  dense(3\n}\nmodel N { input [1]; relu() }', codes: ['DL201'], layers: ['dense', 'relu'] },
  { name: 'missing ] in a shape', text: 'model M {\n  input [2\n  dense(3)\n}', codes: ['DL202'], layers: ['dense'] },
  { name: 'missing ] in a list', text: wrap('  conv2d(8, kernel: [3, 3)\n  relu()'), codes: ['DL202'], layers: ['conv2d', 'relu'] },
  { name: 'missing } before the next model', text: 'model A {\n  input [2]\n  dense(3)\n\nmodel B {\n  input [2]\n  relu()\n}', codes: ['DL203'], layers: ['dense', 'relu'] },
  { name: 'missing } of a repeat', text: wrap('  repeat 2 {\n    dense(3)\n  relu()'), codes: ['DL203'], layers: ['dense', 'relu'] },
  { name: 'missing value', text: wrap('  dense(3, activation: )\n  relu()'), codes: ['DL204'], layers: ['dense', 'relu'] },
  { name: 'extra comma', text: wrap('  dense(3,, activation: relu)\n  relu()'), codes: ['DL204'], layers: ['dense', 'relu'] },
  { name: 'a layer name with nothing after =', text: wrap('  x =\n  relu()'), codes: ['DL204'], layers: ['?', 'relu'] },
  { name: 'top-level junk', text: 'dense(3)\nmodel M {\n  input [2]\n  relu()\n}', codes: ['DL205'], layers: ['relu'] },
  { name: 'misspelt model keyword', text: 'modle A {\n  input [2]\n  dense(3)\n}\nmodel B {\n  input [2]\n  relu()\n}', codes: ['DL205'], layers: ['relu'] },
  { name: 'stray } at the top level', text: 'model A {\n  input [2]\n  dense(3)\n}\n}\nmodel B { input [2]; relu() }', codes: ['DL205'], layers: ['dense', 'relu'] },
  { name: 'duplicate input', text: wrap('  input [3]\n  relu()'), codes: ['DL206'], layers: ['relu'] },
  { name: 'input not first', text: 'model M {\n  relu()\n  input [2]\n  dense(3)\n}', codes: ['DL207'], layers: ['relu', 'dense'] },
  { name: 'input inside a repeat', text: 'model M {\n  repeat 2 { input [2] }\n  dense(3)\n}', codes: ['DL207'], layers: ['dense'] },
  { name: 'model without input', text: 'model M {\n  dense(3)\n}', codes: ['DL208'], layers: ['dense'] },
  { name: 'junk statement', text: wrap('  42\n  relu()'), codes: ['DL209'], layers: ['relu'] },
  { name: 'junk after a statement', text: wrap('  dense(3) extra junk here\n  relu()'), codes: ['DL209'], layers: ['dense', 'relu'] },
  { name: 'two statements on a line', text: wrap('  dense(3) relu()\n  tanh()'), codes: ['DL209'], layers: ['dense', 'relu', 'tanh'] },
  { name: 'positional after named', text: wrap('  dense(activation: relu, 3)\n  relu()'), codes: ['DL210'], layers: ['dense', 'relu'] },
  { name: 'model without a name', text: 'model {\n  input [2]\n  dense(3)\n}', codes: ['DL212'], layers: ['dense'] },
  { name: 'train key without :', text: 'train {\n  loss cross_entropy\n  epochs: 3\n}', codes: ['DL213'] },
  { name: 'train key model without :', text: 'train {\n  model Spirals\n  epochs: 3\n}', codes: ['DL213'] },
  { name: 'repeat without a block', text: wrap('  repeat 2 dense(3)\n  relu()'), codes: ['DL214'], layers: ['dense', 'relu'] },
  { name: 'model without {', text: 'model M\n  input [2]\n  dense(3)\n}\nmodel N { input [1]; relu() }', codes: ['DL214'], layers: ['dense', 'relu'] },
  // An orphan shortcut's block is checked for its own errors but kept as an error node.
  { name: 'shortcut without residual', text: wrap('  shortcut { dense(3) }\n  relu()'), codes: ['DL215'], layers: ['relu'] },
  { name: 'shortcut after a non-residual', text: wrap('  repeat 2 { dense(3) } shortcut { tanh() }\n  relu()'), codes: ['DL215'], layers: ['dense', 'relu'] },
  { name: 'errors inside an orphan shortcut are still reported', text: wrap('  shortcut { dense 3 }\n  relu()'), codes: ['DL215', 'DL218'], layers: ['relu'] },
  { name: 'input without a shape', text: 'model M {\n  input 2\n  dense(3)\n}', codes: ['DL216'], layers: ['dense'] },
  { name: 'non-integer shape', text: 'model M {\n  input [2.5]\n  dense(3)\n}', codes: ['DL217'], layers: ['dense'] },
  { name: 'non-integer repeat count', text: wrap('  repeat 2.5 { dense(3) }\n  relu()'), codes: ['DL217'], layers: ['dense', 'relu'] },
  { name: 'missing repeat count', text: wrap('  repeat { dense(3) }\n  relu()'), codes: ['DL217'], layers: ['dense', 'relu'] },
  { name: 'layer without (', text: wrap('  dense 16\n  relu()'), codes: ['DL218'], layers: ['dense', 'relu'] },
  { name: 'layer without () at all', text: wrap('  flatten\n  relu()'), codes: ['DL218'], layers: ['flatten', 'relu'] },
  { name: 'unexpected character', text: wrap('  dense(3) @\n  relu()'), codes: ['DL101'], layers: ['dense', 'relu'] },
  { name: 'C-style comment', text: wrap('  // no\n  relu()'), codes: ['DL101'], layers: ['relu'] },
  { name: 'unterminated string swallowing the )', text: 'train {\n  data: csv("a.csv)\n  loss: mse\n}', codes: ['DL102'] },
  { name: 'malformed number', text: wrap('  dense(1__6)\n  relu()'), codes: ['DL103'], layers: ['dense', 'relu'] },
  { name: 'missing { with the body indented, } at the owner indentation', text: wrap('  residual\n    dense(2)\n    relu()\n  } shortcut {\n    tanh()\n  }\n  softmax()'), codes: ['DL214'], layers: ['dense', 'relu', 'tanh', 'softmax'] },
  { name: 'missing { and } with the body indented', text: wrap('  repeat 2\n    dense(2)\n    relu()\n  softmax()'), codes: ['DL214'], layers: ['dense', 'relu', 'softmax'] },
  { name: 'missing , in a multi-line call', text: wrap('  head = dense(\n    10\n    activation: relu,\n  )\n  relu()'), codes: ['DL201'], layers: ['dense', 'relu'] },
  { name: 'only the first recovery error of a statement', text: wrap('  dense(3,, 4,, 5 6)\n  relu()'), codes: ['DL204'], layers: ['dense', 'relu'] },
  { name: 'a stray { at the end of a line', text: 'model M {{\n  input [2]\n  dense(3)\n}', codes: ['DL209'], layers: ['dense'] },
  { name: 'junk brackets do not swallow the shape', text: 'model M {\n  input [(8]\n  dense(3)\n}', codes: ['DL204'], layers: ['dense'] },
  { name: 'lexical errors inside top-level junk are not repeated', text: 'oops 1__0 @ "open\nmodel M { input [2]; relu() }', codes: ['DL205'], layers: ['relu'] },
  { name: 'truncated in a call', text: 'model M {\n  input [2]\n  dense(16,', codes: ['DL201'], layers: ['dense'] },
  { name: 'truncated after a key', text: 'train {\n  loss:', codes: ['DL204'] },
  { name: 'a named argument without a value at the end of a line', text: wrap('  dense(4, activation:\n  dense(3)'), codes: ['DL204'], layers: ['dense', 'dense'] },
  { name: 'a named argument without a value before a named layer', text: wrap('  dense(4, activation:\n  out = dense(3)'), codes: ['DL204'], layers: ['dense', 'dense'] },
];

for (const c of recoveryCases) {
  test(`recovery: ${c.name}`, () => {
    const result = parseChecked(c.text);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      c.codes,
      result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'),
    );
    if (c.layers) assert.deepEqual(layers(result.file), c.layers);
  });
}

test('a missing ) is reported right after the last token of the call, pointing at its (', () => {
  const text = wrap('  dense(16, activation: relu   # comment\n  dense(3)');
  const [diagnostic] = parseChecked(text).diagnostics;
  const end = text.indexOf('relu') + 4;
  assert.deepEqual(diagnostic?.range, { start: end, end });
  assert.equal(diagnostic?.related?.[0]?.range.start, text.indexOf('('));
});

test('a named argument left without a value does not take the next entry of a train block', () => {
  const { file, diagnostics } = parseChecked('train {\n  optimizer: adam(lr:\n  loss: mse\n}\n');
  assert.deepEqual(diagnostics.map((d) => d.code), ['DL204']);
  assert.deepEqual((file.items[0] as TrainDeclaration).body?.items.map((e) => (e.kind === 'TrainEntry' ? e.key.text : e.kind)), ['optimizer', 'loss']);
});

test('a call left open at the end of a line covers the blanks after its last token', () => {
  // An editor's cursor typed there must still be inside the call; the diagnostic stays at the token.
  for (const rest of ['', '\n}\n', '\n  dense(3)\n}\n']) {
    const text = `model M {\n  input [2]\n  dense(4, activation:   ${rest}`;
    const result = parseChecked(text);
    const call = ((result.file.items[0] as ModelDeclaration).body?.items[1] as LayerStatement).call;
    assert.equal(call?.closed, false);
    assert.equal(call?.range.end, text.indexOf(':   ') + 4, JSON.stringify(rest));
    assert.equal(result.diagnostics[0]?.range.start, text.indexOf(':   ') + 1);
  }
  const commented = parseChecked(wrap('  dense(4,  # units first'));
  const call = ((commented.file.items[0] as ModelDeclaration).body?.items[1] as LayerStatement).call;
  assert.equal(call?.range.end, wrap('  dense(4,  # units first').indexOf('#'), 'a comment is not covered');
});

test('a missing } is reported after the block, pointing at its {', () => {
  const text = 'model A {\n  input [2]\n  dense(3)\n\nmodel B { input [2]; relu() }';
  const [diagnostic] = parseChecked(text).diagnostics;
  const end = text.indexOf('dense(3)') + 8;
  assert.deepEqual(diagnostic?.range, { start: end, end });
  assert.equal(diagnostic?.related?.[0]?.range.start, text.indexOf('{'));
});

test('DL206 points back at the first input; DL208 marks the model name', () => {
  const text = wrap('  input [3]');
  const [duplicate] = parseChecked(text).diagnostics;
  assert.equal(duplicate?.code, 'DL206');
  assert.equal(duplicate?.related?.[0]?.range.start, text.indexOf('input'));
  const missing = parseChecked('model Net {\n  dense(3)\n}').diagnostics[0];
  assert.deepEqual(missing?.range, { start: 6, end: 9 });
});

test('shortcut on the line after the residual block belongs to it', () => {
  const text = wrap('  residual {\n    dense(2)\n  }\n  shortcut {\n    relu()\n  }\n  tanh()');
  const result = parseChecked(text);
  assert.deepEqual(result.diagnostics, []);
  const residual = (result.file.items[0] as ModelDeclaration).body?.items[1];
  assert.equal(residual?.kind, 'Residual');
  assert.equal(residual?.kind === 'Residual' && residual.shortcut?.body?.items.length, 1);
  assert.deepEqual(layers(result.file), ['dense', 'relu', 'tanh']);
});

test('; separates statements and entries, and multi-line calls need no continuation mark', () => {
  const text = 'model M { input [2]; dense(\n    16,\n    activation: relu,\n  ); dense(3) }\ntrain { loss: mse; epochs: 3 }';
  const result = parseChecked(text);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(layers(result.file), ['dense', 'dense']);
});

test('a train block ends at a new declaration that shows its {', () => {
  const result = parseChecked('train {\n  loss: mse\nmodel M {\n  input [2]\n  dense(1)\n}');
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['DL203']);
  assert.deepEqual(result.file.items.map((i) => i.kind), ['Train', 'Model']);
});

test('at the top level a declaration may span lines', () => {
  const result = parseChecked('model\n  Net\n{\n  input [2]\n  relu()\n}\ntrain\nquick\n{ loss: mse }');
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.file.items.map((i) => (i.kind === 'Model' || i.kind === 'Train' ? i.name?.text : i.kind)),
    ['Net', 'quick'],
  );
});

test('long runs of blank lines anywhere never trip the step guard', () => {
  const gap = '\n'.repeat(30_000);
  for (const text of [
    `model${gap}Net${gap}{${gap}input [2]${gap}residual { relu() }${gap}shortcut { relu() }${gap}repeat 2${gap}{ relu() }${gap}dense(${gap}3${gap},${gap})${gap}}`,
    `train${gap}quick${gap}{${gap}loss: mse${gap}}`,
    `model M {\n  input [2]\n  dense(3,${gap}`,
  ]) {
    parseChecked(text);
  }
});

test('comments are kept in order', () => {
  const { file } = parseChecked('# one\nmodel M { # two\n  input [2] # three\n}\n#four');
  assert.deepEqual(file.comments.map((c) => c.text), [' one', ' two', ' three', 'four']);
});

test('a flood of errors is capped', () => {
  const result = parseChecked(wrap('  @ 1\n'.repeat(1000)));
  assert.ok(result.diagnostics.length <= 200);
});

test('input is a value inside a call (from: input, concat(input, …)) but still ends a call that lacks its )', () => {
  const read = parseChecked(wrap('  a = dense(4, from: input)\n  concat(input, a)'));
  assert.deepEqual(read.diagnostics, []);
  const values = allNodes(read.file).filter((n) => n.kind === 'Name').map((n) => (n as { text: string }).text);
  assert.deepEqual(values, ['input', 'input', 'a']);
  // `input [2]` on the next line is the input statement, not a value: the unclosed call ends before it.
  const broken = parseChecked('model M {\n  dense(4,\n  input [2]\n  dense(3)\n}\n');
  assert.deepEqual(broken.diagnostics.map((d) => d.code), ['DL201', 'DL207']);
  assert.deepEqual(layers(broken.file), ['dense', 'dense']);
});
