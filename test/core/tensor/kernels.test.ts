import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from '../../../core/tensor';
import { avgPool2d, backward, conv2d, maxPool2d, parameter, tensor } from '../../../core/tensor';
import { randomValues, TestRandom } from './support/random';
import * as R from './support/reference';

// Forward values of every kernel against naive float64 loops on random inputs and sizes, including
// sizes that are not multiples of the 4×4 blocks and operands that start at an offset.

function naive(m: number, k: number, n: number, a: (i: number, p: number) => number, b: (p: number, j: number) => number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] = c[i * n + j]! + a(i, p) * b(p, j);
  return c;
}

function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i]! - expected[i]!) <= tolerance * Math.max(1, Math.abs(expected[i]!)))) assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17];

test('matmul kernels (A·B, A·Bᵀ, Aᵀ·B) equal naive products on every size mix, and accumulate into C', () => {
  const random = new TestRandom(7);
  for (const m of sizes) {
    for (const k of [1, 3, 4, 9]) {
      for (const n of sizes) {
        const offset = 3;
        const a = Float32Array.from(randomValues(random, offset + m * k, 'normal'));
        const b = Float32Array.from(randomValues(random, offset + k * n, 'normal'));
        const start = Float32Array.from(randomValues(random, offset + m * n, 'normal'));
        const expected = (product: Float64Array) => Array.from(start.subarray(offset), (v, i) => Math.fround(v + product[i]!));
        // A is [m×k], B is [k×n] for the plain product.
        let c = start.slice();
        matmulAccumulate(a, b, c, m, k, n, offset, offset, offset);
        assertNear(c.subarray(offset), expected(naive(m, k, n, (i, p) => a[offset + i * k + p]!, (p, j) => b[offset + p * n + j]!)), 1e-6, `A·B ${m}×${k}×${n}`);
        // B stored as [n×k] for A·Bᵀ.
        c = start.slice();
        matmulTransposeBAccumulate(a, b, c, m, k, n, offset, offset, offset);
        assertNear(c.subarray(offset), expected(naive(m, k, n, (i, p) => a[offset + i * k + p]!, (p, j) => b[offset + j * k + p]!)), 1e-6, `A·Bᵀ ${m}×${k}×${n}`);
        // A stored as [k×m] for Aᵀ·B.
        c = start.slice();
        matmulTransposeAAccumulate(a, b, c, m, k, n, offset, offset, offset);
        assertNear(c.subarray(offset), expected(naive(m, k, n, (i, p) => a[offset + p * m + i]!, (p, j) => b[offset + p * n + j]!)), 1e-6, `Aᵀ·B ${m}×${k}×${n}`);
        assert.deepEqual(Array.from(c.subarray(0, offset)), Array.from(start.subarray(0, offset)), 'nothing before the offset is touched');
      }
    }
  }
});

test('matmul rounds once: a sum that cancels in float32 is exact (float64 accumulators)', () => {
  const a = Float32Array.from([1e8, 1, -1e8, 1]);
  const b = Float32Array.from([1, 1, 1, 1]);
  const c = new Float32Array(1);
  matmulAccumulate(a, b, c, 1, 4, 1);
  assert.equal(c[0], 2);
});

