// What checking costs on hostile input (issue 9): `repeat` costs the size of its body, not its
// count; the layer limit is per document; every document has a budget; counts are exact. Costs
// are the checker's own work counter (`analysis.work`), never the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument, type DocumentAnalysis } from '../../../core/analysis';
import { extraWorkUnits, maxExpandedLayers } from '../../../core/analysis/analysis-budget';
import type { Diagnostic } from '../../../core/common/diagnostic';

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => d.code);
const model = (body: string, input = '[4]'): string => `model M {\n  input ${input}\n${body}\n}\n`;

/** Work of the same document with the repeat count `count`, for count ratios. */
function workFor(template: (count: string) => string, count: string): DocumentAnalysis {
  return checkDocument(template(count));
}

test('a repeat whose body yields no layer costs its body once, whatever the count', () => {
  for (const body of ['activation(16)', '', 'dense', 'foo(3) bar baz(', '== ) ]']) {
    const text = (count: string) => model(`  repeat ${count} { ${body} }`);
    const reference = workFor(text, '1');
    for (const count of ['1000000', '1000000000', '99999999999999999999']) {
      const big = workFor(text, count);
      assert.ok(big.work <= 2 * reference.work + 2, `repeat ${count} { ${body} }: work ${big.work}, against ${reference.work} for repeat 1`);
      assert.deepEqual(codes(big.diagnostics), codes(reference.diagnostics), body);
    }
  }
});

test('repeat 1000000 { activation(16) } reports the unknown layer once and stays cheap', () => {
  const analysis = checkDocument(model('  repeat 1000000 { activation(16) }'));
  assert.deepEqual(codes(analysis.diagnostics), ['DL301']);
  assert.ok(analysis.work <= 10, `work ${analysis.work}`);
});

test('40 nested repeat 2 blocks, unterminated, cost each level a few times, not 2^40', () => {
  const analysis = checkDocument(model('repeat 2 {\n'.repeat(40)).replace(/\n}\n$/, '\n'));
  assert.ok(codes(analysis.diagnostics).includes('DL203'));
  assert.ok(analysis.work <= 40 * 3, `work ${analysis.work}`);
});

test('40 nested repeat 2 around a layer stop at the layer limit with one DL306', () => {
  const text = model(`${'repeat 2 {\n'.repeat(40)}dense(4)\n${'}\n'.repeat(40)}`);
  const analysis = checkDocument(text);
  const limits = analysis.diagnostics.filter((d) => d.code === 'DL306');
  assert.equal(limits.length, 1, limits.map((d) => d.message).join('\n'));
  assert.match(limits[0]!.message, /more than 100,000 layers/);
  assert.ok(analysis.models[0]!.layers.length <= maxExpandedLayers);
  assert.ok(analysis.work <= 2 * maxExpandedLayers, `work ${analysis.work}`);
});

test('a broken file with repeat 1000000000 costs what repeat 1 costs', () => {
  // Like the 309-byte file of issue 9: a repeat whose body is mostly syntax errors.
  const broken = (count: string) => `model Broken {\n  input [3, 32, 32]\n  repeat ${count} {\n    conv2d(16, 3, padding: same activation: relu\n    maxpool2d(2\n    dense(, 10)\n    residual { relu( } shortcut {\n    foo = bar(1, 2\n    ]]] )))\n  }\n  flatten()\n  dense(10)\n}\ntrain {\n  data: spirals(\n  loss: mse\n}\n`;
  const reference = workFor(broken, '1');
  const big = workFor(broken, '1000000000');
  assert.ok(big.work <= 3 * reference.work, `work ${big.work}, against ${reference.work} for repeat 1`);
});

test('100 models of repeat 1000000000 { dense(2) } each get a DL306 without expanding', () => {
  const text = Array.from({ length: 100 }, (_, i) => `model M${i} {\n  input [2]\n  repeat 1000000000 { dense(2) }\n}\n`).join('');
  const analysis = checkDocument(text);
  assert.equal(analysis.diagnostics.filter((d) => d.code === 'DL306').length, 100);
  assert.ok(analysis.work <= 100 * 5, `work ${analysis.work}`);
  assert.ok(analysis.models.every((m) => m.layers.length === 1));
});

