// The latent-space recorder: per-epoch PCA frames of every layer on the probe batch, aligned
// between epochs, and for 2-D inputs the decision over the input plane and per-unit heatmaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatentRecorder } from '../../../core/train';
import { planFile, planText, startRun } from '../../helpers/training';
import type { TrainPlan } from '../../../core/train';

function record(path: string, epochs: number, options = {}) {
  return recordPlan(planFile(path, { epochs }), options);
}

function recordPlan(plan: TrainPlan, options = {}) {
  const run = startRun(plan);
  const recorder = new LatentRecorder(run, options);
  for (const event of run.events()) if (event.type === 'epoch' && recorder.records(event.epoch)) recorder.capture(event.epoch);
  return { run, snapshot: recorder.snapshot() };
}

test('spirals: every layer gets a 2-D projection per epoch, with explained variance, and the input plane fills', () => {
  const { run, snapshot } = record('examples/spirals.dlmodel', 3);
  assert.deepEqual(snapshot.layers, ['hidden1', 'hidden2', 'dense_3', 'softmax_1']);
  assert.equal(snapshot.targets.kind, 'classes');
  assert.equal(snapshot.targets.kind === 'classes' && snapshot.targets.labels.length, run.probeCount);
  for (const projection of snapshot.projections) {
    assert.deepEqual(projection.frames.map((f) => f.epoch), [1, 2, 3]);
    for (const frame of projection.frames) {
      assert.equal(frame.points.length, 2 * run.probeCount);
      const [a, b] = frame.explainedVariance;
      assert.ok(a >= b && b >= 0 && a + b <= 1 + 1e-9, `${a}, ${b}`);
    }
  }
  const plane = snapshot.inputPlane!;
  assert.equal(plane.axes.nx * plane.axes.ny, 31 * 31);
  assert.equal(plane.points.length, 2 * run.probeCount);
  assert.equal(plane.frames.length, 3);
  const decision = plane.frames[2]!.decision;
  assert.equal(decision.kind, 'classes');
  if (decision.kind === 'classes') {
    assert.equal(decision.predicted.length, 31 * 31);
    assert.ok(decision.predicted.every((k) => k >= 0 && k < 3));
    assert.ok(decision.confidence.every((p) => p >= 1 / 3 - 1e-6 && p <= 1));
  }
  // Heatmaps for every unit of the hidden layers: 16 + 16 units; not the output dense(3) and its softmax.
  assert.deepEqual([...new Set(plane.frames[2]!.neurons.map((n) => n.layer))], ['hidden1', 'hidden2']);
  assert.equal(plane.frames[2]!.neurons.length, 32);
  assert.ok(plane.frames[2]!.neurons.every((n) => n.values.length === 31 * 31));
});

test('consecutive frames are aligned: Procrustes never moves a frame further from the previous one than PCA did', () => {
  const { snapshot } = record('examples/spirals.dlmodel', 4);
  const distance = (a: readonly number[], b: readonly number[]) => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
  for (const projection of snapshot.projections) {
    for (let i = 1; i < projection.frames.length; i++) {
      const now = projection.frames[i]!.points;
      const before = projection.frames[i - 1]!.points;
      // Flipping either axis is also orthogonal; the alignment must be at least as good as every flip.
      for (const [sx, sy] of [[1, -1], [-1, 1], [-1, -1]]) {
        const flipped = now.map((v, j) => v * (j % 2 === 0 ? sx! : sy!));
        assert.ok(distance(now, before) <= distance(flipped, before) + 1e-3, `${projection.layer} epoch ${projection.frames[i]!.epoch}`);
      }
    }
  }
});

test('a long run keeps at most maxFrames epochs, always the first and the last', () => {
  const { snapshot } = record('examples/xor.dlmodel', 40, { maxFrames: 8 });
  const epochs = snapshot.projections[0]!.frames.map((f) => f.epoch);
  assert.equal(epochs[0], 1);
  assert.equal(epochs[epochs.length - 1], 40);
  assert.ok(epochs.length <= 9, String(epochs));
});

test('heatmaps are kept in at most maxNeuronFrames frames, always including the last', () => {
  const { snapshot } = record('examples/xor.dlmodel', 40, { maxFrames: 20, maxNeuronFrames: 3 });
  const frames = snapshot.inputPlane!.frames;
  const withNeurons = frames.filter((f) => f.neurons.length > 0).map((f) => f.epoch);
  assert.ok(withNeurons.length >= 2 && withNeurons.length <= 4, String(withNeurons));
  assert.equal(withNeurons[withNeurons.length - 1], 40);
  assert.ok(frames.every((f) => f.decision.kind === 'classes' && f.decision.predicted.length === 31 * 31));
});

const wideModel = `model Wide {
  input [2]
  dense(32)
  relu()
  dense(24, activation: tanh)
  dense(3)
  softmax()
}

train {
  data: spirals(classes: 3, points: 120)
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 16
  seed: 3
}
`;

test('hidden units: from the first recorded epoch, every hidden layer (never the output), the last one kept first', () => {
  // The panel showed the output layer's units only (the 16-unit cap dropped wider layers) and
  // nothing before the first frame with heatmaps, epoch 18 of 200 in the committed fixture.
  const wide = recordPlan(planText(wideModel, { epochs: 30 }), { maxFrames: 30, maxNeuronFrames: 3 });
  const frames = wide.snapshot.inputPlane!.frames;
  assert.equal(frames[0]!.epoch, 1);
  assert.ok(frames[0]!.neurons.length > 0, 'the first recorded epoch has heatmaps');
  const layers = (frame: (typeof frames)[number]) => [...new Set(frame.neurons.map((n) => n.layer))];
  // dense(32), relu(), dense(24, tanh), dense(3), softmax(): the hidden layers are the first three,
  // each with its first 16 units; the output dense(3) and its softmax have none.
  assert.deepEqual(layers(frames[0]!), ['dense_1', 'relu_1', 'dense_2']);
  assert.deepEqual(frames[0]!.neurons.filter((n) => n.layer === 'dense_2').map((n) => n.unit), Array.from({ length: 16 }, (_, u) => u));
  // A smaller budget keeps the last hidden layer (the panel's default) whole and drops the first.
  const small = recordPlan(planText(wideModel, { epochs: 2 }), { maxNeurons: 20 }).snapshot.inputPlane!.frames[0]!;
  assert.deepEqual(layers(small), ['relu_1', 'dense_2']);
  assert.equal(small.neurons.filter((n) => n.layer === 'dense_2').length, 16);
  assert.equal(small.neurons.length, 20);
});

test('regression targets are values and the plane shows predicted values; image inputs have no plane', () => {
  const plane = record('examples/plane.dlmodel', 2).snapshot;
  assert.equal(plane.targets.kind, 'values');
  assert.equal(plane.inputPlane!.frames[1]!.decision.kind, 'values');
  const digits = record('examples/digits-mlp.dlmodel', 1).snapshot;
  assert.equal(digits.inputPlane, null);
  assert.equal(digits.projections[0]!.frames[0]!.points.length, 2 * 256);
});
