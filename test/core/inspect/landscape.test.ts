// Loss surfaces, interpolation and gradient arrows: against PyTorch, a closed form, the network's
// own evaluation at θ*, finite differences of the grid, and exact symmetries of the grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createLandscapeEvaluator,
  filterNormalisedDirection,
  gradientField,
  interpolateLoss,
  lossSurface,
  NetworkLossEvaluator,
  parameterLayout,
  randomPlane,
  rangeAxis,
  readParameters,
  subsample,
  symmetricAxis,
  writeParameters,
  type Plane,
} from '../../../core/inspect';
import { Random } from '../../../core/common/random';
import type { Dataset } from '../../../core/data';
import { computeLoss } from '../../../core/nn/losses';
import { defaultLoss } from '../../../core/nn/settings';
import { Evaluator } from '../../../core/train';
import * as t from '../../../core/tensor';
import { flatVector, inspectFixture } from './inspect-fixture';
import { buildNetwork, perturbed, randomData, relativeError, spiralsText } from './inspect-helpers';

test('a loss surface matches PyTorch evaluating the same MLP at θ + α·dx + β·dy (both evaluators)', () => {
  const c = inspectFixture.landscape;
  const network = buildNetwork(c.dlmodel);
  const names = network.parameters.map((p) => p.name);
  writeParameters(network, flatVector(names, c.params));
  const data = { inputs: Float32Array.from(c.inputs.data), targets: Int32Array.from(c.targets.data), rows: c.inputs.shape[0]!, loss: defaultLoss(c.loss) };
  const plane: Plane = { origin: readParameters(network), x: flatVector(names, c.dir_x), y: flatVector(names, c.dir_y) };
  const axis = symmetricAxis(5);
  assert.deepEqual(Array.from(axis), c.axis);
  for (const fast of [true, false]) {
    const evaluator = createLandscapeEvaluator(network, data, { fast });
    assert.equal(evaluator.path, fast ? 'dense-fast' : 'network');
    const surface = lossSurface(evaluator, plane, axis, axis);
    assert.ok(surface.complete);
    c.losses.forEach((row, j) => row.forEach((expected, i) => assert.ok(relativeError(surface.losses[j * 5 + i]!, expected) < 1e-5, `(${axis[i]}, ${axis[j]}): ${surface.losses[j * 5 + i]} vs PyTorch ${expected}`)));
  }
});

test('the centre of the grid is the loss at θ*, exactly as the network evaluates it (independently computed)', () => {
  const network = buildNetwork(spiralsText, 4);
  const data = randomData(network, 'cross_entropy', 300);
  // Independently: one forward pass over the 300 rows (one chunk) and the fused loss, weighted as the training's evaluation.
  const output = t.noGrad(() => network.forward(t.tensor(data.inputs, [300, 2]), { training: false }));
  const trained = (computeLoss(defaultLoss('cross_entropy'), output.logits.data, data.targets, 300).value * 300) / 300;
  for (const size of [31, 51]) {
    const evaluator = createLandscapeEvaluator(network, data);
    const axis = symmetricAxis(size);
    const surface = lossSurface(evaluator, randomPlane(network, new Random(1)), axis, axis);
    const c = (size - 1) / 2;
    assert.equal(surface.losses[c * size + c], trained);
    assert.equal(evaluator.centreLoss, trained);
  }
});

test('the centre equals the training’s own evaluation (core/train Evaluator) bit for bit, over several chunks', () => {
  for (const [text, loss] of [
    [spiralsText, 'cross_entropy'],
    ['model M {\n  input [1, 4, 4]\n  conv2d(2, 3, padding: same)\n  batchnorm()\n  relu()\n  flatten()\n  dense(2)\n}\n', 'mse'],
  ] as const) {
    const network = buildNetwork(text, 12);
    const data = randomData(network, loss, 700);
    const sampleShape = network.model.input!;
    const common = { count: 700, inputs: data.inputs, sampleShape, sampleSize: data.inputs.length / 700, tokens: false };
    const dataset: Dataset =
      data.targets instanceof Int32Array
        ? { ...common, targetKind: 'classes', targets: data.targets, classCount: 3 }
        : { ...common, targetKind: 'real', targets: data.targets, targetShape: [2], targetSize: 2 };
    const trained = new Evaluator(network, dataset, defaultLoss(loss)).evaluate().loss;
    const evaluator = createLandscapeEvaluator(network, data);
    assert.equal(evaluator.centreLoss, trained, text);
    const axis = symmetricAxis(3);
    assert.equal(lossSurface(evaluator, randomPlane(network, new Random(2)), axis, axis).losses[4], trained);
  }
});

