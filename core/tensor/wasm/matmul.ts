import { align, type Arena, type KernelExports } from './runtime';
import { gemmWorkBytes, splitGemm, takeGemmWorks } from './split-gemm';

/** Which operand is stored transposed: 'nn' C += A·B, 'nt' C += A·Bᵀ (B stored [n×k]), 'tn' C += Aᵀ·B (A stored [k×m]). */
export type GemmForm = 'nn' | 'nt' | 'tn';

/**
 * C[m×n] += op(A)·op(B) in WebAssembly: the three operands (contiguous blocks at the offsets, as
 * the reference kernels take them) are copied into the arena, C is accumulated there and copied
 * back. A transposed B is first transposed in wasm (the kernel wants rows of B contiguous); a
 * transposed A needs nothing, the kernel takes A's strides. Like every wasm* driver, returns false
 * without touching anything when the arena cannot grow to the size needed (the caller then runs
 * the reference kernel).
 */
export function wasmGemm(arena: Arena, form: GemmForm, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, aOffset: number, bOffset: number, cOffset: number): boolean {
  if (!arena.begin(align(m * k * 4) + 2 * align(k * n * 4) + align(m * n * 4) + gemmWorkBytes(arena, k))) return false;
  const aAt = arena.take(m * k);
  const bAt = arena.take(k * n);
  const tAt = form === 'nt' ? arena.take(k * n) : bAt;
  const cAt = arena.take(m * n);
  const works = takeGemmWorks(arena, k);
  arena.put(aAt, a, aOffset, m * k);
  arena.put(bAt, b, bOffset, k * n);
  arena.put(cAt, c, cOffset, m * n);
  if (form === 'nt') arena.kernels.transpose(bAt, n, k, tAt);
  if (form === 'tn') splitGemm(arena, works, m, n, k, aAt, 4, 4 * m, tAt, 4 * n, cAt, n);
  else splitGemm(arena, works, m, n, k, aAt, 4 * k, 4, tAt, 4 * n, cAt, n);
  arena.get(cAt, c, cOffset, m * n);
  return true;
}

/**
 * `batch` products C_i[m×n] += op(A_i)·op(B_i) in one visit to the arena, operand i being the
 * i-th block of its array (blocks of m·k, k·n and m·n elements, in any of the three forms). Each
 * product is the same kernel call as `wasmGemm`'s, so the same bits; but the operands are copied
 * in and C out once for the whole batch instead of once per product (attention runs batch·heads
 * small products per layer: 256 for the tiny GPT). With `overwrite` (a forward's fresh output) C
 * starts from zeros filled in wasm: its old contents are neither copied in nor read.
 */
export function wasmBatchGemm(arena: Arena, form: GemmForm, a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number, overwrite: boolean): boolean {
  const [aCount, bCount, cCount] = [m * k, k * n, m * n];
  if (!arena.begin(align(batch * aCount * 4) + align(batch * bCount * 4) + (form === 'nt' ? align(bCount * 4) : 0) + align(batch * cCount * 4) + gemmWorkBytes(arena, k))) return false;
  const aAt = arena.take(batch * aCount);
  const bAt = arena.take(batch * bCount);
  const tAt = form === 'nt' ? arena.take(bCount) : 0;
  const cAt = arena.take(batch * cCount);
  const works = takeGemmWorks(arena, k);
  arena.put(aAt, a, 0, batch * aCount);
  arena.put(bAt, b, 0, batch * bCount);
  if (overwrite) arena.kernels.fillZero(cAt, batch * cCount);
  else arena.put(cAt, c, 0, batch * cCount);
  for (let i = 0; i < batch; i++) {
    const [ai, bi, ci] = [aAt + 4 * i * aCount, bAt + 4 * i * bCount, cAt + 4 * i * cCount];
    if (form === 'nt') {
      arena.kernels.transpose(bi, n, k, tAt);
      splitGemm(arena, works, m, n, k, ai, 4 * k, 4, tAt, 4 * n, ci, n);
    } else if (form === 'tn') splitGemm(arena, works, m, n, k, ai, 4, 4 * m, bi, 4 * n, ci, n);
    else splitGemm(arena, works, m, n, k, ai, 4 * k, 4, bi, 4 * n, ci, n);
  }
  arena.get(cAt, c, 0, batch * cCount);
  return true;
}

/**
 * out[m×n] = A[m×k]·B[k×n] (+ bias[n] on every row) in one visit to the arena: C starts as zeros
 * filled in wasm (nothing copied in), the bias is added in place after the product, and C is
 * copied out once. The same operations in the same order as `matmul` then `addBias`, so the same bits.
 */