test('the 100,000-layer limit is per document: a second model that passes it is reported', () => {
  const one = 'model A {\n  input [4]\n  repeat 60000 { relu() }\n}\n';
  assert.deepEqual(codes(checkDocument(one).diagnostics), []);
  const analysis = checkDocument(one + one.replace('model A', 'model B'));
  const limit = analysis.diagnostics.find((d) => d.code === 'DL306');
  assert.ok(limit);
  assert.match(limit.message, /expands this document to more than 100,000 layers \(1 per copy, 60,000 before it\)/);
  assert.equal(analysis.models[0]!.layers.length, 60000);
});

test('copies after a fixed point are clones, equal to writing the copies out', () => {
  const body = 'residual {\n    dense(8, activation: relu)\n    dense(8)\n  }\n  layernorm()\n';
  const repeated = checkDocument(model(`  repeat 50 {\n  ${body}}\n  dense(2)`, '[8]'));
  const written = checkDocument(model(`${`  ${body}`.repeat(50)}  dense(2)`, '[8]'));
  assert.deepEqual(codes(repeated.diagnostics), []);
  const view = (a: DocumentAnalysis) => a.models[0]!.layers.map((l) => [l.name, l.kind, l.inputShape, l.outputShape, l.trainableParams, l.paramFormula]);
  assert.deepEqual(view(repeated), view(written));
  // The cloned graph reads the same values: each node by its layer's name and its inputs' names.
  const graphView = (a: DocumentAnalysis): unknown[] => {
    const { nodes, output } = a.models[0]!.graph;
    const nameOf = (value: number): string => nodes[value]?.layer.name ?? 'input';
    return [...nodes.map((node) => [node.layer.name, node.inputs.map(nameOf)]), nameOf(output)];
  };
  assert.deepEqual(graphView(repeated), graphView(written));
  assert.equal(repeated.models[0]!.totalParams, written.models[0]!.totalParams);
  // Copy numbers still count through the repeat: 0…49 for each statement of the body.
  const sums = repeated.models[0]!.layers.filter((l) => l.kind === 'add');
  assert.deepEqual(sums.map((l) => l.copy), Array.from({ length: 50 }, (_, i) => i));
});

test('a cloned copy costs one unit per layer, not one per statement of the body', () => {
  // 21 statements per copy, one of them a layer: 1,000 analysed copies would cost 21,000 units.
  const text = (count: string) => model(`  repeat ${count} { relu()${' repeat 1 { }'.repeat(20)} }`);
  const analysis = checkDocument(text('1000'));
  assert.equal(analysis.models[0]!.layers.length, 1000);
  assert.ok(analysis.work <= 2 * 21 + 1000 + 5, `work ${analysis.work}`);
});

test('nested repeats number their copies through both levels after cloning', () => {
  const layers = checkDocument(model('  repeat 3 { repeat 2 { dense(4) } relu() }')).models[0]!.layers;
  assert.deepEqual(layers.filter((l) => l.kind === 'dense').map((l) => [l.name, l.copy, l.copies]), [
    ['dense_1', 0, 6], ['dense_2', 1, 6], ['dense_3', 2, 6], ['dense_4', 3, 6], ['dense_5', 4, 6], ['dense_6', 5, 6],
  ]);
  assert.deepEqual(layers.filter((l) => l.kind === 'relu').map((l) => [l.name, l.copy]), [['relu_1', 0], ['relu_2', 1], ['relu_3', 2]]);
});

test('a repeat whose shape changes every copy analyses each copy and keeps every shape', () => {
  const analysis = checkDocument(model('  repeat 5 { conv2d(4, 3) }', '[4, 32, 32]'));
  assert.deepEqual(analysis.models[0]!.layers.map((l) => l.outputShape), [[4, 30, 30], [4, 28, 28], [4, 26, 26], [4, 24, 24], [4, 22, 22]]);
});

test('an embedding first in a repeat is checked in the second copy too (only the first reads the input)', () => {
  const analysis = checkDocument(model('  repeat 3 { embedding(10, 4) }', '[8]'));
  assert.deepEqual(codes(analysis.diagnostics), ['DL406']);
});

