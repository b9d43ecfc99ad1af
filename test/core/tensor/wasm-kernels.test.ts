// The WebAssembly kernels (the 'fast' backend) against the reference TypeScript kernels on random
// shapes: odd sizes, size 1, sizes that are not multiples of the 4×8 tiles, operands at offsets,
// every convolution and pooling geometry the checker allows.
//
// Tolerances. Copies, selects and single additions (im2col, relu, bias add, max pooling and its
// gradient, col2im's scatter, the dense bias gradient) must agree bit for bit. The fast gemm sums
// a product of K terms in float32 lanes in blocks of at most 64 terms and adds the blocks in
// float64; the reference sums in float64. So the two may differ by the float32 summation error bound
// of one block: |fast − reference| ≤ (min(K, 64) + 3)·2⁻²⁴·(Σ|aᵢ·bᵢ| + |c₀|), computed per element
// by running the reference kernel on the absolute values (γ_B for recursive summation of a block,
// one rounding of each product, the reference's one rounding of the result and of the accumulation
// into C). The old kernel, float32 over the whole K, only met (K + 3)·2⁻²⁴·Σ|aᵢ·bᵢ| and fails this
// bound on long sums.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { setKernelBackend, fastKernelsAvailable, kernelBackend, kernelThresholds, defaultKernelThresholds } from '../../../core/tensor';
import { linearForward, matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from '../../../core/tensor/kernels/matmul';
import { conv2dBackward, conv2dForward } from '../../../core/tensor/kernels/conv2d';
import { convGeometry, type ConvGeometry } from '../../../core/tensor/kernels/conv-geometry';
import { maxPoolBackward, maxPoolBackwardInto, maxPoolForward } from '../../../core/tensor/kernels/pool2d';
import { poolGeometry } from '../../../core/tensor/kernels/pool-geometry';
import { addBiasRows, addColumnSums, axpy, reluBackwardAccumulate, reluBackwardInto, reluForward } from '../../../core/tensor/kernels/elementwise';
import { batchNormBackward, batchNormForward, batchNormInferenceForward } from '../../../core/tensor/kernels/normalization';
import { wasmArena } from '../../../core/tensor/wasm/runtime';
import { TestRandom } from './support/random';

const forced = { matmul: 0, conv2d: 0, maxPool: 0, elementwise: 0 };
const u = 2 ** -24;
/** The gemm's float32 block: at most this many terms are summed in float32 (kernels.wat, $tile). */
const block = 64;
const blockTerms = (k: number): number => Math.min(k, block);

/** Runs `fn` with the reference kernels, then with every kernel forced to WebAssembly; returns both results. */
function both<T>(fn: () => T): { reference: T; fast: T } {
  const previous = kernelBackend();
  try {
    setKernelBackend('reference');
    const reference = fn();
    setKernelBackend('fast', forced);
    const fast = fn();
    return { reference, fast };
  } finally {
    setKernelBackend(previous);
  }
}

function reference<T>(fn: () => T): T {
  const previous = kernelBackend();
  try {
    setKernelBackend('reference');
    return fn();
  } finally {
    setKernelBackend(previous);
  }
}

function values(random: TestRandom, length: number, scale = 1): Float32Array {
  return Float32Array.from({ length }, () => Math.fround(random.normal() * scale));
}

const abs = (array: Float32Array): Float32Array => array.map(Math.abs);

/** |fast − reference| ≤ (terms + 3)·u·bound, element by element. */
function assertWithinSumBound(fast: Float32Array, ref: Float32Array, bound: Float32Array, terms: number, what: string): void {
  assert.equal(fast.length, ref.length, `${what}: length`);
  for (let i = 0; i < ref.length; i++) {
    const allowed = (terms + 3) * u * bound[i]! + Number.MIN_VALUE;
    if (!(Math.abs(fast[i]! - ref[i]!) <= allowed)) assert.fail(`${what}[${i}]: fast ${fast[i]} vs reference ${ref[i]} (allowed ${allowed.toExponential(2)})`);
  }
}

function assertSameBits(fast: Float32Array | Int32Array, ref: Float32Array | Int32Array, what: string): void {
  assert.equal(fast.length, ref.length, `${what}: length`);
  for (let i = 0; i < ref.length; i++) {
    if (!Object.is(fast[i], ref[i])) assert.fail(`${what}[${i}]: fast ${fast[i]} vs reference ${ref[i]}`);
  }
}

test('the fast backend is available here (Node 20 has WebAssembly SIMD), and setKernelBackend checks its argument', () => {
  assert.equal(fastKernelsAvailable(), true);
  assert.equal(kernelBackend(), 'fast');
  assert.deepEqual(kernelThresholds(), defaultKernelThresholds);
  assert.throws(() => setKernelBackend('gpu' as 'fast'), /expected 'reference' or 'fast'/);
  setKernelBackend('fast', { matmul: 7 });
  assert.equal(kernelThresholds().matmul, 7);
  setKernelBackend('fast');
  assert.deepEqual(kernelThresholds(), defaultKernelThresholds);
});

type Form = 'A·B' | 'A·Bᵀ' | 'Aᵀ·B';
const kernelOf = { 'A·B': matmulAccumulate, 'A·Bᵀ': matmulTransposeBAccumulate, 'Aᵀ·B': matmulTransposeAAccumulate } as const;

function checkGemm(form: Form, m: number, k: number, n: number, offsets: [number, number, number], seed: number): void {
  const random = new TestRandom(seed);
  const [aOffset, bOffset, cOffset] = offsets;
  const a = values(random, aOffset + m * k + 2);
  const b = values(random, bOffset + k * n + 2);
  const c0 = values(random, cOffset + m * n + 2);
  const kernel = kernelOf[form];
  const { reference: ref, fast } = both(() => {
    const c = c0.slice();
    kernel(a, b, c, m, k, n, aOffset, bOffset, cOffset);
    return c;
  });
  // The bound: the reference kernel on |A|, |B| starting from |C₀|.
  const bound = reference(() => {
    const c = abs(c0);
    kernel(abs(a), abs(b), c, m, k, n, aOffset, bOffset, cOffset);
    return c;
  });
  assertWithinSumBound(fast, ref, bound, blockTerms(k), `${form} ${m}×${k}×${n}`);
  // Nothing outside C's block is touched.
  assertSameBits(fast.subarray(0, cOffset), c0.subarray(0, cOffset), `${form} before C`);
  assertSameBits(fast.subarray(cOffset + m * n), c0.subarray(cOffset + m * n), `${form} after C`);
}

test('gemm, all three forms: every small size mix (1…9, 12, 13, 17) agrees with the reference within the float32 summation bound', () => {
  const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17];
  let seed = 1;
  for (const form of ['A·B', 'A·Bᵀ', 'Aᵀ·B'] as const) {
    for (const m of sizes) for (const k of [1, 2, 3, 4, 5, 8, 9, 16, 33]) for (const n of sizes) checkGemm(form, m, k, n, [0, 0, 0], seed++);
  }
});