export function wasmLinear(arena: Arena, a: Float32Array, b: Float32Array, bias: Float32Array | undefined, out: Float32Array, m: number, k: number, n: number): boolean {
  if (!arena.begin(linearBytes(arena, m, k, n))) return false;
  arena.get(linearInArena(arena, a, b, bias, m, k, n), out, 0, m * n);
  return true;
}

/**
 * out = GELU(A·B + bias) and, when given, derivative = GELU′ there, in one visit: `wasmLinear`'s
 * steps, then $geluFast in place on C (the bits of wasmGelu on wasmLinear's output), so the
 * pre-activation values are neither copied out nor back in.
 */
export function wasmLinearGelu(arena: Arena, a: Float32Array, b: Float32Array, bias: Float32Array | undefined, out: Float32Array, derivative: Float32Array | undefined, m: number, k: number, n: number): boolean {
  if (!arena.begin(linearBytes(arena, m, k, n) + align(m * n * 4))) return false;
  const cAt = linearInArena(arena, a, b, bias, m, k, n);
  const derivativeAt = arena.take(m * n);
  arena.kernels.geluFast(cAt, cAt, derivativeAt, m * n);
  arena.get(cAt, out, 0, m * n);
  if (derivative) arena.get(derivativeAt, derivative, 0, m * n);
  return true;
}

function linearBytes(arena: Arena, m: number, k: number, n: number): number {
  return align(m * k * 4) + align(k * n * 4) + align(m * n * 4) + align(n * 4) + gemmWorkBytes(arena, k);
}

/** A·B (+ bias) into a region of the arena (after `begin`): C zero-filled, the gemm, the bias in place. Returns C's address. */
function linearInArena(arena: Arena, a: Float32Array, b: Float32Array, bias: Float32Array | undefined, m: number, k: number, n: number): number {
  const aAt = arena.take(m * k);
  const bAt = arena.take(k * n);
  const cAt = arena.take(m * n);
  const biasAt = arena.take(n);
  const works = takeGemmWorks(arena, k);
  arena.put(aAt, a, 0, m * k);
  arena.put(bAt, b, 0, k * n);
  const kernels = arena.kernels;
  kernels.fillZero(cAt, m * n);
  splitGemm(arena, works, m, n, k, aAt, 4 * k, 4, bAt, 4 * n, cAt, n);
  if (bias) {
    arena.put(biasAt, bias, 0, n);
    kernels.addBias(cAt, biasAt, cAt, m, n);
  }
  return cAt;
}

/**
 * out[m×n] = f(A[m×k]·W + bias) with W the [k×n] block of `w` from `wOffset`, f by `kind` (see
 * $addBiasActivate in kernels.wat: 0 none, 1 relu, 2 tanh): the loss landscape's dense layer in
 * one visit to the arena.
 */
export function wasmDenseActivate(arena: Arena, a: Float32Array, w: Float32Array, wOffset: number, bias: Float32Array, out: Float32Array, m: number, k: number, n: number, kind: 0 | 1 | 2): boolean {
  if (!arena.begin(align(m * k * 4) + align(k * n * 4) + align(m * n * 4) + align(n * 4) + align(48 * k))) return false;
  const aAt = arena.take(m * k);
  const wAt = arena.take(k * n);
  const cAt = arena.take(m * n);
  const biasAt = arena.take(n);
  const work = arena.take(12 * k);
  arena.put(aAt, a, 0, m * k);
  arena.put(wAt, w, wOffset, k * n);
  arena.put(biasAt, bias, 0, n);
  denseLayerInArena(arena.kernels, m, k, n, aAt, wAt, biasAt, kind, cAt, work);
  arena.get(cAt, out, 0, m * n);
  return true;
}

/**
 * C[m×n] = f(A[m×k]·W + bias) on values already in wasm memory (addresses): C zeroed, the gemm,
 * $addBiasActivate. One step, so a layer alone (`wasmDenseActivate`) and a stack of them
 * (`wasmDenseStack`) give the same bits. `work` holds the gemm's 48·k bytes.
 */
export function denseLayerInArena(kernels: KernelExports, m: number, k: number, n: number, aAt: number, wAt: number, biasAt: number, kind: 0 | 1 | 2, cAt: number, work: number): void {
  kernels.fillZero(cAt, m * n);
  kernels.gemm(m, n, k, aAt, 4 * k, 4, wAt, 4 * n, cAt, n, work);
  kernels.addBiasActivate(cAt, biasAt, m, n, kind);
}

