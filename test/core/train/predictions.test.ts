// The Predictions tab's data, recorded on a real run: its numbers are classificationReport's on the
// validation split's predictions, computed here independently in one forward pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatentRecorder, PredictionRecorder, recordsPredictions, type TrainingRun } from '../../../core/train';
import { classificationReport } from '../../../core/inspect/classification-metrics';
import { lossScores } from '../../../core/nn/losses';
import { isLatentData } from '../../../protocol/validate-run-record';
import { countRows, planFile, planText, startRun } from '../../helpers/training';

/** The validation split's softmax probabilities in one eval forward pass over the whole split. */
function validationSoftmax(run: TrainingRun): Float64Array {
  const validation = run.data.validation;
  return run.forwardEval(validation.inputs, validation.count, (result) => {
    const scores = lossScores(run.plan.loss, result).data;
    const k = scores.length / validation.count;
    const out = new Float64Array(scores.length);
    for (let r = 0; r < validation.count; r++) {
      const row = Array.from(scores.subarray(r * k, (r + 1) * k));
      const max = Math.max(...row);
      const z = row.reduce((sum, s) => sum + Math.exp(s - max), 0);
      row.forEach((s, j) => (out[r * k + j] = Math.exp(s - max) / z));
    }
    return out;
  });
}

test('digits MLP: each recorded frame is classificationReport on the validation predictions', () => {
  const run = startRun(planFile('examples/digits-mlp.dlmodel', { epochs: 3 }));
  assert.ok(recordsPredictions(run));
  const recorder = new PredictionRecorder(run, { chunk: 100 });
  const validation = run.data.validation;
  assert.equal(validation.targetKind, 'classes');
  for (const event of run.events()) {
    if (event.type !== 'epoch') continue;
    recorder.capture(event.epoch);
    const frame = recorder.snapshot().frames.at(-1)!;
    const expected = classificationReport({ probabilities: validationSoftmax(run), labels: validation.targets, classes: 10 });
    assert.deepEqual(frame.confusion, expected.confusion, `epoch ${event.epoch}`);
    assert.equal(frame.confusion.flat().reduce((a, b) => a + b, 0), validation.count);
    frame.perClass.forEach((m, c) => {
      assert.ok(Math.abs(m.f1 - expected.perClass[c]!.f1) < 1e-3);
      assert.equal(m.support, expected.perClass[c]!.support);
    });
    assert.ok(Math.abs(frame.expectedCalibrationError - expected.expectedCalibrationError) < 1e-3);
    assert.deepEqual(frame.mistakes.map((m) => m.index), expected.confidentMistakes.map((m) => m.index));
    // The accuracy is the epoch event's validation accuracy.
    assert.ok(Math.abs(frame.accuracy - event.valAccuracy!) < 1e-3, `${frame.accuracy} vs ${event.valAccuracy}`);
  }
  const data = recorder.snapshot();
  assert.equal(data.validationCount, 360);
  assert.equal(data.examples.kind, 'image');
  assert.equal(data.examples.kind === 'image' && data.examples.width, 8);
  assert.equal(data.examples.labels.length, 360, 'digits fit the pool whole');
  assert.equal(data.frames.length, 3);
  assert.ok(data.frames.every((f) => f.entropy !== null && f.entropy > 0 && f.entropy < Math.log(10)));
});

test('the latent recorder carries predictions for classifiers only, and the guard accepts them', () => {
  const run = startRun(planFile('examples/moons.dlmodel', { epochs: 2 }));
  const recorder = new LatentRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch' && recorder.records(event.epoch)) recorder.capture(event.epoch);
  const snapshot = JSON.parse(JSON.stringify(recorder.snapshot())) as unknown;
  assert.ok(isLatentData(snapshot));
  assert.equal(snapshot.predictions?.frames.length, 2);
  assert.equal(snapshot.predictions?.examples.kind, 'row');
  assert.equal(snapshot.fit, undefined);
  // A broken confusion matrix (a row too short) is refused.
  const broken = structuredClone(snapshot) as unknown as { predictions: { frames: { confusion: number[][] }[] } };
  broken.predictions.frames[0]!.confusion[0]!.pop();
  assert.ok(!isLatentData(broken));
});

test('a binary classifier with one sigmoid output gets two-class predictions', () => {
  const plan = planText(`model M {
  input [2]
  dense(8, activation: tanh)
  dense(1, activation: sigmoid)
}
train {
  data: moons(points: 200)
  loss: binary_cross_entropy
  optimizer: adam(lr: 0.01)
  epochs: 2
}`);
  const run = startRun(plan);
  assert.ok(recordsPredictions(run));
  const recorder = new PredictionRecorder(run);
  recorder.capture(0);
  const frame = recorder.snapshot().frames[0]!;
  assert.equal(frame.confusion.length, 2);
  assert.equal(frame.confusion.flat().reduce((a, b) => a + b, 0), run.data.validation.count);
});

test('regression runs record no predictions', () => {
  const run = startRun(planFile('examples/function-fit.dlmodel', { epochs: 1 }));
  assert.equal(recordsPredictions(run), false);
});

test('a text model scored on every position (targets: all) gets one row per position', () => {
  const run = startRun(planFile('test/fixtures/export/char-positions.dlmodel', { epochs: 1 }));
  const validation = run.data.validation;
  assert.ok(validation.targetKind === 'classes' && validation.positions === 8);
  assert.ok(recordsPredictions(run));
  const recorder = new PredictionRecorder(run);
  recorder.capture(1);
  const data = recorder.snapshot();
  const frame = data.frames[0]!;
  assert.equal(data.validationCount, validation.count * 8);
  assert.equal(frame.confusion.flat().reduce((a, b) => a + b, 0), validation.count * 8);
  assert.equal(data.examples.kind, 'tokens');
  assert.ok(data.examples.kind === 'tokens' && data.examples.positions === 8 && data.examples.featureNames !== undefined);
  assert.equal(frame.predicted.length, data.examples.labels.length);
  assert.ok(isLatentData(JSON.parse(JSON.stringify({ layers: [], targets: { kind: 'values', values: [] }, projections: [], inputPlane: null, predictions: data }))));
});

test('one forward pass over the validation split per epoch: the recorder reads the evaluation’s scores', () => {
  const plan = planFile('examples/digits-mlp.dlmodel', { epochs: 3 });
  /** Rows the network forwards in a run whose recorder captures every epoch, and its frames. */
  const recordEveryEpoch = (recorder: (run: TrainingRun) => PredictionRecorder | undefined) => {
    const run = startRun(plan);
    const counter = countRows(run);
    const predictions = recorder(run);
    for (const event of run.events()) if (event.type === 'epoch') predictions?.capture(event.epoch);
    return { rows: counter.rows, validation: run.data.validation.count, frames: predictions?.snapshot().frames };
  };
  const training = recordEveryEpoch(() => undefined);
  const ownPass = recordEveryEpoch((run) => new PredictionRecorder(run));
  const handed = recordEveryEpoch((run) => new PredictionRecorder(run, {}, () => true));
  const perEpoch = (rows: number): number => (rows - training.rows) / training.validation / 3;
  assert.equal(perEpoch(ownPass.rows), 1, 'a recorder of its own forwards the validation split once more per epoch');
  assert.equal(perEpoch(handed.rows), 0, 'a recorder handed the scores forwards nothing');
  assert.deepEqual(handed.frames, ownPass.frames, 'the same numbers either way');
});
