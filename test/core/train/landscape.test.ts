// The loss landscape of a trained run, as the panel and the report receive it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLandscape, PathRecorder, raceOptimizers, racePath } from '../../../core/train';
import { readParameters } from '../../../core/inspect';
import { computeLoss } from '../../../core/nn/losses';
import { tensor } from '../../../core/tensor';
import { planFile, startRun } from '../../helpers/training';

function trained(path: string, epochs: number) {
  const run = startRun(planFile(path, { epochs }));
  const recorder = new PathRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch') recorder.afterEpoch(event.epoch);
  return { run, recorder };
}

/** The loss of the run's network on its first `rows` training samples, computed directly. */
function directLoss(run: ReturnType<typeof startRun>, rows: number): number {
  const train = run.data.train;
  const input = tensor(train.inputs.slice(0, rows * train.sampleSize), [rows, ...train.sampleShape]);
  const result = run.network.forward(input, { training: false });
  const scores = run.plan.loss.name === 'cross_entropy' || run.plan.loss.name === 'binary_cross_entropy' ? result.logits : result.output;
  return computeLoss(run.plan.loss, scores.data, train.targets.subarray(0, rows), rows).value;
}

test('random plane: a symmetric 31×31 grid over [−1, 1]² whose centre is the trained loss', () => {
  const { run, recorder } = trained('examples/spirals.dlmodel', 20);
  const before = readParameters(run.network);
  const landscape = computeLandscape(run, recorder, { plane: 'random', resolution: 31 })!;
  assert.deepEqual(landscape.axes, { nx: 31, ny: 31, x: [-1, 1], y: [-1, 1] });
  assert.equal(landscape.loss.length, 31 * 31);
  const centre = landscape.loss[15 * 31 + 15]!;
  const expected = directLoss(run, Math.min(1000, run.data.train.count));
  assert.ok(Math.abs(centre - expected) <= 1e-5 * Math.abs(expected), `${centre} vs ${expected}`);
  // The trained weights sit in a valley of the plane: the centre is below the grid's mean.
  const values = landscape.loss.filter((v): v is number => v !== null);
  assert.ok(centre < values.reduce((a, b) => a + b, 0) / values.length);
  assert.deepEqual(readParameters(run.network), before, 'the network keeps its trained weights');
  // The path ends at the trained weights: (0, 0), on the plane.
  const path = landscape.paths[0]!;
  assert.equal(path.epochs[0], 0);
  assert.equal(path.epochs[path.epochs.length - 1], 20);
  assert.ok(Math.abs(path.points.at(-2)!) < 1e-6 && Math.abs(path.points.at(-1)!) < 1e-6);
  assert.ok(path.offPlane.at(-1)! < 1e-6);
  assert.equal(landscape.interpolation!.alphas.length, 61);
  assert.ok(landscape.arrows!.positions.length > 0 && landscape.arrows!.positions.length === landscape.arrows!.vectors.length);
});

test('path plane: axes cover the path, explained variance is reported, and the path starts far and ends at 0', () => {
  const { run, recorder } = trained('examples/xor.dlmodel', 20);
  const landscape = computeLandscape(run, recorder, { plane: 'path', resolution: 21 })!;
  assert.equal(landscape.plane, 'path');
  const [a, b] = landscape.explainedVariance!;
  assert.ok(a >= b && a + b <= 1 + 1e-9 && a > 0.5, `${a}, ${b}`);
  const path = landscape.paths[0]!;
  for (let i = 0; i < path.points.length; i += 2) {
    assert.ok(path.points[i]! >= landscape.axes.x[0] && path.points[i]! <= landscape.axes.x[1]);
    assert.ok(path.points[i + 1]! >= landscape.axes.y[0] && path.points[i + 1]! <= landscape.axes.y[1]);
  }
  // The interpolation's t = 1 is the trained loss, t = 0 the initial one, which is higher.
  const { alphas, loss } = landscape.interpolation!;
  assert.ok(loss[alphas.indexOf(0)]! > loss[alphas.indexOf(1)]!);
});

test('the optimizer race trains the same start with other optimizers and draws their paths on the plane', () => {
  const { run, recorder } = trained('examples/xor.dlmodel', 10);
  const others = raceOptimizers(run.plan.optimizer);
  assert.deepEqual(others.map((o) => o.name), ['sgd', 'adam', 'rmsprop'], 'the run itself is SGD with momentum 0.9');
  const race = others.map((o) => ({ name: o.name, ...racePath(run.plan, o.setting)! }));
  // Every path starts from the same initial weights.
  for (const entry of race) assert.deepEqual(entry.snapshots[0], recorder.snapshots[0]);
  const landscape = computeLandscape(run, recorder, { plane: 'path', resolution: 15, race })!;
  assert.deepEqual(landscape.paths.map((p) => p.name), ['sgd', 'sgd', 'adam', 'rmsprop']);
  const start = landscape.paths.map((p) => p.points.slice(0, 2));
  for (const s of start) assert.ok(Math.abs(s[0]! - start[0]![0]!) < 1e-4 && Math.abs(s[1]! - start[0]![1]!) < 1e-4, JSON.stringify(start));
  // Each path carries its own distance from the plane, one per recorded epoch (the panel draws them
  // all): equal at the common start, different where the optimizers went different ways.
  for (const path of landscape.paths) {
    assert.equal(path.offPlane.length, path.epochs.length, path.name);
    assert.ok(path.offPlane.every((d) => Number.isFinite(d) && d >= 0), path.name);
    assert.ok(Math.abs(path.offPlane[0]! - landscape.paths[0]!.offPlane[0]!) < 1e-4, path.name);
  }
  const ends = new Set(landscape.paths.slice(1).map((p) => p.offPlane.at(-1)!.toPrecision(3)));
  assert.equal(ends.size, landscape.paths.length - 1, `race paths end at different distances: ${[...ends].join(', ')}`);
});

test('a stop request ends the computation without a result', () => {
  const { run, recorder } = trained('examples/xor.dlmodel', 2);
  let calls = 0;
  assert.equal(computeLandscape(run, recorder, { plane: 'random', resolution: 31 }, { shouldStop: () => ++calls > 10 }), undefined);
});
