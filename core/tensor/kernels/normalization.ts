import { wasmBatchNormBackward, wasmBatchNormForward, wasmBatchNormInference, wasmLayerNormBackward, wasmLayerNormForward } from '../wasm/normalization';
import { fastArena } from './backend';

/**
 * Batch and layer normalisation with hand-written backward rules. Statistics are accumulated in
 * float64 with two passes (mean, then the mean of squared deviations), and the variance that
 * normalises is the biased one (divide by the count), as in PyTorch.
 */

/**
 * Where batch-norm's per-channel results go: `statistics` holds the float64 mean (first `channels`
 * values) and 1/√(variance + ε) (next `channels`), which the backward pass reads to recompute x̂
 * from x instead of keeping an x̂ per element; `mean` and `variance` (biased) are for running statistics.
 */
export interface BatchNormBuffers {
  readonly out: Float32Array;
  readonly statistics: Float64Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/**
 * Evaluation-mode batch norm over x seen as [batch, channels, spatial], in one pass:
 * out = (x·inverse[c] + offset[c])·γ[c] + β[c], each product and sum rounded to float32 as the same
 * four broadcast operations would round them (so a run with gradients gets the same bits).
 */
export function batchNormInferenceForward(x: Float32Array, inverse: Float32Array, offset: Float32Array, gamma: Float32Array, beta: Float32Array, channels: number, spatial: number, out: Float32Array): void {
  const arena = fastArena('elementwise', x.length);
  if (spatial > 0 && arena && wasmBatchNormInference(arena, x, inverse, offset, gamma, beta, channels, spatial, out)) return;
  for (let start = 0, c = 0; start < x.length; start += spatial, c = c + 1 === channels ? 0 : c + 1) {
    const s = inverse[c]!;
    const o = offset[c]!;
    const g = gamma[c]!;
    const b = beta[c]!;
    for (let i = start; i < start + spatial; i++) out[i] = Math.fround(Math.fround(Math.fround(Math.fround(x[i]! * s) + o) * g) + b);
  }
}

/**
 * Per-channel sums over x seen as [batch, channels, spatial] run in a fixed order that SIMD lanes
 * can follow, so the WebAssembly kernel (kernels.wat's $batchNormForward/$batchNormBackward) gives
 * the same bits: in each sample's run of `spatial` values, element i of the first ⌊spatial/4⌋·4 adds
 * into accumulator i mod 4 and the rest into a tail accumulator, all in float64 from 0, sample after
 * sample; the sum is ((a0 + a1) + (a2 + a3)) + tail. Four chains instead of one also keep the
 * JavaScript loop from waiting on each addition's latency.
 */
function combine(a0: number, a1: number, a2: number, a3: number, tail: number): number {
  return a0 + a1 + (a2 + a3) + tail;
}

/**
 * Training-mode batch norm over x seen as [batch, channels, spatial]: statistics per channel over
 * batch and spatial positions (mean, then the mean of squared deviations: the biased variance, as
 * PyTorch normalises with); out = γ·x̂ + β with x̂ = (x − mean)/√(variance + ε), in float64.
 */
export function batchNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, batch: number, channels: number, spatial: number, eps: number, buffers: BatchNormBuffers): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmBatchNormForward(arena, x, gamma, beta, batch, channels, spatial, eps, buffers)) return;
  const { out, statistics, mean, variance } = buffers;
  const count = batch * spatial;
  const channelStride = channels * spatial;
  const vectorLength = spatial & ~3;
  for (let c = 0; c < channels; c++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, tail = 0;
    for (let start = c * spatial; start < x.length; start += channelStride) {
      let i = start;
      for (const end4 = start + vectorLength; i < end4; i += 4) {
        a0 += x[i]!;
        a1 += x[i + 1]!;
        a2 += x[i + 2]!;
        a3 += x[i + 3]!;
      }
      for (const end = start + spatial; i < end; i++) tail += x[i]!;
    }
    const mu = combine(a0, a1, a2, a3, tail) / count;
    a0 = a1 = a2 = a3 = tail = 0;
    for (let start = c * spatial; start < x.length; start += channelStride) {
      let i = start;
      for (const end4 = start + vectorLength; i < end4; i += 4) {
        const d0 = x[i]! - mu, d1 = x[i + 1]! - mu, d2 = x[i + 2]! - mu, d3 = x[i + 3]! - mu;
        a0 += d0 * d0;
        a1 += d1 * d1;
        a2 += d2 * d2;
        a3 += d3 * d3;
      }
      for (const end = start + spatial; i < end; i++) tail += (x[i]! - mu) * (x[i]! - mu);
    }
    const sigma2 = combine(a0, a1, a2, a3, tail) / count;
    const invStd = 1 / Math.sqrt(sigma2 + eps);
    const g = gamma[c]!;
    const b = beta[c]!;
    for (let start = c * spatial; start < x.length; start += channelStride) {
      for (let i = start; i < start + spatial; i++) out[i] = g * ((x[i]! - mu) * invStd) + b;
    }
    statistics[c] = mu;
    statistics[channels + c] = invStd;
    mean[c] = mu;
    variance[c] = sigma2;
  }
}

/**
 * Batch-norm gradients from the forward's float64 statistics, x̂ recomputed from x as the forward
 * rounded it to float32: dγ += Σ dy·x̂, dβ += Σ dy and
 * dx += γ·invStd/m · (m·dy − Σ dy − x̂·Σ dy·x̂), sums per channel over its m = batch·spatial values
 * (in the order of `combine`).
 */