test('gemm, all three forms: random shapes up to 130 with operands at offsets (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<Form>('A·B', 'A·Bᵀ', 'Aᵀ·B'),
      fc.integer({ min: 1, max: 130 }),
      fc.integer({ min: 1, max: 130 }),
      fc.integer({ min: 1, max: 130 }),
      fc.tuple(fc.nat(9), fc.nat(9), fc.nat(9)),
      fc.nat(),
      (form, m, k, n, offsets, seed) => checkGemm(form, m, k, n, offsets, seed),
    ),
    { numRuns: 150, seed: 4 },
  );
});

test('gemm at the bench sizes (784-128 layers, their transposes) agrees within the bound', () => {
  checkGemm('A·B', 64, 784, 128, [0, 0, 0], 11);
  checkGemm('Aᵀ·B', 784, 64, 128, [0, 0, 0], 12);
  checkGemm('A·Bᵀ', 64, 64, 128, [0, 0, 0], 13);
});

test('gemm: long sums (K up to 16384, every term 0.1; random terms) stay within the bound of one 64-term block', () => {
  // Adding 0.1 in float32 4096 times is off by ~650·2⁻²⁴ of the sum (each rounding goes the same
  // way): the old kernel, float32 over the whole K, fails here; blocks of 64 in float64 do not.
  for (const [form, k] of [['A·B', 4096], ['Aᵀ·B', 4096], ['A·Bᵀ', 16384]] as const) {
    const m = 5, n = 9;
    const a = new Float32Array(m * k).fill(Math.fround(0.1));
    const b = new Float32Array(k * n).fill(1);
    const { reference: ref, fast } = both(() => {
      const c = new Float32Array(m * n);
      kernelOf[form](a, b, c, m, k, n);
      return c;
    });
    assertWithinSumBound(fast, ref, ref, blockTerms(k), `${form} ${m}×${k}×${n} of 0.1`);
  }
  checkGemm('Aᵀ·B', 16, 2048, 9, [1, 2, 3], 31); // the shape of a weight gradient over batch × positions
  checkGemm('A·B', 7, 3001, 13, [0, 0, 0], 32);
});

