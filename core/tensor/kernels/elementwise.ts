import { wasmAddBias, wasmAddColumnSums, wasmAxpy, wasmRelu, wasmReluBackward, wasmReluBackwardInto } from '../wasm/elementwise';
import { fastArena } from './backend';

/**
 * The elementwise loops of relu and of a dense layer's bias, forward and gradient, and axpy (an
 * optimizer's update, a gradient passed through unchanged). Each is the
 * reference loop, run in WebAssembly SIMD instead by the 'fast' backend from
 * `thresholds.elementwise` elements on (wasm/elementwise.ts). All of them give the same bits either
 * way (the bias gradient's column sums run in float64 there too, row after row as here).
 */

/** out[i] = x[i] > 0 ? x[i] : 0 (NaN → 0). */
export function reluForward(x: Float32Array, out: Float32Array): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmRelu(arena, x, out)) return;
  for (let i = 0; i < out.length; i++) out[i] = x[i]! > 0 ? x[i]! : 0;
}

/** dx[i] += x[i] > 0 ? dy[i] : 0 (the gradient is 0 at the kink, as PyTorch). */
export function reluBackwardAccumulate(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmReluBackward(arena, x, dy, dx)) return;
  reluBackwardLoop(x, dy, dx);
}

/** dx = 0 + (x > 0 ? dy : 0) into an unzeroed buffer: reluBackwardAccumulate's bits on a zeroed dx. */
export function reluBackwardInto(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmReluBackwardInto(arena, x, dy, dx)) return;
  dx.fill(0);
  reluBackwardLoop(x, dy, dx);
}

/** The reference loop of both: dx += x > 0 ? dy : 0. */
function reluBackwardLoop(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < dy.length; i++) dx[i] = dx[i]! + (x[i]! > 0 ? dy[i]! : 0);
}

/** out[r·n + j] = x[r·n + j] + bias[j], n = bias.length. */
export function addBiasRows(x: Float32Array, bias: Float32Array, out: Float32Array): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmAddBias(arena, x, bias, out)) return;
  const n = bias.length;
  for (let row = 0; row < out.length; row += n) {
    for (let j = 0; j < n; j++) out[row + j] = x[row + j]! + bias[j]!;
  }
}

/**
 * out[i] = a[i] + b[i], arrays of one length (a residual add: four of 262,144 values in a tiny-GPT
 * step, where this loop ran at ~2 ns a value; with the copies in and out, wasm takes a quarter).
 */
export function addArrays(a: Float32Array, b: Float32Array, out: Float32Array): void {
  addBiasRows(a, b, out); // one row as long as the arrays: the same sums, and the same wasm path
}

/** db[j] += Σ_r dy[r·n + j], n = db.length (the gradient of `addBiasRows` with respect to the bias). */
export function addColumnSums(dy: Float32Array, db: Float32Array): void {
  const arena = fastArena('elementwise', dy.length);
  if (arena && wasmAddColumnSums(arena, dy, db)) return;
  const n = db.length;
  for (let j = 0; j < n; j++) {
    let total = 0;
    for (let i = j; i < dy.length; i += n) total += dy[i]!;
    db[j] = db[j]! + total;
  }
}

/** y[i] = y[i] + a·x[i] (rounded once to float32; with a = −lr, plain SGD's update θ ← θ − lr·∇). */
export function axpy(y: Float32Array, a: number, x: Float32Array): void {
  if (x.length !== y.length) throw new Error(`axpy: x has ${x.length} values, y ${y.length}`);
  const arena = fastArena('elementwise', y.length);
  if (arena && wasmAxpy(arena, y, a, x)) return;
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}
