// Names inside `repeat` (local to each copy) and `repeat N as x` (x = each copy's input): a DenseNet
// dense block written as one repeat, nested repeats, and the diagnostics of the construct.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument, type DocumentAnalysis } from '../../../core/analysis';
import { modelInputValue } from '../../../core/analysis/summary';

const model = (body: string, input = '[8, 4, 4]'): string => `model M {\n  input ${input}\n${body}\n}\n`;
const codes = (analysis: DocumentAnalysis): string[] => analysis.diagnostics.map((d) => d.code);

function graphOf(analysis: DocumentAnalysis): string[] {
  const { nodes, output } = analysis.models[0]!.graph;
  const nameOf = (value: number): string => (value === modelInputValue ? 'input' : nodes[value]!.layer.name);
  return [...nodes.map((n) => `${n.layer.name} <- ${n.inputs.map(nameOf).join(', ')}`), `output ${nameOf(output)}`];
}

const denseBlock = model(`  repeat 3 as x {
    batchnorm()
    relu()
    new = conv2d(2, 3, padding: 1, bias: false)
    concat(x, new)
  }`);

test('repeat as x: each copy concatenates its own input with its own new features', () => {
  const analysis = checkDocument(denseBlock);
  assert.deepEqual(codes(analysis), []);
  const m = analysis.models[0]!;
  assert.deepEqual(m.output, [14, 4, 4]);
  assert.deepEqual(graphOf(analysis), [
    'batchnorm_1 <- input', 'relu_1 <- batchnorm_1', 'new_1 <- relu_1', 'concat_1 <- input, new_1',
    'batchnorm_2 <- concat_1', 'relu_2 <- batchnorm_2', 'new_2 <- relu_2', 'concat_2 <- concat_1, new_2',
    'batchnorm_3 <- concat_2', 'relu_3 <- batchnorm_3', 'new_3 <- relu_3', 'concat_3 <- concat_2, new_3',
    'output concat_3',
  ]);
  // conv weights 2·C·9 for C = 8, 10, 12; batchnorm 2C trainable + 2C running statistics.
  assert.equal(m.trainableParams, BigInt(2 * 9 * (8 + 10 + 12) + 2 * (8 + 10 + 12)));
  assert.equal(m.nonTrainableParams, BigInt(2 * (8 + 10 + 12)));
  // A name read in every copy is one reference (rename and find-references see one place).
  assert.equal(m.references.filter((r) => r.name === 'x').length, 1);
});

test('a nested repeat reads its outer copy\'s names; each inner copy has its own', () => {
  const text = model(`  repeat 2 as outer {
    repeat 2 as inner {
      h = conv2d(8, 1)
      add(inner, h)
    }
    y = relu()
    add(outer, y)
  }`);
  const analysis = checkDocument(text);
  assert.deepEqual(codes(analysis), []);
  assert.deepEqual(graphOf(analysis), [
    'h_1 <- input', 'add_1 <- input, h_1', 'h_2 <- add_1', 'add_2 <- add_1, h_2', 'y_1 <- add_2', 'add_3 <- input, y_1',
    'h_3 <- add_3', 'add_4 <- add_3, h_3', 'h_4 <- add_4', 'add_5 <- add_4, h_4', 'y_2 <- add_5', 'add_6 <- add_3, y_2',
    'output add_6',
  ]);
  // The inner copy's h is gone once the inner repeat ends, even inside the outer copy.
  const outside = checkDocument(text.replace('add(outer, y)', 'add(outer, h)'));
  assert.deepEqual(codes(outside), ['DL321']);
  assert.match(outside.diagnostics[0]!.message, /^'h' is given inside the repeat at line 4: each copy has its own 'h'/);
});

test('a name inside repeat may not repeat a readable name (DL307); an unread as-name is DL322 with a fix', () => {
  assert.deepEqual(codes(checkDocument(model('  stem = conv2d(8, 1)\n  repeat 2 { stem = conv2d(8, 1) }'))), ['DL307']);
  assert.deepEqual(codes(checkDocument(model('  repeat 2 as x { x = conv2d(8, 1) }'))), ['DL322', 'DL307']);
  assert.deepEqual(codes(checkDocument(model('  repeat 2 {\n    a = conv2d(8, 1)\n    a = conv2d(8, 1)\n  }'))), ['DL307']);
  const text = model('  repeat 2 as x { conv2d(8, 1) }');
  const unread = checkDocument(text);
  assert.deepEqual(codes(unread), ['DL322']);
  const edit = unread.diagnostics[0]!.fixes![0]!.edits[0]!;
  const fixed = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  assert.match(fixed, /repeat 2 \{ conv2d\(8, 1\) \}/);
  assert.deepEqual(codes(checkDocument(fixed)), []);
});

test('a generated-looking name elsewhere collides with a copy\'s name (DL307)', () => {
  assert.deepEqual(codes(checkDocument(model('  repeat 2 { h = conv2d(8, 1) }\n  h_2 = conv2d(8, 1)'))), ['DL307']);
});

test('`as` without a name is DL212; `as` stays usable as a layer name', () => {
  assert.deepEqual(codes(checkDocument(model('  repeat 2 as { conv2d(8, 1) }'))), ['DL212']);
  assert.deepEqual(codes(checkDocument(model('  as = conv2d(8, 1)\n  conv2d(8, 1, from: as)'))), []);
});