test('a generated name in a cloned copy still collides with a written one', () => {
  const analysis = checkDocument(model('  repeat 5 { relu() }\n  relu_4 = dense(2)'));
  assert.deepEqual(codes(analysis.diagnostics), ['DL307']);
});

test('a document that needs more work than its budget stops with one clear error per model', () => {
  // Every copy grows the shape, so no copy can be cloned, and each visits 21 statements.
  const cheap = ' repeat 1 { }'.repeat(20);
  const first = `model Grows {\n  input [1, 1, 1]\n  repeat 99999 { conv2d(1, 1, padding: 1)${cheap} }\n}\n`;
  const text = `${first}model Later {\n  input [2]\n  dense(2)\n}\n`;
  const analysis = checkDocument(text);
  const stopped = analysis.diagnostics.find((d) => d.code === 'DL306');
  assert.ok(stopped);
  assert.match(stopped.message, /analysis budget of [\d,]+ steps ran out/);
  assert.equal(text.slice(stopped.range.start, stopped.range.end), '99999');
  const later = analysis.diagnostics.find((d) => d.code === 'DL106');
  assert.ok(later, codes(analysis.diagnostics).join(' '));
  assert.match(later.message, /Model Later was not checked/);
  assert.ok(analysis.work <= text.length + extraWorkUnits + 10, `work ${analysis.work}`);
});

test('parameter counts past 2^53 are exact', () => {
  const analysis = checkDocument(model('  dense(3002399751580331)', '[2]'));
  assert.deepEqual(codes(analysis.diagnostics), []);
  const m = analysis.models[0]!;
  // 2·n + n = 9007199254740993 = 2^53 + 1, which a number rounds to …992.
  assert.equal(m.trainableParams, 9007199254740993n);
  assert.equal(m.layers[0]!.trainableParams, 9007199254740993n);
  assert.equal(m.parameterBytes, 4n * 9007199254740993n);
  assert.equal(m.macs, 2n * 3002399751580331n);
});

test('integers too large to hold exactly are refused, not rounded', () => {
  const analysis = checkDocument(model('  dense(9007199254740993)', '[2]'));
  assert.deepEqual(codes(analysis.diagnostics), ['DL306']);
  assert.match(analysis.diagnostics[0]!.message, /at most 9,007,199,254,740,991 \(2\^53 − 1\)/);
  assert.deepEqual(codes(checkDocument(model('  dense(2)', '[99999999999999999999]')).diagnostics), ['DL407']);
  assert.deepEqual(codes(checkDocument(model('  flatten()', '[100000000, 100000000]')).diagnostics), ['DL407']);
});

test('a layer whose output has more than 2^53 values per sample is refused (DL408)', () => {
  const analysis = checkDocument(model('  dense(100000000)\n  dense(2)', '[100000000, 1]'));
  assert.deepEqual(codes(analysis.diagnostics), ['DL408']);
  assert.equal(analysis.models[0]!.output, undefined);
});

test('an unterminated function(" string gives a DL305 range with start ≤ end', () => {
  for (const text of ['train { data: function("', 'train { data: function("sin(', 'model M {\n  input [1]\n  dense(1)\n}\ntrain {\n  data: function("x +']) {
    for (const d of checkDocument(text).diagnostics) {
      assert.ok(d.range.start <= d.range.end, `${JSON.stringify(text)}: ${d.code} ${d.range.start}–${d.range.end}`);
      assert.ok(d.range.end <= text.length);
    }
  }
});

test('the list of models in DL309 is capped', () => {
  const models = Array.from({ length: 500 }, (_, i) => `model Model${i} {\n  input [2]\n  dense(2)\n}\n`).join('');
  const analysis = checkDocument(`${models}train {\n  model: Nope\n  data: xor()\n  loss: cross_entropy\n  optimizer: adam()\n}\n`);
  const unknown = analysis.diagnostics.find((d) => d.code === 'DL309');
  assert.ok(unknown);
  assert.match(unknown.message, /Model19, … and 480 more\)$/);
});