test('gemm propagates NaN and infinity like the reference (a NaN input makes its row and column NaN)', () => {
  const m = 5, k = 6, n = 9;
  const random = new TestRandom(3);
  const a = values(random, m * k);
  const b = values(random, k * n);
  a[2 * k + 1] = NaN;
  b[3 * n + 4] = Infinity;
  const { reference: ref, fast } = both(() => {
    const c = new Float32Array(m * n);
    matmulAccumulate(a, b, c, m, k, n);
    return c;
  });
  for (let i = 0; i < m * n; i++) assert.equal(Number.isNaN(fast[i]), Number.isNaN(ref[i]), `NaN at ${i}`);
  for (let i = 0; i < m * n; i++) if (!Number.isFinite(ref[i]!) && !Number.isNaN(ref[i]!)) assert.equal(fast[i], ref[i], `infinity at ${i}`);
});

/** A random convolution the checker would accept: padding at most what keeps an output. */
const convCase = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    channels: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 11 }),
    width: fc.integer({ min: 1, max: 11 }),
    filters: fc.integer({ min: 1, max: 6 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    bias: fc.boolean(),
    seed: fc.nat(),
  })
  .filter((c) => c.height + 2 * c.ph >= c.dh * (c.kh - 1) + 1 && c.width + 2 * c.pw >= c.dw * (c.kw - 1) + 1);

