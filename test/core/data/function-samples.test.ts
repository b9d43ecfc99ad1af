import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../core/common/random';
import { generateFunction } from '../../../core/data';
import { assertMatchesProbe, dataBytes, probe, unwrap } from './data-helpers';

test('function samples an even grid from `from` to `to`, both included', () => {
  const dataset = unwrap(generateFunction('2*x + 1', -1, 1, 5, 0, new Random(1)));
  assert.deepEqual([...dataset.inputs], [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual([...dataset.targets], [-1, 0, 1, 2, 3]);
  assertMatchesProbe(dataset, probe('function', { expression: '2*x + 1', from: -1, to: 1, points: 5 }));
  assertMatchesProbe(unwrap(generateFunction('sin(3*x)', -3, 3, 200, 0, new Random(1))), probe('function', { expression: 'sin(3*x)' }));
});

test('function: the target is f at the float32 x, plus Gaussian noise of the given size', () => {
  const clean = unwrap(generateFunction('sin(3*x)', -3, 3, 400, 0, new Random(2)));
  for (let i = 0; i < clean.count; i++) assert.equal(clean.targets[i], Math.fround(Math.sin(3 * clean.inputs[i]!)));
  const noisy = unwrap(generateFunction('sin(3*x)', -3, 3, 20000, 0.2, new Random(2)));
  let squares = 0;
  for (let i = 0; i < noisy.count; i++) squares += (noisy.targets[i]! - Math.sin(3 * noisy.inputs[i]!)) ** 2;
  assert.ok(Math.abs(Math.sqrt(squares / noisy.count) - 0.2) < 0.01);
  assert.deepEqual(dataBytes(unwrap(generateFunction('x^2', 0, 1, 50, 0.1, new Random(3)))), dataBytes(unwrap(generateFunction('x^2', 0, 1, 50, 0.1, new Random(3)))));
  assert.notDeepEqual(dataBytes(unwrap(generateFunction('x^2', 0, 1, 50, 0.1, new Random(3)))), dataBytes(unwrap(generateFunction('x^2', 0, 1, 50, 0.1, new Random(4)))));
});

test('function: expression errors point into the string; values that are not finite are errors', () => {
  const bad = generateFunction('sin(3*y)', -3, 3, 10, 0, new Random(1));
  assert.ok(!bad.ok);
  assert.equal(bad.error.argument, 'expression');
  assert.equal(bad.error.offsetInValue, 6);
  const log = generateFunction('log(x)', -1, 1, 5, 0, new Random(1));
  assert.ok(!log.ok);
  assert.match(log.error.message, /NaN at x = -1/);
  const huge = generateFunction('exp(x)', 0, 100, 3, 0, new Random(1));
  assert.ok(!huge.ok);
  assert.match(huge.error.message, /beyond float32's range/);
});
