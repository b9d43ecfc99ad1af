// DL423: a train block whose model has no trainable parameter. Before it, such a run crashed
// with "internal error: backward: root does not depend on any tensor that requires a gradient".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { planTraining } from '../../../core/train';

const withLayers = (layers: string): string => `model M {\n  input [2]\n${layers}\n}\ntrain {\n  data: xor()\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01)\n  epochs: 1\n}\n`;
const codes = (text: string): string[] => checkDocument(text).diagnostics.map((d) => `${d.code} ${d.message}`);

test('every layer with weights frozen is DL423, naming them and pointing at each', () => {
  const text = withLayers('  dense(8, activation: relu, trainable: false)\n  dropout(0.1)\n  dense(2, trainable: false)');
  const [problem, ...rest] = checkDocument(text).diagnostics;
  assert.deepEqual(rest, []);
  assert.equal(problem?.code, 'DL423');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /^Every layer with weights in model M is frozen \(trainable: false on dense_1, dense_2\), so training has nothing to update/);
  assert.deepEqual(problem.related?.map((r) => text.slice(r.range.start, r.range.end)), ['dense(8, activation: relu, trainable: false)', 'dense(2, trainable: false)']);
  const planned = planTraining(checkDocument(text));
  assert.equal(planned.ok, false, 'the run is refused before it starts');
});

test('a model without parameters is DL423; one trainable layer, or no train block, is clean', () => {
  assert.match(codes(withLayers('  softmax()'))[0] ?? '', /^DL423 Model M has no parameters, so training has nothing to update — add a layer with weights/);
  assert.deepEqual(codes(withLayers('  dense(8, activation: relu, trainable: false)\n  dense(2)')), []);
  assert.deepEqual(codes('model M {\n  input [2]\n  dense(2, trainable: false)\n}\n'), []);
  // A model that could not be inferred is not judged (its counts are unknown).
  assert.deepEqual(codes(withLayers('  dense(2, trainable: false)\n  conv2d(3, 3)')).filter((c) => c.startsWith('DL423')), []);
});
