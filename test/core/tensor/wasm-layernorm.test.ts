// Layer norm's WebAssembly kernels (kernels.wat's $layerNormForward(Rows) and $layerNormBackward)
// against the reference loops (kernels/normalization.ts): the same float64 sums in the same order
// and the same elementwise operations, so the same bits, for odd and even row widths, large and
// tiny values, and gradients that already hold values (dx, dγ, dβ accumulate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setKernelBackend, kernelBackend, fastKernelsAvailable } from '../../../core/tensor';
import { layerNormBackward, layerNormForward } from '../../../core/tensor/kernels/normalization';
import { TestRandom } from './support/random';

const bits = (values: Float32Array): number[] => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** Forward results and the backward's dx, dγ, dβ (started from `start` values) on one backend. */
function run(backend: 'reference' | 'fast', x: Float32Array, gamma: Float32Array, beta: Float32Array, dy: Float32Array, rows: number, n: number, start: Float32Array[]): number[][] {
  const previous = kernelBackend();
  try {
    setKernelBackend(backend, { elementwise: 0 });
    const [out, normalized, inverseStd] = [new Float32Array(rows * n), new Float32Array(rows * n), new Float32Array(rows)];
    layerNormForward(x, gamma, beta, rows, n, 1e-5, out, normalized, inverseStd);
    const [dx, dgamma, dbeta] = start.map((values) => values.slice()) as [Float32Array, Float32Array, Float32Array];
    layerNormBackward(dy, normalized, inverseStd, gamma, rows, n, dx, dgamma, dbeta);
    return [out, normalized, inverseStd, dx, dgamma, dbeta].map(bits);
  } finally {
    setKernelBackend(previous);
  }
}

test('layer norm in WebAssembly gives the reference bits, forward and backward (widths 1…9, 33, 64)', () => {
  assert.ok(fastKernelsAvailable());
  const random = new TestRandom(17);
  const values = (count: number, scale: number): Float32Array => Float32Array.from({ length: count }, () => random.normal() * scale);
  for (const n of [1, 2, 3, 4, 5, 8, 9, 33, 64]) {
    // rows: fewer than 4, groups of 4 ($layerNormForwardRows) with and without a remainder.
    for (const [scale, rows] of [1e-3, 1, 300].flatMap((scale) => [3, 7, 12].map((rows) => [scale, rows] as const))) {
      const x = values(rows * n, scale);
      const [gamma, beta, dy] = [values(n, 1), values(n, 1), values(rows * n, 1)];
      const start = [values(rows * n, 1), values(n, 1), values(n, 1)];
      const expected = run('reference', x, gamma, beta, dy, rows, n, start);
      const actual = run('fast', x, gamma, beta, dy, rows, n, start);
      ['out', 'normalized', 'inverseStd', 'dx', 'dγ', 'dβ'].forEach((name, i) => assert.deepEqual(actual[i], expected[i], `${name}, width ${n}, scale ${scale}, ${rows} rows`));
    }
  }
});
