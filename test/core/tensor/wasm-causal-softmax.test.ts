// The causal softmax's WebAssembly kernel (kernels.wat's $causalSoftmax) against the reference
// loop (kernels/causal-softmax.ts): the same float64 exponentials, sums and products in the same
// order, so the same bits, for every row length (odd and even visible counts), scores of any size,
// and rows holding −∞ (a masked score), +∞ or NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setKernelBackend, kernelBackend, fastKernelsAvailable } from '../../../core/tensor';
import { causalSoftmaxRows } from '../../../core/tensor/kernels/causal-softmax';
import { TestRandom } from './support/random';

function run(backend: 'reference' | 'fast', x: Float32Array, rows: number, length: number): Float32Array {
  const previous = kernelBackend();
  try {
    setKernelBackend(backend, { elementwise: 0 });
    const out = new Float32Array(x.length).fill(5); // stale values the kernel must overwrite (the zeros past the diagonal)
    causalSoftmaxRows(x, out, rows, length);
    return out;
  } finally {
    setKernelBackend(previous);
  }
}

function scores(random: TestRandom, count: number, specials: boolean): Float32Array {
  const pool = [-Infinity, Infinity, NaN, 0, -0, 1e-45, 3e38, -3e38];
  return Float32Array.from({ length: count }, () => {
    if (specials && random.next() < 0.02) return pool[random.int(pool.length)]!;
    const scale = [0.1, 3, 30, 400][random.int(4)]!;
    return random.normal() * scale;
  });
}

test('the causal softmax in WebAssembly gives the reference bits (row lengths 1…17 and 64, batches of matrices, specials)', () => {
  assert.ok(fastKernelsAvailable());
  const random = new TestRandom(31);
  for (const length of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16, 17, 64]) {
    for (const specials of [false, true]) {
      const rows = length * 3;
      const x = scores(random, rows * length, specials);
      const expected = run('reference', x, rows, length);
      const actual = run('fast', x, rows, length);
      for (let i = 0; i < x.length; i++) {
        if (!Object.is(actual[i], expected[i])) assert.fail(`length ${length}, element ${i} (row ${Math.floor(i / length)}): fast ${actual[i]} vs reference ${expected[i]}`);
      }
    }
  }
});
