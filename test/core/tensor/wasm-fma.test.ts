// The FMA variant of the WebAssembly kernels (the gemm in f32x4.relaxed_madd, derived from
// kernels.wat by scripts/build-wasm.mjs) against the reference kernel and the SIMD128 variant, on
// random shapes. A fused multiply-add rounds once where multiply-then-add rounds twice, so the FMA
// gemm meets the same bound as the SIMD128 one (wasm-kernels.test.ts): |fma − reference| ≤
// (min(K, 64) + 3)·2⁻²⁴·(Σ|aᵢ·bᵢ| + |c₀|), and the two variants differ by at most twice that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { fastKernelsVariant, kernelBackend, setKernelBackend } from '../../../core/tensor';
import { matmulAccumulate } from '../../../core/tensor/kernels/matmul';
import { instantiateKernels, type Arena } from '../../../core/tensor/wasm/runtime';
import { wasmGemm, type GemmForm } from '../../../core/tensor/wasm/matmul';
import { enableRelaxedSimd } from '../../../node/wasm-features';
import { TestRandom } from './support/random';

const u = 2 ** -24;

function values(random: TestRandom, length: number): Float32Array {
  return Float32Array.from({ length }, () => Math.fround(random.normal()));
}

/** C += op(A)·op(B) with the reference kernel, on the stored layouts wasmGemm takes for `form`. */
function referenceGemm(form: GemmForm, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number): void {
  const previous = kernelBackend();
  setKernelBackend('reference');
  try {
    // Bring every form to A[m×k]·B[k×n] with explicit transposes: the reference is then one call.
    const aa = form === 'tn' ? transpose(a, k, m) : a;
    const bb = form === 'nt' ? transpose(b, n, k) : b;
    matmulAccumulate(aa, bb, c, m, k, n);
  } finally {
    setKernelBackend(previous);
  }
}

function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!;
  return out;
}

test('the FMA module needs relaxed SIMD: without it only the SIMD128 variant instantiates (the fallback)', () => {
  setFlagsFromString('--no-experimental-wasm-relaxed-simd');
  assert.equal(instantiateKernels('fma'), undefined);
  assert.ok(instantiateKernels('simd'));
});

test('enableRelaxedSimd (the CLI and the training worker call it) makes the engine pick the FMA kernels', () => {
  enableRelaxedSimd();
  assert.ok(instantiateKernels('fma'));
  assert.equal(fastKernelsVariant(), 'fma');
});

test('gemm, FMA vs reference and vs SIMD128: random shapes and all three forms within the float32 block bound (fast-check)', () => {
  enableRelaxedSimd();
  const fma = instantiateKernels('fma')!;
  const simd = instantiateKernels('simd')!;
  const run = (arena: Arena, form: GemmForm, a: Float32Array, b: Float32Array, c0: Float32Array, m: number, k: number, n: number): Float32Array => {
    const c = c0.slice();
    assert.ok(wasmGemm(arena, form, a, b, c, m, k, n, 0, 0, 0));
    return c;
  };
  fc.assert(
    fc.property(
      fc.constantFrom<GemmForm>('nn', 'nt', 'tn'),
      fc.integer({ min: 1, max: 150 }),
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 150 }),
      fc.nat(),
      (form, m, k, n, seed) => {
        const random = new TestRandom(seed);
        const a = values(random, m * k);
        const b = values(random, k * n);
        const c0 = values(random, m * n);
        const reference = c0.slice();
        referenceGemm(form, a, b, reference, m, k, n);
        const bound = c0.map(Math.abs);
        referenceGemm(form, a.map(Math.abs), b.map(Math.abs), bound, m, k, n);
        const fused = run(fma, form, a, b, c0, m, k, n);
        const separate = run(simd, form, a, b, c0, m, k, n);
        const terms = Math.min(k, 64) + 3;
        for (let i = 0; i < m * n; i++) {
          const allowed = terms * u * bound[i]! + Number.MIN_VALUE;
          if (!(Math.abs(fused[i]! - reference[i]!) <= allowed)) assert.fail(`${form} ${m}×${k}×${n} [${i}]: fma ${fused[i]} vs reference ${reference[i]}`);
          if (!(Math.abs(fused[i]! - separate[i]!) <= 2 * allowed)) assert.fail(`${form} ${m}×${k}×${n} [${i}]: fma ${fused[i]} vs simd ${separate[i]}`);
        }
      },
    ),
    { numRuns: 120, seed: 17 },
  );
});
