import { allocateFloat32 } from '../tape';
import { wasmBatchGemm, wasmGemm, wasmLinear, wasmLinearBackward, wasmLinearGelu, type GemmForm, type LinearGradients } from '../wasm/matmul';
import { addBiasRows, addColumnSums } from './elementwise';
import { fastArena } from './backend';
import { geluForward } from './gelu';

/**
 * Matrix multiplication kernels. All three forms accumulate:
 * C += op(A)·op(B), C being m×n and row-major at `cOffset`. Forward passes hand them a zeroed C;
 * gradient rules hand them the gradient buffer itself, so nothing is added twice or copied.
 *
 * One strided kernel serves the three forms, as BLAS's sgemm does: element (i, p) of op(A) is
 * a[aOffset + i·aRow + p·aCol] and element (p, j) of op(B) is b[bOffset + p·bRow + j·bCol], so a
 * transposed operand is only a swap of strides and never materialised. The kernel computes 4×4
 * blocks of C in sixteen float64 locals (register blocking: each loaded element of A is used four
 * times, each of B four times), so a sum is rounded to float32 once, when it is added to C.
 *
 * That loop is the reference. With the 'fast' backend (kernels/backend.ts) a product of at least
 * `thresholds.matmul` multiply-adds runs in WebAssembly SIMD instead (wasm/matmul.ts), which sums
 * blocks of at most 64 terms in float32 lanes and adds the blocks in float64: the results differ by
 * the float32 rounding of one block, (min(k, 64) + 3)·2⁻²⁴·Σ|a·b| at most, whatever k.
 */

/**
 * out[m×n] = A[m×k]·B[k×n], then + bias[n] on every row (dense's forward): `out` is overwritten.
 * The product and the bias add are the same operations as matmulAccumulate into zeros then
 * addBiasRows, so the bits are those of the two separate ops; with the fast backend it is one
 * visit to WebAssembly instead of two (the zeros and the product's output are never copied).
 */
export function linearForward(a: Float32Array, b: Float32Array, bias: Float32Array | undefined, out: Float32Array, m: number, k: number, n: number): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmLinear(arena, a, b, bias, out, m, k, n)) return;
  out.fill(0, 0, m * n);
  matmulAccumulate(a, b, out, m, k, n);
  if (bias) addBiasRows(out, bias, out);
}

/**
 * linear's gradients for out[rows×m] = X[rows×n]·W[n×m] + bias: dX += dY·Wᵀ, dW += Xᵀ·dY,
 * dbias += Σ_rows dY (each skipped when undefined). The same kernels as the three separate calls,
 * chosen by the same sizes, so the same bits; with the fast backend one visit to WebAssembly.
 */
export function linearBackward(x: Float32Array, w: Float32Array, dy: Float32Array, grads: LinearGradients, rows: number, n: number, m: number): void {
  const arena = fastArena('matmul', rows * m * n);
  if (arena && wasmLinearBackward(arena, x, w, dy, grads, rows, n, m)) return;
  if (grads.dx && grads.dxZero) grads.dx.fill(0);
  if (grads.dx) matmulTransposeBAccumulate(dy, w, grads.dx, rows, m, n);
  if (grads.dw) matmulTransposeAAccumulate(x, dy, grads.dw, n, rows, m);
  if (grads.db) addColumnSums(dy, grads.db);
}

/**
 * out = GELU(A·B + bias) and, when given, derivative = GELU′ at A·B + bias (dense(activation:
 * gelu) as one op): linearForward then geluForward on its output, so their bits; with the fast
 * backend one visit to WebAssembly, the values before the activation never leaving it.
 */
export function linearGeluForward(a: Float32Array, b: Float32Array, bias: Float32Array | undefined, out: Float32Array, derivative: Float32Array | undefined, m: number, k: number, n: number): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmLinearGelu(arena, a, b, bias, out, derivative, m, k, n)) return;
  linearForward(a, b, bias, out, m, k, n);
  geluForward(out, out, derivative);
}

/**
 * linearBackward for out = GELU(X·W + bias), dY being dy ⊙ derivative (GELU's own rule: the
 * float32 product, written into a fresh buffer), so the bits of the two separate rules; with the
 * fast backend that product is taken in WebAssembly, in the visit that uses it.
 */
export function linearGeluBackward(x: Float32Array, w: Float32Array, dy: Float32Array, derivative: Float32Array, grads: LinearGradients, rows: number, n: number, m: number): void {
  const arena = fastArena('matmul', rows * m * n);
  if (arena && wasmLinearBackward(arena, x, w, dy, grads, rows, n, m, derivative)) return;
  const dz = allocateFloat32(dy.length, false);
  for (let i = 0; i < dz.length; i++) dz[i] = dy[i]! * derivative[i]!;
  linearBackward(x, w, dz, grads, rows, n, m);
}

/**
 * C_i[m×n] += op(A_i)·op(B_i) for i < batch (`form` as in wasm/matmul.ts), operand i being the
 * i-th block of its array (m·k, k·n, m·n elements). The kernel chosen per product, as for one
 * product of that size, so the bits are those of `batch` separate calls; with the fast backend
 * the whole batch is one visit to WebAssembly. `overwrite`: C_i = op(A_i)·op(B_i), C's old
 * contents ignored (a forward's output buffer need not be zeroed first, nor copied in).
 */