function checkConv(c: { batch: number; channels: number; height: number; width: number; filters: number; kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number; bias: boolean; seed: number }): void {
  const geometry: ConvGeometry = convGeometry([c.batch, c.channels, c.height, c.width], [c.filters, c.channels, c.kh, c.kw], { stride: [c.sh, c.sw], padding: [c.ph, c.pw], dilation: [c.dh, c.dw] });
  const random = new TestRandom(c.seed);
  const patch = c.channels * c.kh * c.kw;
  const positions = geometry.outHeight * geometry.outWidth;
  const x = values(random, c.batch * c.channels * c.height * c.width);
  const weight = values(random, c.filters * patch);
  const bias = c.bias ? values(random, c.filters) : undefined;
  const dy = values(random, c.batch * c.filters * positions);
  const dx0 = values(random, x.length);
  const dw0 = values(random, weight.length);
  const db0 = values(random, c.filters);
  const run = (xs: Float32Array, ws: Float32Array, bs: Float32Array | undefined, dys: Float32Array, dxs: Float32Array, dws: Float32Array, dbs: Float32Array) => {
    const columns = new Float32Array(c.batch * patch * positions);
    const out = new Float32Array(c.batch * c.filters * positions);
    conv2dForward(xs, ws, bs, geometry, columns, out);
    const dx = dxs.slice();
    const dweight = dws.slice();
    const dbias = dbs.slice();
    conv2dBackward(dys, ws, geometry, columns, dx, dweight, bs ? dbias : undefined);
    return { columns, out, dx, dweight, dbias };
  };
  const { reference: ref, fast } = both(() => run(x, weight, bias, dy, dx0, dw0, db0));
  const bound = reference(() => run(abs(x), abs(weight), bias && abs(bias), abs(dy), abs(dx0), abs(dw0), abs(db0)));
  const what = `conv ${JSON.stringify(c)}`;
  assertSameBits(fast.columns, ref.columns, `${what} columns`);
  // Both backends round dweight and dbias once per sample (the sum over positions is per sample), so
  // each side has up to `batch` roundings of the running sum: 2·batch, plus one block for dweight
  // (dbias sums in float64 on both sides).
  assertWithinSumBound(fast.out, ref.out, bound.out, blockTerms(patch), `${what} out`);
  assertWithinSumBound(fast.dweight, ref.dweight, bound.dweight, blockTerms(positions) + 2 * c.batch, `${what} dweight`);
  assertWithinSumBound(fast.dbias, ref.dbias, bound.dbias, 2 * c.batch, `${what} dbias`);
  assertWithinSumBound(fast.dx, ref.dx, bound.dx, blockTerms(c.filters) + c.kh * c.kw, `${what} dx`);
}

test('conv2d forward and backward (columns, output, dx, dweight, dbias) agree with the reference on random geometries (fast-check)', () => {
  fc.assert(fc.property(convCase, checkConv), { numRuns: 200, seed: 5 });
});

test('conv2d at the bench sizes (28×28 → 8 filters, 13×13×8 → 16 filters, batch 32) agrees within the bound', () => {
  const base = { sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, bias: true, kh: 3, kw: 3 };
  checkConv({ ...base, batch: 32, channels: 1, height: 28, width: 28, filters: 8, seed: 1 });
  checkConv({ ...base, batch: 32, channels: 8, height: 13, width: 13, filters: 16, seed: 2 });
  checkConv({ ...base, batch: 2, channels: 3, height: 9, width: 9, filters: 5, ph: 1, pw: 1, sh: 2, sw: 2, seed: 3 });
});

/** Values with ties (small integers), and now and then NaN or ±infinity. */
function poolValues(random: TestRandom, length: number, special: boolean): Float32Array {
  return Float32Array.from({ length }, () => {
    if (special) {
      const r = random.next();
      if (r < 0.05) return NaN;
      if (r < 0.08) return -Infinity;
      if (r < 0.1) return Infinity;
    }
    return random.int(5) - 2;
  });
}