test('conv2d forward equals the seven-loop definition on random geometries', () => {
  const random = new TestRandom(11);
  for (let trial = 0; trial < 40; trial++) {
    const kernel: [number, number] = [1 + random.int(4), 1 + random.int(4)];
    const stride: [number, number] = [1 + random.int(3), 1 + random.int(3)];
    const dilation: [number, number] = [1 + random.int(3), 1 + random.int(2)];
    const padding: [number, number] = [random.int(3), random.int(3)];
    const height = dilation[0] * (kernel[0] - 1) + 1 + random.int(6);
    const width = dilation[1] * (kernel[1] - 1) + 1 + random.int(6);
    const xShape = [1 + random.int(3), 1 + random.int(3), height, width];
    const wShape = [1 + random.int(5), xShape[1]!, ...kernel];
    const x = randomValues(random, xShape.reduce((p, d) => p * d), 'normal');
    const w = randomValues(random, wShape.reduce((p, d) => p * d), 'normal');
    const b = randomValues(random, wShape[0]!, 'normal');
    const out = conv2d(tensor(Float32Array.from(x), xShape), tensor(Float32Array.from(w), wShape), tensor(Float32Array.from(b), [wShape[0]!]), { stride, padding, dilation });
    const expected = R.conv2d(R.array64(x, xShape), R.array64(w, wShape), R.array64(b, [wShape[0]!]), stride, padding, dilation);
    assert.deepEqual([...out.shape], [...expected.shape]);
    assertNear(out.data, expected.data, 1e-5, `conv2d trial ${trial}`);
  }
});

test('conv2d gives the same bits whether or not a gradient will read its columns', () => {
  // Without a gradient to come the columns are not kept (one sample's at a time in the loops, not
  // copied out of WebAssembly); the output must not change.
  const random = new TestRandom(12);
  for (const groups of [1, 2]) {
    const xShape = [3, 4, 7, 6];
    const wShape = [6, 4 / groups, 3, 2];
    const x = Float32Array.from(randomValues(random, 3 * 4 * 7 * 6, 'normal'));
    const w = Float32Array.from(randomValues(random, 6 * (4 / groups) * 3 * 2, 'normal'));
    const options = { stride: [2, 1] as [number, number], padding: [1, 1] as [number, number], groups };
    const plain = conv2d(tensor(x, xShape), tensor(w, wShape), undefined, options);
    const tracked = conv2d(tensor(x, xShape), parameter(w, wShape), undefined, options);
    assert.deepEqual(plain.data, tracked.data, `groups ${groups}`);
  }
});

test('max and average pooling equal their definitions on random geometries', () => {
  const random = new TestRandom(13);
  for (let trial = 0; trial < 40; trial++) {
    const kernel: [number, number] = [1 + random.int(4), 1 + random.int(4)];
    const stride: [number, number] = [1 + random.int(3), 1 + random.int(3)];
    const padding: [number, number] = [random.int(Math.floor(kernel[0] / 2) + 1), random.int(Math.floor(kernel[1] / 2) + 1)];
    const shape = [1 + random.int(2), 1 + random.int(3), kernel[0] + random.int(6), kernel[1] + random.int(6)];
    const x = randomValues(random, shape.reduce((p, d) => p * d), 'normal');
    for (const kind of ['max', 'avg'] as const) {
      const op = kind === 'max' ? maxPool2d : avgPool2d;
      const out = op(tensor(Float32Array.from(x), shape), { kernel, stride, padding });
      const expected = R.pool2d(R.array64(x, shape), kind, kernel, stride, padding);
      assert.deepEqual([...out.shape], [...expected.shape]);
      assertNear(out.data, expected.data, 1e-6, `${kind} pool trial ${trial}`);
    }
  }
});

test('max pooling: ties send the gradient to the first maximum, NaN wins its window, padding never wins', () => {
  const x = tensor([3, 3, 1, 2, NaN, 0, -7, -8, -9, -5], [1, 1, 1, 10], { requiresGrad: true });
  // Windows of 3 with stride 3 over the row padded by one on each side: [pad 3 3] [1 2 NaN] [0 −7 −8] [−9 −5 pad].
  const out = maxPool2d(x, { kernel: [1, 3], stride: [1, 3], padding: [0, 1] });
  assert.deepEqual(Array.from(out.data), [3, NaN, 0, -5]);
  backward(out, Float32Array.from([10, 20, 30, 40]));
  assert.deepEqual(Array.from(x.grad!), [10, 0, 0, 0, 20, 30, 0, 0, 0, 40]);
});