export function batchGemmAccumulate(form: GemmForm, a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number, overwrite = false): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmBatchGemm(arena, form, a, b, c, batch, m, k, n, overwrite)) return;
  if (overwrite) c.fill(0, 0, batch * m * n);
  const single = form === 'nn' ? matmulAccumulate : form === 'nt' ? matmulTransposeBAccumulate : matmulTransposeAAccumulate;
  for (let i = 0; i < batch; i++) single(a, b, c, m, k, n, i * m * k, i * k * n, i * m * n);
}

/** C[m×n] += A[m×k] · B[k×n]. */
export function matmulAccumulate(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, aOffset = 0, bOffset = 0, cOffset = 0): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmGemm(arena, 'nn', a, b, c, m, k, n, aOffset, bOffset, cOffset)) return;
  gemm(m, n, k, a, aOffset, k, 1, b, bOffset, n, 1, c, cOffset);
}

/** C[m×n] += A[m×k] · Bᵀ, where B is stored as [n×k]. */
export function matmulTransposeBAccumulate(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, aOffset = 0, bOffset = 0, cOffset = 0): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmGemm(arena, 'nt', a, b, c, m, k, n, aOffset, bOffset, cOffset)) return;
  gemm(m, n, k, a, aOffset, k, 1, b, bOffset, 1, k, c, cOffset);
}

/** C[m×n] += Aᵀ · B[k×n], where A is stored as [k×m]. */
export function matmulTransposeAAccumulate(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, aOffset = 0, bOffset = 0, cOffset = 0): void {
  const arena = fastArena('matmul', m * n * k);
  if (arena && wasmGemm(arena, 'tn', a, b, c, m, k, n, aOffset, bOffset, cOffset)) return;
  gemm(m, n, k, a, aOffset, 1, m, b, bOffset, n, 1, c, cOffset);
}

function gemm(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aOffset: number,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bOffset: number,
  bRow: number,
  bCol: number,
  c: Float32Array,
  cOffset: number,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const aRow2 = 2 * aRow;
  const aRow3 = 3 * aRow;
  const bCol2 = 2 * bCol;
  const bCol3 = 3 * bCol;
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOffset + i * aRow;
    const c0 = cOffset + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      let ap = a0;
      let bp = bOffset + j * bCol;
      for (let p = 0; p < k; p++) {
        const b0 = b[bp]!;
        const b1 = b[bp + bCol]!;
        const b2 = b[bp + bCol2]!;
        const b3 = b[bp + bCol3]!;
        const x0 = a[ap]!;
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        const x1 = a[ap + aRow]!;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
        const x2 = a[ap + aRow2]!;
        s20 += x2 * b0; s21 += x2 * b1; s22 += x2 * b2; s23 += x2 * b3;
        const x3 = a[ap + aRow3]!;
        s30 += x3 * b0; s31 += x3 * b1; s32 += x3 * b2; s33 += x3 * b3;
        ap += aCol;
        bp += bRow;
      }
      c[c0 + j] = c[c0 + j]! + s00; c[c0 + j + 1] = c[c0 + j + 1]! + s01; c[c0 + j + 2] = c[c0 + j + 2]! + s02; c[c0 + j + 3] = c[c0 + j + 3]! + s03;
      c[c1 + j] = c[c1 + j]! + s10; c[c1 + j + 1] = c[c1 + j + 1]! + s11; c[c1 + j + 2] = c[c1 + j + 2]! + s12; c[c1 + j + 3] = c[c1 + j + 3]! + s13;
      c[c2 + j] = c[c2 + j]! + s20; c[c2 + j + 1] = c[c2 + j + 1]! + s21; c[c2 + j + 2] = c[c2 + j + 2]! + s22; c[c2 + j + 3] = c[c2 + j + 3]! + s23;
      c[c3 + j] = c[c3 + j]! + s30; c[c3 + j + 1] = c[c3 + j + 1]! + s31; c[c3 + j + 2] = c[c3 + j + 2]! + s32; c[c3 + j + 3] = c[c3 + j + 3]! + s33;
    }
  }
  // The ragged edges (the last m mod 4 rows, the last n mod 4 columns) one dot product at a time.
  edges(m, n, k, m4, n4, a, aOffset, aRow, aCol, b, bOffset, bRow, bCol, c, cOffset);
}

function edges(
  m: number,
  n: number,
  k: number,
  m4: number,
  n4: number,
  a: Float32Array,
  aOffset: number,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bOffset: number,
  bRow: number,
  bCol: number,
  c: Float32Array,
  cOffset: number,
): void {
  for (let i = 0; i < m; i++) {
    const jStart = i < m4 ? n4 : 0;
    const aStart = aOffset + i * aRow;
    for (let j = jStart; j < n; j++) {
      let sum = 0;
      let ap = aStart;
      let bp = bOffset + j * bCol;
      for (let p = 0; p < k; p++) {
        sum += a[ap]! * b[bp]!;
        ap += aCol;
        bp += bRow;
      }
      c[cOffset + i * n + j] = c[cOffset + i * n + j]! + sum;
    }
  }
}
