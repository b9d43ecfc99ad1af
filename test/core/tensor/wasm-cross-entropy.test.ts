// Cross-entropy's WebAssembly kernels (kernels.wat's $crossEntropyRowSums and
// $crossEntropyGradient) against the reference loops (kernels/cross-entropy.ts): fdlibm's exp is
// Math.exp bit for bit and the float64 sums run in the same order, so loss and gradient carry the
// same bits, with and without class weights and label smoothing, for odd and even class counts,
// scores spread far enough that exp underflows, ties at the maximum and infinite scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setKernelBackend, kernelBackend, fastKernelsAvailable } from '../../../core/tensor';
import { crossEntropy, type CrossEntropyOptions } from '../../../core/nn/loss-categorical';
import { TestRandom } from './support/random';

// A NaN's payload is not defined by JavaScript: V8 may write a NaN to a Float32Array with other
// payload bits depending on which tier (interpreter or optimised code) ran, which depends on timing.
// So every NaN compares as the one quiet NaN; all other values by their bits.
const quietNaN = 0x7fc00000;
const bits = (values: Float32Array): number[] =>
  Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length), (word, i) => (Number.isNaN(values[i]) ? quietNaN : word));

function run(backend: 'reference' | 'fast', options: CrossEntropyOptions, scores: Float32Array, targets: Int32Array, rows: number): [number, number[]] {
  const previous = kernelBackend();
  try {
    setKernelBackend(backend, { elementwise: 0 });
    const grad = new Float32Array(scores.length);
    const loss = crossEntropy(options, scores, targets, rows, rows, grad);
    return [loss, bits(grad)];
  } finally {
    setKernelBackend(previous);
  }
}

test('cross-entropy in WebAssembly gives the reference bits, loss and gradient', () => {
  assert.ok(fastKernelsAvailable());
  const random = new TestRandom(23);
  for (const classes of [1, 2, 3, 5, 8, 75]) {
    for (const scale of [1e-3, 1, 30, 900]) {
      const weights = Array.from({ length: classes }, () => random.uniform(0.5, 1.5));
      for (const options of [{ labelSmoothing: 0 }, { labelSmoothing: 0.1 }, { weights, labelSmoothing: 0 }, { weights, labelSmoothing: 0.2 }]) {
        const rows = 9;
        const scores = Float32Array.from({ length: rows * classes }, () => random.normal() * scale);
        if (classes > 2) {
          scores[classes + 1] = scores[classes]!; // a tie, possibly at the maximum
          scores[2 * classes] = -Infinity;
        }
        const targets = Int32Array.from({ length: rows }, () => Math.floor(random.uniform(0, classes)));
        const expected = run('reference', options, scores, targets, rows);
        const actual = run('fast', options, scores, targets, rows);
        assert.ok(Object.is(actual[0], expected[0]), `loss, ${classes} classes, scale ${scale}, ${JSON.stringify(options.labelSmoothing)}`);
        assert.deepEqual(actual[1], expected[1], `gradient, ${classes} classes, scale ${scale}`);
      }
    }
  }
});

test('cross-entropy in WebAssembly keeps NaN and infinite scores as the reference does', () => {
  for (const special of [Infinity, -Infinity, NaN]) {
    const scores = Float32Array.from([1, special, -2, 0.5, special, special, special, 3]);
    const targets = Int32Array.from([0, 1]);
    const expected = run('reference', { labelSmoothing: 0 }, scores, targets, 2);
    const actual = run('fast', { labelSmoothing: 0 }, scores, targets, 2);
    assert.ok(Object.is(actual[0], expected[0]), `loss with ${special}`);
    assert.deepEqual(actual[1], expected[1], `gradient with ${special}`);
  }
});
