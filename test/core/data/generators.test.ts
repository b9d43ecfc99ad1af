import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, runStreams } from '../../../core/common/random';
import {
  classCounts,
  generateCircles,
  generateGaussians,
  generateMoons,
  generatePlane,
  generateSignals,
  generateSpirals,
  generateXor,
  planeCoefficients,
  splitDataset,
  type ClassDataset,
} from '../../../core/data';
import { assertMatchesProbe, classHistogram, dataBytes, probe } from './data-helpers';

/** Every 2-D classification generator as a function of (points, noise, random), with its class count. */
const classifiers: Array<{ name: string; classes: number; make: (points: number, noise: number, random: Random) => ClassDataset }> = [
  { name: 'xor', classes: 2, make: generateXor },
  { name: 'circles', classes: 2, make: generateCircles },
  { name: 'moons', classes: 2, make: generateMoons },
  { name: 'spirals', classes: 3, make: (points, noise, random) => generateSpirals(3, points, noise, random) },
  { name: 'gaussians', classes: 4, make: (points, spread, random) => generateGaussians(4, points, spread || 1, random) },
];

const point = (dataset: { inputs: Float32Array }, i: number): [number, number] => [dataset.inputs[2 * i]!, dataset.inputs[2 * i + 1]!];

test('generators give what the checker promises, with classes as even as possible', () => {
  for (const { name, classes, make } of classifiers) {
    for (const points of [2, 7, 400, 601]) {
      const dataset = make(points, 0.1, new Random(1));
      const written: Record<string, number> = name === 'spirals' || name === 'gaussians' ? { classes, points } : { points };
      assertMatchesProbe(dataset, probe(name, written));
      assert.deepEqual(classHistogram(dataset), classCounts(points, classes), `${name} ${points}`);
    }
  }
  assertMatchesProbe(generatePlane(33, 0.1, new Random(1)), probe('plane', { points: 33 }));
  assertMatchesProbe(generateSpirals(7, 50, 0.1, new Random(1)), probe('spirals', { classes: 7, points: 50 }));
});

test('points are split evenly and the first classes take the remainder', () => {
  assert.deepEqual(classCounts(600, 3), [200, 200, 200]);
  assert.deepEqual(classCounts(601, 3), [201, 200, 200]);
  assert.deepEqual(classCounts(602, 3), [201, 201, 200]);
  assert.deepEqual(classCounts(3, 5), [1, 1, 1, 0, 0]);
  assert.throws(() => classCounts(10, 0), RangeError);
  assert.throws(() => classCounts(2.5, 2), RangeError);
});

test('the same seed gives the same bytes; another seed other bytes', () => {
  for (const { name, make } of classifiers) {
    const first = dataBytes(make(200, 0.2, new Random(42)));
    assert.deepEqual(dataBytes(make(200, 0.2, new Random(42))), first, name);
    assert.notDeepEqual(dataBytes(make(200, 0.2, new Random(43))), first, name);
  }
  assert.deepEqual(dataBytes(generatePlane(50, 0.1, new Random(5))), dataBytes(generatePlane(50, 0.1, new Random(5))));
  assert.notDeepEqual(dataBytes(generatePlane(50, 0.1, new Random(5))), dataBytes(generatePlane(50, 0.1, new Random(6))));
});

test('xor: magnitudes in [0.3, 5.3], class 1 in quadrants I and III', () => {
  const dataset = generateXor(1000, 0, new Random(7));
  for (let i = 0; i < dataset.count; i++) {
    const [x, y] = point(dataset, i);
    assert.ok(Math.abs(x) >= 0.3 && Math.abs(x) <= 5.3 && Math.abs(y) >= 0.3 && Math.abs(y) <= 5.3, `${x}, ${y}`);
    assert.equal(x * y > 0 ? 1 : 0, dataset.targets[i]);
  }
});

test('circles: the ring (class 0) in [3.5, 5], the disc (class 1) within 2.5', () => {
  const dataset = generateCircles(1000, 0, new Random(8));
  for (let i = 0; i < dataset.count; i++) {
    const r = Math.hypot(...point(dataset, i));
    if (dataset.targets[i] === 0) assert.ok(r >= 3.5 - 1e-5 && r <= 5 + 1e-5, `ring ${r}`);
    else assert.ok(r <= 2.5 + 1e-5, `disc ${r}`);
  }
});

test('moons without noise are scikit-learn’s half circles, evenly spaced', () => {
  const dataset = generateMoons(5, 0, new Random(9));
  const expected = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, 0.5],
    [2, 0.5],
  ];
  for (let i = 0; i < 5; i++) {
    const [x, y] = point(dataset, i);
    assert.ok(Math.abs(x - expected[i]![0]!) < 1e-6 && Math.abs(y - expected[i]![1]!) < 1e-6, `point ${i}: ${x}, ${y}`);
  }
  assert.deepEqual([...dataset.targets], [0, 0, 0, 1, 1]);
});