test('max pooling forward (values and argmax: ties to the first, NaN wins) and backward are bit-identical to the reference (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.record({
        batch: fc.integer({ min: 1, max: 3 }),
        channels: fc.integer({ min: 1, max: 3 }),
        height: fc.integer({ min: 1, max: 17 }),
        width: fc.integer({ min: 1, max: 23 }),
        kh: fc.integer({ min: 1, max: 4 }),
        kw: fc.integer({ min: 1, max: 4 }),
        sh: fc.integer({ min: 1, max: 4 }),
        sw: fc.integer({ min: 1, max: 4 }),
        ph: fc.integer({ min: 0, max: 2 }),
        pw: fc.integer({ min: 0, max: 2 }),
        special: fc.boolean(),
        seed: fc.nat(),
      }),
      (c) => {
        fc.pre(2 * c.ph <= c.kh && 2 * c.pw <= c.kw && c.height + 2 * c.ph >= c.kh && c.width + 2 * c.pw >= c.kw);
        const geometry = poolGeometry('maxPool2d', [c.batch, c.channels, c.height, c.width], { kernel: [c.kh, c.kw], stride: [c.sh, c.sw], padding: [c.ph, c.pw] });
        const random = new TestRandom(c.seed);
        const x = poolValues(random, c.batch * c.channels * c.height * c.width, c.special);
        const outputs = c.batch * c.channels * geometry.outHeight * geometry.outWidth;
        const dy = values(random, outputs);
        const dx0 = values(random, x.length);
        const { reference: ref, fast } = both(() => {
          const out = new Float32Array(outputs);
          const argmax = new Int32Array(outputs);
          maxPoolForward(x, geometry, out, argmax);
          const dx = dx0.slice();
          maxPoolBackward(dy, argmax, dx);
          const zeroed = new Float32Array(x.length);
          maxPoolBackward(dy, argmax, zeroed);
          // The fresh form writes every element of an unzeroed buffer.
          const fresh = new Float32Array(x.length).fill(NaN);
          maxPoolBackwardInto(dy, argmax, fresh);
          return { out, argmax, dx, zeroed, fresh };
        });
        assertSameBits(fast.out, ref.out, `maxPool ${JSON.stringify(c)} out`);
        assertSameBits(fast.argmax, ref.argmax, `maxPool ${JSON.stringify(c)} argmax`);
        assertSameBits(fast.dx, ref.dx, `maxPool ${JSON.stringify(c)} dx`);
        assertSameBits(fast.fresh, ref.zeroed, `maxPool ${JSON.stringify(c)} dx into a fresh buffer`);
        assertSameBits(ref.fresh, ref.zeroed, `maxPool ${JSON.stringify(c)} reference dx into a fresh buffer`);
      },
    ),
    { numRuns: 300, seed: 6 },
  );
});

test('2×2 max pooling at stride 2 (its own wasm loop, floor and ceil mode) is bit-identical to the reference (fast-check)', () => {
  fc.assert(
    fc.property(
      fc.record({
        planes: fc.integer({ min: 1, max: 5 }),
        height: fc.integer({ min: 2, max: 19 }),
        width: fc.integer({ min: 2, max: 29 }),
        ceilMode: fc.boolean(),
        special: fc.boolean(),
        seed: fc.nat(),
      }),
      (c) => {
        const geometry = poolGeometry('maxPool2d', [1, c.planes, c.height, c.width], { kernel: [2, 2], ceilMode: c.ceilMode });
        const random = new TestRandom(c.seed);
        const x = poolValues(random, c.planes * c.height * c.width, c.special);
        const outputs = c.planes * geometry.outHeight * geometry.outWidth;
        const { reference: ref, fast } = both(() => {
          const out = new Float32Array(outputs);
          const argmax = new Int32Array(outputs);
          maxPoolForward(x, geometry, out, argmax);
          return { out, argmax };
        });
        assertSameBits(fast.out, ref.out, `maxPool 2×2 ${JSON.stringify(c)} out`);
        assertSameBits(fast.argmax, ref.argmax, `maxPool 2×2 ${JSON.stringify(c)} argmax`);
      },
    ),
    { numRuns: 300, seed: 17 },
  );
});

test('relu forward and backward, the dense bias add and axpy are bit-identical to the reference (NaN, ±0, ±infinity, odd lengths)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 19 }), fc.nat(), (length, n, seed) => {
      const random = new TestRandom(seed);
      const specials = [NaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45];
      const x = Float32Array.from({ length }, () => (random.next() < 0.2 ? specials[random.int(specials.length)]! : random.normal()));
      const dy = values(random, length);
      const dx0 = values(random, length);
      const rows = values(random, n * length);
      const bias = values(random, n);
      const { reference: ref, fast } = both(() => {
        const out = new Float32Array(length);
        reluForward(x, out);
        const dx = dx0.slice();
        reluBackwardAccumulate(x, dy, dx);
        const biased = new Float32Array(rows.length);
        addBiasRows(rows, bias, biased);
        const y = x.slice();
        axpy(y, -0.01, dy); // a float64 scale, as an SGD learning rate
        const z = dy.slice();
        axpy(z, 1 / 3, x);
        return { out, dx, biased, y, z };
      });
      assertSameBits(fast.out, ref.out, 'relu');
      assertSameBits(fast.dx, ref.dx, 'relu gradient');
      assertSameBits(fast.biased, ref.biased, 'bias add');
      assertSameBits(fast.y, ref.y, 'axpy');
      assertSameBits(fast.z, ref.z, 'axpy with specials in x');
    }),
    { numRuns: 200, seed: 7 },
  );
});

