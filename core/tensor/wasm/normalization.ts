import type { BatchNormBuffers } from '../kernels/normalization';
import { align, type Arena } from './runtime';

/**
 * Training-mode batch norm in WebAssembly SIMD (kernels.wat's $batchNormForward and
 * $batchNormBackward): the float64 statistics in two f64x2 lanes pairs, in the order the reference
 * kernels in kernels/normalization.ts follow, so either backend gives the same bits.
 */

/** batchNormForward's results for x seen as [batch, channels, spatial]. */
export function wasmBatchNormForward(arena: Arena, x: Float32Array, gamma: Float32Array, beta: Float32Array, batch: number, channels: number, spatial: number, eps: number, buffers: BatchNormBuffers): boolean {
  const count = x.length;
  if (!arena.begin(2 * align(4 * count) + 2 * align(4 * channels) + align(24 * channels))) return false;
  const xAt = arena.take(count);
  const outAt = arena.take(count);
  const gammaAt = arena.take(channels);
  const betaAt = arena.take(channels);
  const statsAt = arena.take(6 * channels);
  arena.put(xAt, x, 0, count);
  arena.put(gammaAt, gamma, 0, channels);
  arena.put(betaAt, beta, 0, channels);
  arena.kernels.batchNormForward(xAt, outAt, gammaAt, betaAt, statsAt, batch, channels, spatial, eps);
  arena.get(outAt, buffers.out, 0, count);
  const stats = new Float64Array(arena.f32.buffer, statsAt, 3 * channels);
  buffers.statistics.set(stats.subarray(0, 2 * channels));
  buffers.mean.set(stats.subarray(0, channels));
  buffers.variance.set(stats.subarray(2 * channels));
  return true;
}

/** batchNormBackward's gradients: the kernel sums per channel and updates dx; dγ and dβ add the sums here. */
export function wasmBatchNormBackward(
  arena: Arena,
  dy: Float32Array,
  x: Float32Array,
  statistics: Float64Array,
  gamma: Float32Array,
  batch: number,
  channels: number,
  spatial: number,
  dx: Float32Array | undefined,
  dgamma: Float32Array | undefined,
  dbeta: Float32Array | undefined,
): boolean {
  const count = x.length;
  if (!arena.begin(3 * align(4 * count) + align(4 * channels) + 2 * align(16 * channels))) return false;
  const dyAt = arena.take(count);
  const xAt = arena.take(count);
  const dxAt = arena.take(count);
  const gammaAt = arena.take(channels);
  const statsAt = arena.take(4 * channels);
  const sumsAt = arena.take(4 * channels);
  arena.put(dyAt, dy, 0, count);
  arena.put(xAt, x, 0, count);
  if (dx) arena.put(dxAt, dx, 0, count);
  arena.put(gammaAt, gamma, 0, channels);
  new Float64Array(arena.f32.buffer, statsAt, 2 * channels).set(statistics);
  arena.kernels.batchNormBackward(dyAt, xAt, dxAt, gammaAt, statsAt, sumsAt, batch, channels, spatial, dx ? 1 : 0);
  if (dx) arena.get(dxAt, dx, 0, count);
  const sums = new Float64Array(arena.f32.buffer, sumsAt, 2 * channels);
  for (let c = 0; c < channels; c++) {
    if (dgamma) dgamma[c] = dgamma[c]! + sums[channels + c]!;
    if (dbeta) dbeta[c] = dbeta[c]! + sums[c]!;
  }
  return true;
}

/** batchNormInferenceForward's output: one float32 pass, the reference's roundings. */
export function wasmBatchNormInference(arena: Arena, x: Float32Array, inverse: Float32Array, offset: Float32Array, gamma: Float32Array, beta: Float32Array, channels: number, spatial: number, out: Float32Array): boolean {
  const count = x.length;
  if (!arena.begin(2 * align(4 * count) + 4 * align(4 * channels))) return false;
  const xAt = arena.take(count);
  const outAt = arena.take(count);
  const [inverseAt, offsetAt, gammaAt, betaAt] = [inverse, offset, gamma, beta].map((values) => {
    const at = arena.take(channels);
    arena.put(at, values, 0, channels);
    return at;
  }) as [number, number, number, number];
  arena.put(xAt, x, 0, count);
  arena.kernels.batchNormInference(xAt, outAt, inverseAt, offsetAt, gammaAt, betaAt, count / spatial, channels, spatial);
  arena.get(outAt, out, 0, count);
  return true;
}

/** layerNormForward's results (kernels.wat's $layerNormForwardRows: $layerNormForward's float64 operations in the same order, four rows at once). */
export function wasmLayerNormForward(arena: Arena, x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, n: number, eps: number, out: Float32Array, normalized: Float32Array, inverseStd: Float32Array): boolean {
  const count = rows * n;
  if (!arena.begin(3 * align(4 * count) + 2 * align(4 * n) + align(4 * rows))) return false;
  const [xAt, outAt, normalizedAt] = [arena.take(count), arena.take(count), arena.take(count)];
  const [gammaAt, betaAt, inverseAt] = [arena.take(n), arena.take(n), arena.take(rows)];
  arena.put(xAt, x, 0, count);
  arena.put(gammaAt, gamma, 0, n);
  arena.put(betaAt, beta, 0, n);
  arena.kernels.layerNormForwardRows(xAt, gammaAt, betaAt, rows, n, eps, outAt, normalizedAt, inverseAt);
  arena.get(outAt, out, 0, count);
  arena.get(normalizedAt, normalized, 0, count);
  arena.get(inverseAt, inverseStd, 0, rows);
  return true;
}

/** layerNormBackward's gradients when dx, dγ and dβ are all wanted (kernels.wat's $layerNormBackwardRows: $layerNormBackward's operations four rows at once, the same bits). */
export function wasmLayerNormBackward(arena: Arena, dy: Float32Array, normalized: Float32Array, inverseStd: Float32Array, gamma: Float32Array, rows: number, n: number, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): boolean {
  const count = rows * n;
  if (!arena.begin(3 * align(4 * count) + 3 * align(4 * n) + align(4 * rows))) return false;
  const [dyAt, normalizedAt, dxAt] = [arena.take(count), arena.take(count), arena.take(count)];
  const [gammaAt, dgammaAt, dbetaAt, inverseAt] = [arena.take(n), arena.take(n), arena.take(n), arena.take(rows)];
  arena.put(dyAt, dy, 0, count);
  arena.put(normalizedAt, normalized, 0, count);
  arena.put(dxAt, dx, 0, count);
  arena.put(gammaAt, gamma, 0, n);
  arena.put(dgammaAt, dgamma, 0, n);
  arena.put(dbetaAt, dbeta, 0, n);
  arena.put(inverseAt, inverseStd, 0, rows);
  arena.kernels.layerNormBackwardRows(dyAt, normalizedAt, inverseAt, gammaAt, rows, n, dxAt, dgammaAt, dbetaAt);
  arena.get(dxAt, dx, 0, count);
  arena.get(dgammaAt, dgamma, 0, n);
  arena.get(dbetaAt, dbeta, 0, n);
  return true;
}