export function batchNormBackward(
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
): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmBatchNormBackward(arena, dy, x, statistics, gamma, batch, channels, spatial, dx, dgamma, dbeta)) return;
  const count = batch * spatial;
  const channelStride = channels * spatial;
  const vectorLength = spatial & ~3;
  for (let c = 0; c < channels; c++) {
    const mu = statistics[c]!;
    const invStd = statistics[channels + c]!;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, tail = 0;
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0, productTail = 0;
    for (let start = c * spatial; start < x.length; start += channelStride) {
      let i = start;
      for (const end4 = start + vectorLength; i < end4; i += 4) {
        a0 += dy[i]!;
        a1 += dy[i + 1]!;
        a2 += dy[i + 2]!;
        a3 += dy[i + 3]!;
        p0 += dy[i]! * Math.fround((x[i]! - mu) * invStd);
        p1 += dy[i + 1]! * Math.fround((x[i + 1]! - mu) * invStd);
        p2 += dy[i + 2]! * Math.fround((x[i + 2]! - mu) * invStd);
        p3 += dy[i + 3]! * Math.fround((x[i + 3]! - mu) * invStd);
      }
      for (const end = start + spatial; i < end; i++) {
        tail += dy[i]!;
        productTail += dy[i]! * Math.fround((x[i]! - mu) * invStd);
      }
    }
    const sumDy = combine(a0, a1, a2, a3, tail);
    const sumDyXHat = combine(p0, p1, p2, p3, productTail);
    if (dgamma) dgamma[c] = dgamma[c]! + sumDyXHat;
    if (dbeta) dbeta[c] = dbeta[c]! + sumDy;
    if (!dx) continue;
    const factor = (gamma[c]! * invStd) / count;
    for (let start = c * spatial; start < x.length; start += channelStride) {
      for (let i = start; i < start + spatial; i++) dx[i] = dx[i]! + factor * (count * dy[i]! - sumDy - Math.fround((x[i]! - mu) * invStd) * sumDyXHat);
    }
  }
}

/**
 * Layer norm over the last axis of x seen as [rows, n]: out = γ·x̂ + β, statistics per row. The
 * 'fast' backend runs it in WebAssembly (kernels.wat's $layerNormForward, the same bits) from
 * `thresholds.elementwise` elements on; so is the backward pass when dx, dγ and dβ are all wanted.
 */
export function layerNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  rows: number,
  n: number,
  eps: number,
  out: Float32Array,
  normalized: Float32Array,
  inverseStd: Float32Array,
): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmLayerNormForward(arena, x, gamma, beta, rows, n, eps, out, normalized, inverseStd)) return;
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    let sum = 0;
    for (let i = start; i < end; i++) sum += x[i]!;
    const mu = sum / n;
    let squares = 0;
    for (let i = start; i < end; i++) squares += (x[i]! - mu) * (x[i]! - mu);
    const invStd = 1 / Math.sqrt(squares / n + eps);
    for (let i = start, j = 0; i < end; i++, j++) {
      const xHat = (x[i]! - mu) * invStd;
      normalized[i] = xHat;
      out[i] = gamma[j]! * xHat + beta[j]!;
    }
    inverseStd[r] = invStd;
  }
}

/**
 * Layer-norm gradients: with ĝ = dy·γ per row, dx += invStd/n · (n·ĝ − Σ ĝ − x̂·Σ ĝ·x̂);
 * dγ += Σ_rows dy·x̂ and dβ += Σ_rows dy.
 */
export function layerNormBackward(
  dy: Float32Array,
  normalized: Float32Array,
  inverseStd: Float32Array,
  gamma: Float32Array,
  rows: number,
  n: number,
  dx: Float32Array | undefined,
  dgamma: Float32Array | undefined,
  dbeta: Float32Array | undefined,
): void {
  const arena = dx && dgamma && dbeta && fastArena('elementwise', dy.length);
  if (arena && wasmLayerNormBackward(arena, dy, normalized, inverseStd, gamma, rows, n, dx, dgamma, dbeta)) return;
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    if (!dx) {
      if (dgamma) for (let i = start, j = 0; i < end; i++, j++) dgamma[j] = dgamma[j]! + dy[i]! * normalized[i]!;
      if (dbeta) for (let i = start, j = 0; i < end; i++, j++) dbeta[j] = dbeta[j]! + dy[i]!;
      continue;
    }
    // One pass for dγ, dβ and the row's two sums (each accumulates in the same order as in a pass
    // of its own, so the same bits): 1.4 ms instead of 1.9 for one of the tiny GPT's [4096, 64] layer norms.
    let sum = 0;
    let sumXHat = 0;
    for (let i = start, j = 0; i < end; i++, j++) {
      const gradient = dy[i]!;
      const xHat = normalized[i]!;
      if (dgamma) dgamma[j] = dgamma[j]! + gradient * xHat;
      if (dbeta) dbeta[j] = dbeta[j]! + gradient;
      const scaled = gradient * gamma[j]!;
      sum += scaled;
      sumXHat += scaled * xHat;
    }
    const factor = inverseStd[r]! / n;
    for (let i = start, j = 0; i < end; i++, j++) dx[i] = dx[i]! + factor * (n * dy[i]! * gamma[j]! - sum - normalized[i]! * sumXHat);
  }
}