test('grid axes are symmetric with an exact centre; mirrored or swapped directions mirror or transpose the surface exactly', () => {
  for (const size of [3, 31, 51]) {
    const axis = symmetricAxis(size, 0.7);
    assert.equal(axis[(size - 1) / 2], 0);
    assert.equal(axis[0], -0.7);
    assert.equal(axis[size - 1], 0.7);
    for (let i = 0; i < size; i++) assert.ok(axis[i] === -axis[size - 1 - i]!, `antisymmetric at ${i}`);
  }
  assert.throws(() => symmetricAxis(30), /odd integer/);
  const range = rangeAxis(-0.3, 2.1, 7);
  assert.equal(range[0], -0.3);
  assert.equal(range[6], 2.1);
  const network = buildNetwork(spiralsText, 5);
  const evaluator = createLandscapeEvaluator(network, randomData(network, 'cross_entropy', 100));
  const plane = randomPlane(network, new Random(2));
  const axis = symmetricAxis(9);
  const n = axis.length;
  const surface = lossSurface(evaluator, plane, axis, axis).losses;
  const mirrored = lossSurface(evaluator, { ...plane, x: plane.x.map((v) => -v) }, axis, axis).losses;
  const swapped = lossSurface(evaluator, { ...plane, x: plane.y, y: plane.x }, axis, axis).losses;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      assert.equal(mirrored[j * n + i], surface[j * n + (n - 1 - i)], `mirror (${i}, ${j})`);
      assert.equal(swapped[j * n + i], surface[i * n + j], `transpose (${i}, ${j})`);
    }
  }
});

test('a linear model with mse: the surface is the closed-form quadratic in (α, β)', () => {
  const network = buildNetwork('model Linear {\n  input [3]\n  dense(2)\n}\n', 6);
  const data = randomData(network, 'mse', 200);
  const layout = parameterLayout(network);
  const theta = readParameters(network);
  const random = new Random(8);
  // General directions (biases included) and the filter-normalised ones (biases zero).
  const planes: Plane[] = [
    { origin: theta, x: theta.map(() => random.normal()), y: theta.map(() => random.normal()) },
    { origin: theta, x: filterNormalisedDirection(layout, theta, random), y: filterNormalisedDirection(layout, theta, random) },
  ];
  const axis = symmetricAxis(11, 2);
  for (const plane of planes) {
    // r(α, β) = r0 + α·r1 + β·r2 per output value; L = mean r², all in float64.
    const residual = (w: ArrayLike<number>, withTargets: boolean): Float64Array => {
      const out = new Float64Array(200 * 2);
      for (let r = 0; r < 200; r++) {
        for (let u = 0; u < 2; u++) {
          let s = w[6 + u]!;
          for (let i = 0; i < 3; i++) s += data.inputs[r * 3 + i]! * w[i * 2 + u]!;
          out[r * 2 + u] = s - (withTargets ? data.targets[r * 2 + u]! : 0);
        }
      }
      return out;
    };
    const [r0, r1, r2] = [residual(theta, true), residual(plane.x, false), residual(plane.y, false)];
    const closedForm = (a: number, b: number): number => r0.reduce((sum, v, k) => sum + (v + a * r1[k]! + b * r2[k]!) ** 2, 0) / r0.length;
    for (const fast of [true, false]) {
      const surface = lossSurface(createLandscapeEvaluator(network, data, { fast }), plane, axis, axis);
      axis.forEach((b, j) => axis.forEach((a, i) => assert.ok(relativeError(surface.losses[j * axis.length + i]!, closedForm(a, b)) < 2e-6, `(${a}, ${b}) ${fast ? 'fast' : 'network'}: ${surface.losses[j * axis.length + i]} vs ${closedForm(a, b)}`)));
    }
  }
});

