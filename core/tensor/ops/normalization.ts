import { formatShape } from '../../common/format';
import { needsGrad, record } from '../graph';
import { batchNormForward, batchNormInferenceForward, layerNormForward } from '../kernels/normalization';
import { allocateFloat32 } from '../tape';
import { tensor, type Tensor } from '../tensor';
import { add, mul } from './arithmetic';
import { reshape } from './reshape';
import { result } from './result';

/** Batch norm's output and the batch statistics (biased variance) for the running averages. */
export interface BatchNormResult {
  readonly output: Tensor;
  /** Per-channel batch mean (valid until the tape is reset). */
  readonly mean: Float32Array;
  /** Per-channel biased batch variance (divide by count; PyTorch's running update uses count/(count − 1) times it). */
  readonly variance: Float32Array;
}

/**
 * Training-mode batch norm of x [batch, C] or [batch, C, H, W] with scale γ [C] and shift β [C]:
 * normalised with the batch's own mean and biased variance over every axis but the channel.
 */
export function batchNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): BatchNormResult {
  if (x.shape.length !== 2 && x.shape.length !== 4) throw new Error(`batchNorm: x must be [batch, C] or [batch, C, H, W], got ${formatShape(x.shape)}`);
  const [batch, channels] = x.shape as [number, number];
  for (const [name, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (t.shape.length !== 1 || t.shape[0] !== channels) throw new Error(`batchNorm: ${name} must be [${channels}] for x ${formatShape(x.shape)}, got ${formatShape(t.shape)}`);
  }
  const spatial = x.size / Math.max(batch * channels, 1);
  if (batch * spatial < 2) throw new Error(`batchNorm: training needs more than one value per channel, x is ${formatShape(x.shape)}`);
  const out = result(x.shape);
  const statistics = new Float64Array(2 * channels);
  const mean = allocateFloat32(channels, false);
  const variance = allocateFloat32(channels, false);
  batchNormForward(x.data, gamma.data, beta.data, batch, channels, spatial, eps, { out: out.data, statistics, mean, variance });
  const inputs = [x, gamma, beta];
  if (needsGrad(inputs)) record('batchNorm', inputs, out, { statistics, batch, spatial });
  return { output: out, mean, variance };
}

/**
 * Evaluation-mode batch norm of x [batch, C] or [batch, C, H, W] with the running statistics:
 * ((x − running mean)/√(running var + ε))·γ + β per channel, computed as x·inverse + offset. When a
 * gradient will be taken (to x, γ or β) it is four broadcast operations on the tape; otherwise one
 * pass with the same roundings, without the temporaries (evaluation and probes go through here).
 */
export function batchNormInference(x: Tensor, gamma: Tensor, beta: Tensor, runningMean: Float32Array, runningVariance: Float32Array, eps: number): Tensor {
  const channels = x.shape[1];
  if ((x.shape.length !== 2 && x.shape.length !== 4) || channels === undefined) throw new Error(`batchNormInference: x must be [batch, C] or [batch, C, H, W], got ${formatShape(x.shape)}`);
  const inverse = new Float32Array(channels);
  const offset = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    inverse[c] = 1 / Math.sqrt(runningVariance[c]! + eps);
    offset[c] = -runningMean[c]! * inverse[c]!;
  }
  if (needsGrad([x, gamma, beta])) {
    const shape = x.shape.length === 4 ? [1, channels, 1, 1] : [1, channels];
    const normalised = add(mul(x, tensor(inverse, shape)), tensor(offset, shape));
    return add(mul(normalised, reshape(gamma, shape)), reshape(beta, shape));
  }
  const out = result(x.shape);
  batchNormInferenceForward(x.data, inverse, offset, gamma.data, beta.data, channels, x.size / Math.max(x.shape[0]! * channels, 1), out.data);
  return out;
}

/** Layer norm over the last axis of x [..., n] with scale γ [n] and shift β [n]. */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  const n = x.shape[x.shape.length - 1];
  if (n === undefined || n === 0) throw new Error(`layerNorm: x needs a non-empty last axis, got ${formatShape(x.shape)}`);
  for (const [name, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (t.shape.length !== 1 || t.shape[0] !== n) throw new Error(`layerNorm: ${name} must be [${n}] for x ${formatShape(x.shape)}, got ${formatShape(t.shape)}`);
  }
  const rows = x.size / n;
  const out = result(x.shape);
  const normalized = allocateFloat32(x.size, false);
  const inverseStd = allocateFloat32(rows, false);
  layerNormForward(x.data, gamma.data, beta.data, rows, n, eps, out.data, normalized, inverseStd);
  return record('layerNorm', [x, gamma, beta], out, { normalized, inverseStd });
}