/**
 * From how many rows dW = Xᵀ·dY reads a transposed copy of X ($transposeTall) rather than X's
 * columns in place (a stride of 4n bytes from one term to the next): the same sums, so the same
 * bits, and over thousands of rows (the tiny GPT's 4096) 10–30 % faster for the gemm, which then
 * reads contiguous rows; below about a thousand the two measured even.
 */
const TRANSPOSED_X_FROM_ROWS = 1024;

/** linear's gradients for `wasmLinearBackward`: each undefined when its input needs none. */
export interface LinearGradients {
  /** dX [rows×n]; `dxZero`: a buffer just created, taken as zeros whatever it holds (it may come unzeroed from the tape): not copied in. */
  readonly dx: Float32Array | undefined;
  readonly dxZero: boolean;
  /** dW [n×m]. */
  readonly dw: Float32Array | undefined;
  /** dbias [m]. */
  readonly db: Float32Array | undefined;
}

/**
 * linear's backward for out[rows×m] = X[rows×n]·W[n×m] + bias in one visit to the arena: dY is
 * copied in once for dX += dY·Wᵀ, dW += Xᵀ·dY and dbias += column sums of dY (three visits copied
 * it three times), and a dX of zeros is filled in wasm instead of copied. Each product is the call
 * `wasmGemm` makes ('nt', then 'tn') and the sums `wasmAddColumnSums`'s, so the bits are theirs.
 * With `derivative` (a fused activation's, kept by its forward) the output's gradient is
 * dy ⊙ derivative, multiplied here ($multiply: the bits of the activation's own rule) and never
 * copied out.
 */
export function wasmLinearBackward(arena: Arena, x: Float32Array, w: Float32Array, dy: Float32Array, grads: LinearGradients, rows: number, n: number, m: number, derivative?: Float32Array): boolean {
  const { dx, dxZero, dw, db } = grads;
  const dxBytes = dx ? 2 * align(n * m * 4) + align(rows * n * 4) : 0;
  const dwBytes = dw ? (rows >= TRANSPOSED_X_FROM_ROWS ? 2 : 1) * align(rows * n * 4) + align(n * m * 4) : 0;
  const dbBytes = db ? align(m * 4) + align(m * 8) : 0;
  const inner = Math.max(dx ? m : 0, dw ? rows : 0);
  const derivativeBytes = derivative ? align(rows * m * 4) : 0;
  if (!arena.begin(align(rows * m * 4) + derivativeBytes + dxBytes + dwBytes + dbBytes + gemmWorkBytes(arena, inner))) return false;
  const dyAt = arena.take(rows * m);
  const works = takeGemmWorks(arena, inner);
  arena.put(dyAt, dy, 0, rows * m);
  const kernels = arena.kernels;
  if (derivative) {
    const derivativeAt = arena.take(rows * m);
    arena.put(derivativeAt, derivative, 0, rows * m);
    kernels.multiply(dyAt, derivativeAt, dyAt, rows * m);
  }
  if (dx) {
    const wAt = arena.take(n * m);
    const tAt = arena.take(n * m);
    const dxAt = arena.take(rows * n);
    arena.put(wAt, w, 0, n * m);
    if (dxZero) kernels.fillZero(dxAt, rows * n);
    else arena.put(dxAt, dx, 0, rows * n);
    kernels.transpose(wAt, n, m, tAt);
    splitGemm(arena, works, rows, n, m, dyAt, 4 * m, 4, tAt, 4 * n, dxAt, n);
    arena.get(dxAt, dx, 0, rows * n);
  }
  if (dw) {
    const xAt = arena.take(rows * n);
    const dwAt = arena.take(n * m);
    arena.put(xAt, x, 0, rows * n);
    arena.put(dwAt, dw, 0, n * m);
    if (rows >= TRANSPOSED_X_FROM_ROWS) {
      const xtAt = arena.take(rows * n);
      kernels.transposeTall(xAt, rows, n, xtAt);
      splitGemm(arena, works, n, m, rows, xtAt, 4 * rows, 4, dyAt, 4 * m, dwAt, m);
    } else splitGemm(arena, works, n, m, rows, xAt, 4, 4 * n, dyAt, 4 * m, dwAt, m);
    arena.get(dwAt, dw, 0, n * m);
  }
  if (db) {
    const dbAt = arena.take(m);
    const sumsAt = arena.take(2 * m);
    arena.put(dbAt, db, 0, m);
    kernels.addColumnSums(dyAt, rows, m, dbAt, sumsAt);
    arena.get(dbAt, db, 0, m);
  }
  return true;
}
