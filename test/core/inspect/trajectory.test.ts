// The optimizer-path plane: PCA of parameter snapshots, the path's coordinates, its distance from
// the plane, and the contour grid around it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLandscapeEvaluator, projectPath, readParameters, trajectoryAxes, trajectoryPlane, trajectorySurface } from '../../../core/inspect';
import { Random } from '../../../core/common/random';
import { buildNetwork, randomData, spiralsText } from './inspect-helpers';

/** θ_t = θ_final + a_t·u + b_t·v with small integers and halves, so float32 holds every value exactly. */
function planarPath(p: number, steps: number): { snapshots: Float32Array[]; final: Float32Array; u: Float32Array; v: Float32Array } {
  const random = new Random(12);
  const final = Float32Array.from({ length: p }, () => random.int(200) - 100);
  const u = Float32Array.from({ length: p }, () => random.int(7) - 3);
  const v = Float32Array.from({ length: p }, (_, k) => (k % 3) - 1 + (random.int(2) === 0 ? 0.5 : 0));
  const snapshots = Array.from({ length: steps }, (_, t) => {
    const a = (steps - 1 - t) * 2;
    const b = ((t * 7) % 5) - 2 + (t % 2) * 0.5;
    return final.map((f, k) => f + a * u[k]! + b * v[k]!);
  });
  return { snapshots, final, u, v };
}

test('a path lying exactly in a plane: 100% explained variance, zero off-plane distance, exact reconstruction', () => {
  for (const [p, steps] of [
    [371, 12],
    [5, 30], // more snapshots than parameters: the covariance route of PCA
  ] as const) {
    const { snapshots, final, u } = planarPath(p, steps);
    const trajectory = trajectoryPlane(snapshots, final);
    const [rx, ry] = trajectory.explainedVarianceRatio;
    assert.ok(Math.abs(rx + ry - 1) < 1e-12, `ratios ${rx} + ${ry}`);
    assert.ok(rx >= ry && ry > 0);
    const size = Math.sqrt(u.reduce((s, x) => s + x * x, 0)) * 2 * steps;
    for (const d of trajectory.offPlane) assert.ok(d < 1e-12 * size, `off-plane ${d}`);
    const { x, y } = trajectory.plane;
    snapshots.forEach((s, t) => {
      const a = trajectory.coordinates[2 * t]!;
      const b = trajectory.coordinates[2 * t + 1]!;
      for (let k = 0; k < p; k++) assert.ok(Math.abs(final[k]! + a * x[k]! + b * y[k]! - s[k]!) < 1e-9, 'reconstructed');
    });
    // The directions are orthonormal.
    const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, value, k) => s + value * b[k]!, 0);
    assert.ok(Math.abs(dot(x, x) - 1) < 1e-12 && Math.abs(dot(y, y) - 1) < 1e-12 && Math.abs(dot(x, y)) < 1e-12);
  }
});

test('a path off any plane: positive off-plane distances, explained variance below 100%, matching the residual', () => {
  const { snapshots, final } = planarPath(50, 10);
  const random = new Random(3);
  const bent = snapshots.map((s, t) => s.map((value) => value + (t === 4 ? random.normal() : 0)));
  const trajectory = trajectoryPlane(bent, final);
  const [rx, ry] = trajectory.explainedVarianceRatio;
  assert.ok(rx + ry < 1 - 1e-6);
  assert.ok(Math.max(...trajectory.offPlane) > 0.1);
});

test('projectPath puts a path on a non-orthogonal plane by least squares', () => {
  const { snapshots, final, u, v } = planarPath(40, 6);
  const { coordinates, offPlane } = projectPath({ origin: final, x: u, y: v }, snapshots);
  snapshots.forEach((_, t) => {
    assert.ok(Math.abs(coordinates[2 * t]! - (6 - 1 - t) * 2) < 1e-9);
    assert.ok(Math.abs(coordinates[2 * t + 1]! - (((t * 7) % 5) - 2 + (t % 2) * 0.5)) < 1e-9);
    assert.ok(offPlane[t]! < 1e-9);
  });
  assert.throws(() => projectPath({ origin: final, x: u, y: u }, snapshots), /parallel/);
});

test('trajectory axes cover the path and θ_final with a margin; the surface is evaluated on them', () => {
  const network = buildNetwork(spiralsText);
  const final = readParameters(network);
  const random = new Random(5);
  const snapshots: Float32Array[] = Array.from({ length: 8 }, (_, t) => final.map((value) => value + (8 - t) * 0.05 * random.normal()));
  snapshots.push(final);
  const trajectory = trajectoryPlane(snapshots, final);
  const { xs, ys } = trajectoryAxes(trajectory, { size: 11, margin: 0.2 });
  for (const [axis, offset] of [
    [xs, 0],
    [ys, 1],
  ] as const) {
    const values = [0, ...trajectory.coordinates.filter((_, i) => i % 2 === offset)];
    const low = Math.min(...values);
    const high = Math.max(...values);
    assert.ok(Math.abs(axis[0]! - (low - 0.2 * (high - low))) < 1e-12);
    assert.ok(Math.abs(axis[10]! - (high + 0.2 * (high - low))) < 1e-12);
  }
  const evaluator = createLandscapeEvaluator(network, randomData(network, 'cross_entropy', 60));
  const surface = trajectorySurface(evaluator, trajectory, { size: 11 });
  assert.ok(surface.complete && surface.losses.every(Number.isFinite));
  // A path that never moves gets ±1 axes.
  const still = trajectoryAxes(trajectoryPlane([final, final], final), { size: 5 });
  assert.deepEqual(Array.from(still.xs), [-1, -0.5, 0, 0.5, 1]);
});
