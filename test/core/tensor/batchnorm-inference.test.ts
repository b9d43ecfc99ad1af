import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchNormInference, parameter, tensor } from '../../../core/tensor';
import { randomValues, TestRandom } from './support/random';

// Evaluation-mode batch norm runs as one pass when no gradient will be taken, and as four broadcast
// operations on the tape otherwise: both must give the same bits, and the definition's values.

for (const shape of [[5, 3], [4, 3, 5, 2]]) {
  test(`batchNormInference on ${JSON.stringify(shape)}: one pass equals the taped operations bit for bit, and the definition`, () => {
    const random = new TestRandom(5);
    const channels = shape[1]!;
    const spatial = shape.length === 4 ? shape[2]! * shape[3]! : 1;
    const x = Float32Array.from(randomValues(random, shape.reduce((a, b) => a * b), 'normal'));
    const gamma = Float32Array.from(randomValues(random, channels, 'normal'));
    const beta = Float32Array.from(randomValues(random, channels, 'normal'));
    const mean = Float32Array.from(randomValues(random, channels, 'normal'));
    const variance = Float32Array.from(randomValues(random, channels, 'positive'));
    const eps = 1e-5;
    const fused = batchNormInference(tensor(x, shape), tensor(gamma, [channels]), tensor(beta, [channels]), mean, variance, eps);
    const taped = batchNormInference(tensor(x, shape), parameter(gamma, [channels]), parameter(beta, [channels]), mean, variance, eps);
    assert.deepEqual(fused.data, taped.data);
    for (let i = 0; i < x.length; i++) {
      const c = Math.floor(i / spatial) % channels;
      const expected = ((x[i]! - mean[c]!) / Math.sqrt(variance[c]! + eps)) * gamma[c]! + beta[c]!;
      assert.ok(Math.abs(fused.data[i]! - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `element ${i}: ${fused.data[i]} vs ${expected}`);
    }
  });
}