test('spirals without noise lie on r = 5·i/n, t = 3.5π·i/n + 2πk/K', () => {
  const dataset = generateSpirals(3, 30, 0, new Random(10));
  for (let i = 0; i < 30; i++) {
    const k = dataset.targets[i]!;
    const j = i - 10 * k;
    const r = (5 * j) / 10;
    const t = (3.5 * Math.PI * j) / 10 + (2 * Math.PI * k) / 3;
    const [x, y] = point(dataset, i);
    assert.ok(Math.abs(x - r * Math.sin(t)) < 1e-6 && Math.abs(y - r * Math.cos(t)) < 1e-6, `point ${i}`);
  }
});

test('gaussians: two classes centred at (2, 2) and (−2, −2) with the given spread', () => {
  const dataset = generateGaussians(2, 20000, 0.5, new Random(11));
  for (const [label, centre] of [
    [0, 2],
    [1, -2],
  ] as const) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let n = 0;
    for (let i = 0; i < dataset.count; i++) {
      if (dataset.targets[i] !== label) continue;
      const [x, y] = point(dataset, i);
      sx += x;
      sy += y;
      sxx += (x - centre) ** 2;
      n++;
    }
    assert.ok(Math.abs(sx / n - centre) < 0.02 && Math.abs(sy / n - centre) < 0.02, `class ${label} mean ${sx / n}, ${sy / n}`);
    assert.ok(Math.abs(Math.sqrt(sxx / n) - 0.5) < 0.02, `class ${label} spread`);
  }
});

test('plane: inputs in [−6, 6), target exactly 0.5·x₁ − 0.25·x₂ + 1 without noise, noise of the given size', () => {
  const clean = generatePlane(500, 0, new Random(12));
  const { a, b, c } = planeCoefficients;
  for (let i = 0; i < clean.count; i++) {
    const [x1, x2] = point(clean, i);
    assert.ok(x1 >= -6 && x1 < 6 && x2 >= -6 && x2 < 6);
    assert.equal(clean.targets[i], Math.fround(a * x1 + b * x2 + c));
  }
  const noisy = generatePlane(20000, 0.3, new Random(12));
  let squares = 0;
  for (let i = 0; i < noisy.count; i++) {
    const [x1, x2] = point(noisy, i);
    squares += (noisy.targets[i]! - (a * x1 + b * x2 + c)) ** 2;
  }
  assert.ok(Math.abs(Math.sqrt(squares / noisy.count) - 0.3) < 0.01);
});

test('the examples’ generators stay in TensorFlow-Playground range: |x|, |y| < 6', () => {
  const streams = runStreams(42);
  for (const dataset of [generateSpirals(3, 600, 0.15, streams.data), generateXor(400, 0.1, streams.data), generateCircles(400, 0.1, streams.data), generateMoons(400, 0.1, streams.data)]) {
    assert.ok(dataset.inputs.every((v) => Math.abs(v) < 6));
  }
});

test('spirals(classes: 3, points: 600, noise: 0.15) is learnable: 1-nearest-neighbour gets over 95 % of validation right', () => {
  const streams = runStreams(42);
  const { train, validation } = splitDataset(generateSpirals(3, 600, 0.15, streams.data), 0.2, streams.split);
  let correct = 0;
  for (let v = 0; v < validation.count; v++) {
    const [x, y] = point(validation, v);
    let best = Infinity;
    let label = -1;
    for (let t = 0; t < train.count; t++) {
      const [tx, ty] = point(train, t);
      const d = (tx - x) ** 2 + (ty - y) ** 2;
      if (d < best) [best, label] = [d, train.targets[t] as number];
    }
    if (label === validation.targets[v]) correct++;
  }
  assert.ok(correct / validation.count > 0.95, `1-NN accuracy ${correct / validation.count}`);
});

test('signals: [1, length] waves, classes in order, seeded, and what the checker promises', () => {
  for (const classes of [2, 3, 4]) {
    const dataset = generateSignals(classes, 16, 41, 0.2, new Random(3));
    assertMatchesProbe(dataset, probe('signals', { classes, length: 16, samples: 41, noise: 0.2 }));
    assert.deepEqual(classHistogram(dataset), classCounts(41, classes));
  }
  const again = (seed: number) => generateSignals(4, 32, 20, 0.3, new Random(seed)).inputs;
  assert.deepEqual(again(9), again(9));
  assert.notDeepEqual(again(9), again(10));
  // Without noise every value is the wave itself: square is ±1, the others lie in [−1, 1], and a
  // sawtooth rises between its jumps.
  const clean = generateSignals(4, 50, 8, 0, new Random(5));
  const signal = (s: number) => Array.from(clean.inputs.subarray(s * 50, (s + 1) * 50));
  assert.ok(signal(2).every((v) => v === 1 || v === -1), 'square');
  for (let s = 0; s < 8; s++) assert.ok(signal(s).every((v) => v >= -1 && v <= 1));
  const saw = signal(4);
  const rises = saw.slice(1).filter((v, i) => v > saw[i]!).length;
  assert.ok(rises >= 40, `sawtooth rises in ${rises} of 49 steps`);
  assert.throws(() => generateSignals(5, 8, 10, 0, new Random(1)), /2 to 4 classes/);
});
