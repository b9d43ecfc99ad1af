// The Fit tab's data: the curve is the network's eval forward at xs, the target is the function,
// and the hidden units' contributions plus the output bias add up to the curve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitRecorder, LatentRecorder, recordsFit } from '../../../core/train';
import { isLatentData } from '../../../protocol/validate-run-record';
import { planText, startRun } from '../../helpers/training';

const oneHidden = (activation: string, tail = '') => `model Fit {
  input [1]
  dense(12, activation: ${activation})
  dense(1)${tail}
}
train {
  data: function("sin(3*x)", from: -3, to: 3, points: 200, noise: 0)
  loss: mse
  optimizer: adam(lr: 0.01)
  epochs: 3
  seed: 1
}`;

test('the curve equals forwardEval at xs; the target is sin(3x); units + bias = curve', () => {
  const run = startRun(planText(oneHidden('tanh')));
  assert.ok(recordsFit(run));
  const recorder = new FitRecorder(run, { resolution: 41 });
  for (const event of run.events()) if (event.type === 'epoch') recorder.capture(event.epoch);
  const data = recorder.snapshot();
  assert.equal(data.xs.length, 41);
  assert.equal(data.expression, 'sin(3*x)');
  assert.equal(data.layer, 'dense_1');
  data.xs.forEach((x, i) => assert.ok(Math.abs(data.target![i]! - Math.sin(3 * x)) < 1e-4));
  // Independently: one eval forward at the same inputs with the final weights.
  const expected = run.forwardEval(Float32Array.from(data.xs), data.xs.length, (r) => Array.from(r.output.data));
  const last = data.frames.at(-1)!;
  assert.equal(data.frames.length, 3);
  last.curve.forEach((y, i) => assert.ok(Math.abs(y - expected[i]!) <= 1e-4 * Math.max(1, Math.abs(expected[i]!)), `x=${data.xs[i]}: ${y} vs ${expected[i]}`));
  assert.equal(last.units.length, 12);
  for (let i = 0; i < data.xs.length; i++) {
    const sum = last.units.reduce((total, unit) => total + unit[i]!, last.bias!);
    assert.ok(Math.abs(sum - last.curve[i]!) < 1e-3, `x=${data.xs[i]}: ${sum} vs ${last.curve[i]}`);
  }
  assert.equal(data.points.length, 2 * run.data.train.count, "every training point (160 after the split)");
});

test('no unit picture when the output has an activation; the latent snapshot carries the fit and passes its guard', () => {
  const run = startRun(planText(oneHidden('relu', '\n  tanh()')));
  const recorder = new LatentRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch' && recorder.records(event.epoch)) recorder.capture(event.epoch);
  const snapshot = JSON.parse(JSON.stringify(recorder.snapshot())) as unknown;
  assert.ok(isLatentData(snapshot));
  assert.equal(snapshot.fit?.layer, null);
  assert.ok(snapshot.fit?.frames.every((f) => f.units.length === 0 && f.bias === null));
  assert.equal(snapshot.predictions, undefined);
});