test('relu backward into an unzeroed buffer (a fresh gradient) gives the bits of accumulating into zeros, -0 in dy included, on both backends', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (length, seed) => {
      const random = new TestRandom(seed);
      const specials = [NaN, 0, -0, Infinity, -Infinity];
      const x = Float32Array.from({ length }, () => (random.next() < 0.2 ? specials[random.int(specials.length)]! : random.normal()));
      const dy = Float32Array.from({ length }, () => (random.next() < 0.2 ? specials[random.int(specials.length)]! : random.normal()));
      const { reference, fast } = both(() => {
        const zeroed = new Float32Array(length);
        reluBackwardAccumulate(x, dy, zeroed);
        const written = new Float32Array(length).fill(7); // stale values of a reused tape buffer
        reluBackwardInto(x, dy, written);
        return { zeroed, written };
      });
      assertSameBits(reference.written, reference.zeroed, 'reference: written vs accumulated');
      assertSameBits(fast.written, reference.zeroed, 'fast: written vs accumulated');
    }),
    { numRuns: 200, seed: 8 },
  );
});

test('the dense bias gradient (column sums: float64 per column, in the reference order) is bit-identical to the reference', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 37 }), fc.nat(), (rows, n, seed) => {
      const random = new TestRandom(seed);
      const dy = values(random, rows * n);
      const db0 = values(random, n);
      const { reference: ref, fast } = both(() => {
        const db = db0.slice();
        addColumnSums(dy, db);
        return db;
      });
      assertSameBits(fast, ref, `column sums ${rows}×${n}`);
    }),
    { numRuns: 200, seed: 8 },
  );
});

test('training-mode batch norm forward and backward (outputs, statistics, dx, dγ, dβ) are bit-identical to the reference (fast-check)', () => {
  // Spatial sizes 1…9 cover runs shorter than a vector, whole vectors and every tail length.
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), fc.nat(), (batch, channels, spatial, withDx, seed) => {
      const random = new TestRandom(seed);
      const size = batch * channels * spatial;
      const x = values(random, size, 3);
      const gamma = values(random, channels);
      const beta = values(random, channels);
      const dy = values(random, size);
      const dx0 = values(random, size);
      const dgamma0 = values(random, channels);
      const { reference: ref, fast } = both(() => {
        const buffers = { out: new Float32Array(size), statistics: new Float64Array(2 * channels), mean: new Float32Array(channels), variance: new Float32Array(channels) };
        batchNormForward(x, gamma, beta, batch, channels, spatial, 1e-5, buffers);
        const dx = dx0.slice();
        const dgamma = dgamma0.slice();
        const dbeta = new Float32Array(channels);
        batchNormBackward(dy, x, buffers.statistics, gamma, batch, channels, spatial, withDx ? dx : undefined, dgamma, dbeta);
        return { ...buffers, dx, dgamma, dbeta };
      });
      const what = `batch norm ${batch}×${channels}×${spatial}`;
      for (const key of ['out', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'] as const) assertSameBits(fast[key], ref[key], `${what} ${key}`);
      assert.deepEqual([...fast.statistics], [...ref.statistics], `${what} statistics`);
    }),
    { numRuns: 300, seed: 17 },
  );
});

