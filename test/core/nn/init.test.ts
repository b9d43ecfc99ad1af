import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../core/common/random';
import { initialiseEmbedding, initialiseLayer } from '../../../core/nn/init';

function stats(values: Float32Array): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    squares += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(squares / values.length - mean * mean), min, max };
}

test('default init is U(±1/√fan_in) for weights and biases, like nn.Linear', () => {
  const weight = new Float32Array(64 * 128);
  const bias = new Float32Array(128);
  initialiseLayer('default', weight, bias, { fanIn: 64, fanOut: 128 }, new Random(1));
  const bound = 1 / 8;
  for (const values of [weight, bias]) {
    const s = stats(values);
    assert.ok(s.min >= -bound && s.max < bound);
    assert.ok(s.max > 0.9 * bound && s.min < -0.9 * bound, 'the whole interval is used');
  }
  assert.ok(Math.abs(stats(weight).std - bound / Math.sqrt(3)) < 0.003, 'uniform std is bound/√3');
});

test('he init is N(0, 2/fan_in) with zero bias; glorot is uniform with the Xavier limit', () => {
  const weight = new Float32Array(200 * 100);
  const bias = new Float32Array(100).fill(5);
  initialiseLayer('he', weight, bias, { fanIn: 200, fanOut: 100 }, new Random(2));
  assert.ok(Math.abs(stats(weight).std - Math.sqrt(2 / 200)) < 0.002);
  assert.ok(Math.abs(stats(weight).mean) < 0.002);
  assert.ok(bias.every((b) => b === 0));
  initialiseLayer('glorot', weight, bias, { fanIn: 200, fanOut: 100 }, new Random(3));
  const limit = Math.sqrt(6 / 300);
  const s = stats(weight);
  assert.ok(s.min >= -limit && s.max < limit && s.max > 0.95 * limit);
});

test('zeros init zeroes; the same seed gives the same weights bit for bit', () => {
  const a = new Float32Array(50);
  const b = new Float32Array(50);
  initialiseLayer('default', a, undefined, { fanIn: 5, fanOut: 10 }, new Random(9));
  initialiseLayer('default', b, undefined, { fanIn: 5, fanOut: 10 }, new Random(9));
  assert.deepEqual(a, b);
  initialiseLayer('zeros', a, undefined, { fanIn: 5, fanOut: 10 }, new Random(9));
  assert.ok(a.every((v) => v === 0));
  const table = new Float32Array(10_000);
  initialiseEmbedding(table, new Random(4));
  assert.ok(Math.abs(stats(table).std - 1) < 0.03);
});
