import { align, type Arena } from './runtime';

/**
 * Elementwise kernels in WebAssembly: copy in, one SIMD pass, copy out. Worth it for the branchy
 * ones (relu's select costs a mispredicted branch per element in JavaScript on data of random sign).
 */

/** out = relu(x). */
export function wasmRelu(arena: Arena, x: Float32Array, out: Float32Array): boolean {
  const count = x.length;
  if (!arena.begin(2 * align(4 * count))) return false;
  const xAt = arena.take(count);
  const outAt = arena.take(count);
  arena.put(xAt, x, 0, count);
  arena.kernels.relu(xAt, outAt, count);
  arena.get(outAt, out, 0, count);
  return true;
}

/** dx += x > 0 ? dy : 0. */
export function wasmReluBackward(arena: Arena, x: Float32Array, dy: Float32Array, dx: Float32Array): boolean {
  return reluBackwardInArena(arena, x, dy, dx, true);
}

/** dx = 0 + (x > 0 ? dy : 0): wasmReluBackward on a dx zeroed in the arena, so dx is not copied in. */
export function wasmReluBackwardInto(arena: Arena, x: Float32Array, dy: Float32Array, dx: Float32Array): boolean {
  return reluBackwardInArena(arena, x, dy, dx, false);
}

function reluBackwardInArena(arena: Arena, x: Float32Array, dy: Float32Array, dx: Float32Array, accumulate: boolean): boolean {
  const count = x.length;
  if (!arena.begin(3 * align(4 * count))) return false;
  const xAt = arena.take(count);
  const dyAt = arena.take(count);
  const dxAt = arena.take(count);
  arena.put(xAt, x, 0, count);
  arena.put(dyAt, dy, 0, count);
  if (accumulate) arena.put(dxAt, dx, 0, count);
  else arena.kernels.fillZero(dxAt, count);
  arena.kernels.reluBackward(xAt, dyAt, dxAt, count);
  arena.get(dxAt, dx, 0, count);
  return true;
}

/** out[r, j] = x[r, j] + bias[j], rows of n. */
export function wasmAddBias(arena: Arena, x: Float32Array, bias: Float32Array, out: Float32Array): boolean {
  const count = x.length;
  const n = bias.length;
  if (!arena.begin(2 * align(4 * count) + align(4 * n))) return false;
  const xAt = arena.take(count);
  const biasAt = arena.take(n);
  const outAt = arena.take(count);
  arena.put(xAt, x, 0, count);
  arena.put(biasAt, bias, 0, n);
  arena.kernels.addBias(xAt, biasAt, outAt, count / n, n);
  arena.get(outAt, out, 0, count);
  return true;
}

/** db[j] += Σ_r dy[r, j], rows of n = db.length, each column summed in float64 (the reference's bits). */
export function wasmAddColumnSums(arena: Arena, dy: Float32Array, db: Float32Array): boolean {
  const count = dy.length;
  const n = db.length;
  if (!arena.begin(align(4 * count) + align(4 * n) + align(8 * n))) return false;
  const dyAt = arena.take(count);
  const dbAt = arena.take(n);
  const sumsAt = arena.take(2 * n);
  arena.put(dyAt, dy, 0, count);
  arena.put(dbAt, db, 0, n);
  arena.kernels.addColumnSums(dyAt, count / n, n, dbAt, sumsAt);
  arena.get(dbAt, db, 0, n);
  return true;
}

/** dx[argmax[o]] += dy[o]. */
export function wasmMaxPoolBackward(arena: Arena, dy: Float32Array, argmax: Int32Array, dx: Float32Array): boolean {
  return maxPoolBackwardInArena(arena, dy, argmax, dx, true);
}

/** dx = 0 + the scatter: wasmMaxPoolBackward on a dx zeroed in the arena, so dx is not copied in. */
export function wasmMaxPoolBackwardInto(arena: Arena, dy: Float32Array, argmax: Int32Array, dx: Float32Array): boolean {
  return maxPoolBackwardInArena(arena, dy, argmax, dx, false);
}

function maxPoolBackwardInArena(arena: Arena, dy: Float32Array, argmax: Int32Array, dx: Float32Array, accumulate: boolean): boolean {
  const count = dy.length;
  if (!arena.begin(2 * align(4 * count) + align(4 * dx.length))) return false;
  const dyAt = arena.take(count);
  const argmaxAt = arena.take(count);
  const dxAt = arena.take(dx.length);
  arena.put(dyAt, dy, 0, count);
  arena.i32.set(argmax, argmaxAt >> 2);
  if (accumulate) arena.put(dxAt, dx, 0, dx.length);
  else arena.kernels.fillZero(dxAt, dx.length);
  arena.kernels.maxPoolBackward(dyAt, argmaxAt, dxAt, count);
  arena.get(dxAt, dx, 0, dx.length);
  return true;
}

/** y = float32(y + a·x) elementwise, float64 arithmetic (bit-identical to the JavaScript loop). */
export function wasmAxpy(arena: Arena, y: Float32Array, a: number, x: Float32Array): boolean {
  const count = y.length;
  if (!arena.begin(2 * align(4 * count))) return false;
  const yAt = arena.take(count);
  const xAt = arena.take(count);
  arena.put(yAt, y, 0, count);
  arena.put(xAt, x, 0, count);
  arena.kernels.axpy(yAt, a, xAt, count);
  arena.get(yAt, y, 0, count);
  return true;
}

/**
 * out = GELU(x) and, when given, derivative = dGELU/dx, bit-identical to geluWithDerivative:
 * kernels.wat's $geluFast, a cheaper float64 evaluation kept only where its float32 rounding is
 * certain, $gelu (the reference's operations) elsewhere; checked on every float32 input by
 * scripts/check-gelu-exhaustive.mjs. The derivative is always computed (it shares the
 * exponential); without a target it is left in the arena.
 */
export function wasmGelu(arena: Arena, x: Float32Array, out: Float32Array, derivative: Float32Array | undefined): boolean {
  const count = x.length;
  if (!arena.begin(3 * align(4 * count))) return false;
  const xAt = arena.take(count);
  const outAt = arena.take(count);
  const derivativeAt = arena.take(count);
  arena.put(xAt, x, 0, count);
  arena.kernels.geluFast(xAt, outAt, derivativeAt, count);
  arena.get(outAt, out, 0, count);
  if (derivative) arena.get(derivativeAt, derivative, 0, count);
  return true;
}

/** out = the causal softmax of `rows` rows of `length` (causalSoftmaxRows's bits; kernels.wat's $causalSoftmax). */
export function wasmCausalSoftmax(arena: Arena, x: Float32Array, out: Float32Array, rows: number, length: number): boolean {
  const count = rows * length;
  if (!arena.begin(2 * align(4 * count) + align(8 * length))) return false;
  const xAt = arena.take(count);
  const outAt = arena.take(count);
  const scratchAt = arena.take(2 * length);
  arena.put(xAt, x, 0, count);
  arena.kernels.causalSoftmax(xAt, outAt, rows, length, scratchAt);
  arena.get(outAt, out, 0, count);
  return true;
}