test('evaluation-mode batch norm (four float32 roundings per value) is bit-identical to the reference, NaN and infinities included (fast-check)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.nat(), (batch, channels, spatial, seed) => {
      const random = new TestRandom(seed);
      const x = values(random, batch * channels * spatial, 1e3);
      x[random.int(x.length)] = [Number.NaN, Infinity, -Infinity, -0][random.int(4)]!;
      const [inverse, offset, gamma, beta] = [values(random, channels, 10), values(random, channels, 1e3), values(random, channels), values(random, channels)];
      const { reference: ref, fast } = both(() => {
        const out = new Float32Array(x.length);
        batchNormInferenceForward(x, inverse, offset, gamma, beta, channels, spatial, out);
        return out;
      });
      assertSameBits(fast, ref, `batch norm inference ${batch}×${channels}×${spatial}`);
    }),
    { numRuns: 300, seed: 18 },
  );
});

test('the default thresholds keep small problems on the reference path (a product under the matmul threshold gives its exact bits)', () => {
  const random = new TestRandom(9);
  const a = values(random, 4 * 4);
  const b = values(random, 4 * 4);
  const run = (): Float32Array => {
    const c = new Float32Array(16);
    matmulAccumulate(a, b, c, 4, 4, 4);
    return c;
  };
  assert.ok(4 * 4 * 4 < defaultKernelThresholds.matmul);
  setKernelBackend('reference');
  const ref = run();
  setKernelBackend('fast');
  assertSameBits(run(), ref, 'a 4×4×4 product under the default thresholds');
});

test('an operand too large for wasm32 memory falls back to the reference kernel instead of failing', () => {
  const arena = wasmArena()!;
  assert.equal(arena.begin(2 ** 33), false, 'more than 4 GiB cannot be reserved');
  assert.equal(arena.begin(1 << 20), true);
  checkGemm('A·B', 9, 10, 11, [1, 2, 3], 21);
});

test('linearForward (dense: product then bias in one op) gives the bits of matmul into zeros then addBiasRows, on both backends', () => {
  for (const [m, k, n, withBias] of [[1, 1, 1, true], [5, 9, 13, true], [64, 784, 128, true], [7, 130, 10, false], [33, 64, 17, true]] as const) {
    const random = new TestRandom(m * 1000 + k + n);
    const a = values(random, m * k);
    const b = values(random, k * n);
    const bias = withBias ? values(random, n) : undefined;
    const run = (): { fused: Float32Array; separate: Float32Array } => {
      const fused = new Float32Array(m * n).fill(NaN); // overwritten, whatever it held
      linearForward(a, b, bias, fused, m, k, n);
      const separate = new Float32Array(m * n);
      matmulAccumulate(a, b, separate, m, k, n);
      if (bias) addBiasRows(separate, bias, separate);
      return { fused, separate };
    };
    const { reference: ref, fast } = both(run);
    assertSameBits(ref.fused, ref.separate, `reference ${m}×${k}×${n}`);
    assertSameBits(fast.fused, fast.separate, `fast ${m}×${k}×${n}`);
  }
});

test('$transposeTall (down each 4-column strip) gives $transpose’s result, ragged edges included', () => {
  const arena = wasmArena()!;
  const random = new TestRandom(31);
  for (const [rows, cols] of [[4096, 64], [1030, 13], [7, 5], [4, 4], [1, 9], [9, 1], [3, 3]] as const) {
    const count = rows * cols;
    assert.ok(arena.begin(3 * 4 * (count + 4)));
    const [srcAt, oneAt, tallAt] = [arena.take(count), arena.take(count), arena.take(count)];
    arena.f32.set(Float32Array.from({ length: count }, () => random.normal()), srcAt >> 2);
    arena.kernels.transpose(srcAt, rows, cols, oneAt);
    arena.kernels.transposeTall(srcAt, rows, cols, tallAt);
    assert.deepEqual(arena.f32.slice(tallAt >> 2, (tallAt >> 2) + count), arena.f32.slice(oneAt >> 2, (oneAt >> 2) + count), `${rows} × ${cols}`);
  }
});