test('gradient arrows agree with central differences of the grid (exact for the quadratic, close for an MLP)', () => {
  const cases = [
    { text: 'model Linear {\n  input [3]\n  dense(2)\n}\n', loss: 'mse' as const, radius: 1, size: 21, tolerance: 1e-4 },
    // Smooth (tanh) so that differences do not straddle relu kinks.
    { text: spiralsText.replace('relu', 'tanh'), loss: 'cross_entropy' as const, radius: 0.1, size: 41, tolerance: 1e-3 },
  ];
  for (const { text, loss, radius, size, tolerance } of cases) {
    const network = buildNetwork(text, 9);
    const data = randomData(network, loss, 150);
    const evaluator = createLandscapeEvaluator(network, data, { fast: false });
    const plane = randomPlane(network, new Random(3));
    const axis = symmetricAxis(size, radius);
    const h = axis[1]! - axis[0]!;
    const surface = lossSurface(evaluator, plane, axis, axis).losses;
    const field = gradientField(evaluator, plane, axis, axis, { stride: 4 });
    assert.ok(field.complete);
    const scale = Math.max(...field.descentAlpha.map(Math.abs), ...field.descentBeta.map(Math.abs));
    let compared = 0;
    for (let k = 0; k < field.columns.length; k++) {
      const i = field.columns[k]!;
      const j = field.rows[k]!;
      assert.equal(field.losses[k], surface[j * size + i], 'the arrow’s loss is the grid’s');
      if (i === 0 || j === 0 || i === size - 1 || j === size - 1) continue;
      const dAlpha = (surface[j * size + i + 1]! - surface[j * size + i - 1]!) / (2 * h);
      const dBeta = (surface[(j + 1) * size + i]! - surface[(j - 1) * size + i]!) / (2 * h);
      assert.ok(Math.abs(-field.descentAlpha[k]! - dAlpha) < tolerance * scale, `${loss} ∂L/∂α at (${i}, ${j}): ${-field.descentAlpha[k]!} vs ${dAlpha}`);
      assert.ok(Math.abs(-field.descentBeta[k]! - dBeta) < tolerance * scale, `${loss} ∂L/∂β at (${i}, ${j}): ${-field.descentBeta[k]!} vs ${dBeta}`);
      // The in-plane projection is never longer than the whole gradient.
      assert.ok(Math.hypot(field.descentInPlane[2 * k]!, field.descentInPlane[2 * k + 1]!) <= field.gradientNorm[k]! * (1 + 1e-9));
      compared++;
    }
    assert.ok(compared >= 9);
  }
});

test('gradient arrows: subsampling keeps the centre of an odd axis; orthonormal directions give equal arrow forms', () => {
  assert.deepEqual(subsample(51, 4), [1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 49]);
  assert.deepEqual(subsample(31, 4), [3, 7, 11, 15, 19, 23, 27]);
  assert.deepEqual(subsample(10, 4), [0, 4, 8]);
  const network = buildNetwork('model Linear {\n  input [3]\n  dense(2)\n}\n');
  const evaluator = createLandscapeEvaluator(network, randomData(network, 'mse', 50));
  const origin = readParameters(network);
  const x = new Float32Array(origin.length);
  const y = new Float32Array(origin.length);
  x[0] = 1;
  y[3] = 1;
  const field = gradientField(evaluator, { origin, x, y }, symmetricAxis(5), symmetricAxis(5), { stride: 2 });
  for (let k = 0; k < field.columns.length; k++) {
    assert.equal(field.descentInPlane[2 * k], field.descentAlpha[k]);
    assert.equal(field.descentInPlane[2 * k + 1], field.descentBeta[k]);
  }
});

test('interpolation from θ₀ to θ*: t = 0 and t = 1 are sample points, t = 1 is the trained loss exactly', () => {
  const network = buildNetwork(spiralsText, 10);
  const data = randomData(network, 'cross_entropy', 120);
  const evaluator = createLandscapeEvaluator(network, data);
  const trained = readParameters(network);
  const initial = perturbed(trained, 1, 4);
  const line = interpolateLoss(evaluator, initial, trained);
  assert.equal(line.ts.length, 61);
  assert.equal(line.ts[0], -0.25);
  assert.equal(line.ts[60], 1.25);
  assert.equal(line.ts[10], 0);
  assert.equal(line.ts[50], 1);
  assert.equal(line.losses[50], evaluator.centreLoss);
  assert.ok(relativeError(line.losses[10]!, new NetworkLossEvaluator(network, data).loss(initial)) < 1e-6);
  const custom = interpolateLoss(evaluator, initial, trained, { start: 0, end: 1, points: 5 });
  assert.deepEqual(Array.from(custom.ts), [0, 0.25, 0.5, 0.75, 1]);
});

test('progress is reported after every point, and shouldStop ends a computation early with NaN for the rest', () => {
  const network = buildNetwork(spiralsText);
  const evaluator = createLandscapeEvaluator(network, randomData(network, 'cross_entropy', 50));
  const plane = randomPlane(network, new Random(1));
  const axis = symmetricAxis(5);
  const reports: Array<[number, number]> = [];
  const full = lossSurface(evaluator, plane, axis, axis, { onProgress: (done, total) => reports.push([done, total]) });
  assert.ok(full.complete);
  assert.deepEqual(reports, Array.from({ length: 25 }, (_, i) => [i + 1, 25]));
  let calls = 0;
  const stopped = lossSurface(evaluator, plane, axis, axis, { shouldStop: () => ++calls > 7 });
  assert.equal(stopped.complete, false);
  assert.deepEqual(Array.from(stopped.losses.subarray(0, 7)), Array.from(full.losses.subarray(0, 7)));
  assert.ok(stopped.losses.subarray(7).every(Number.isNaN));
  const field = gradientField(evaluator, plane, axis, axis, { stride: 2, shouldStop: () => true });
  assert.equal(field.complete, false);
  assert.ok(field.losses.every(Number.isNaN));
  assert.equal(interpolateLoss(evaluator, plane.origin, plane.origin, { shouldStop: () => true }).complete, false);
});
