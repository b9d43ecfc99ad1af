import type { LayerSummary } from '../analysis';
import { comparesElements, scoreRows, type LossName } from '../nn/losses';
import type * as t from '../tensor';
import type { LayerActivationStats } from './events';
import { outputNonlinearity } from './layer-parameters';
import type { HealthThresholds } from './thresholds';

/**
 * Per-unit view of a batch of activations [batch, ...shape]: a unit is the last axis of a rank-1 or
 * rank-2 sample (dense units), or the channel of a [C, H, W] sample (a conv filter's feature map).
 */
function unitLayout(shape: readonly number[]): { units: number; inner: number; rows: number } {
  const batch = shape[0] ?? 1;
  const sample = shape.slice(1);
  if (sample.length === 3) return { units: sample[0]!, inner: sample[1]! * sample[2]!, rows: batch };
  const units = sample[sample.length - 1] ?? 1;
  const rows = batch * sample.slice(0, -1).reduce((p, d) => p * d, 1);
  return { units, inner: 1, rows };
}

/**
 * The share of units whose values satisfy `hit` on more than `share` of their probe values.
 */
function unitShare(values: Float32Array, shape: readonly number[], hit: (v: number) => boolean, share: number): number {
  const { units, inner, rows } = unitLayout(shape);
  const counts = new Float64Array(units);
  if (inner === 1) {
    for (let r = 0; r < rows; r++) for (let u = 0; u < units; u++) if (hit(values[r * units + u]!)) counts[u]!++;
  } else {
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < units; u++) {
        const base = (r * units + u) * inner;
        for (let i = 0; i < inner; i++) if (hit(values[base + i]!)) counts[u]!++;
      }
    }
  }
  const perUnit = rows * inner;
  let flagged = 0;
  for (let u = 0; u < units; u++) if (counts[u]! > share * perUnit) flagged++;
  return units === 0 ? 0 : flagged / units;
}

/**
 * Mean and standard deviation (float64 sums). A function of its own: its loop is what V8 compiles
 * on the stack (OSR), and compiling it alone is far cheaper than compiling all of
 * `activationStatistics` around it, again at each deoptimisation.
 */
function meanAndStd(data: Float32Array): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]!;
    squares += data[i]! * data[i]!;
  }
  const mean = data.length === 0 ? 0 : sum / data.length;
  const std = data.length === 0 ? 0 : Math.sqrt(Math.max(0, squares / data.length - mean * mean));
  return { mean, std };
}

/**
 * The share of dead units: those whose every probe value is ≤ 0 (NaN counts as alive, as `v <= 0`
 * is false for it). A unit's scan stops at its first value above 0, so a healthy relu layer costs a
 * few reads per unit instead of a pass over the layer (this ran at every epoch's end).
 */
function deadShare(values: Float32Array, shape: readonly number[]): number {
  const { units, inner, rows } = unitLayout(shape);
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) {
      const base = (r * units + u) * inner;
      for (let i = base; i < base + inner; i++) {
        if (!(values[i]! <= 0)) {
          alive = true;
          break;
        }
      }
    }
    if (!alive) dead++;
  }
  return units === 0 ? 0 : dead / units;
}

/**
 * Statistics of every layer's output on the probe batch. Dead-unit shares are measured on layers
 * ending in relu; saturation on tanh and sigmoid — except the model's own final sigmoid/softmax,
 * whose confident outputs are the goal of training, not a defect.
 */
export function activationStatistics(layers: readonly LayerSummary[], activations: ReadonlyMap<string, t.Tensor>, last: LayerSummary | undefined, thresholds: HealthThresholds): LayerActivationStats[] {
  const stats: LayerActivationStats[] = [];
  for (const layer of layers) {
    const value = activations.get(layer.name);
    if (!value) continue;
    const data = value.data;
    const { mean, std } = meanAndStd(data);
    const activation = outputNonlinearity(layer);
    const isOutput = layer === last;
    let deadFraction: number | null = null;
    let saturatedFraction: number | null = null;
    if (activation === 'relu') deadFraction = deadShare(data, value.shape);
    else if (activation === 'tanh' && !isOutput) saturatedFraction = unitShare(data, value.shape, (v) => Math.abs(v) > thresholds.tanhSaturation, thresholds.saturatedSamples);
    else if (activation === 'sigmoid' && !isOutput) {
      const high = thresholds.sigmoidSaturation;
      saturatedFraction = unitShare(data, value.shape, (v) => v > high || v < 1 - high, thresholds.saturatedSamples);
    }
    stats.push({ layer: layer.name, activation, mean, std, deadFraction, saturatedFraction });
  }
  return stats;
}

/**
 * Mean entropy (nats) of the model's predicted distribution over `rows` rows of logits (one per
 * sample, or per position with `text(…, targets: all)`): softmax over
 * K classes for cross-entropy (and over the log-probabilities nll and kl_div read), Bernoulli(sigmoid) for binary cross-entropy; null otherwise.
 */
export function predictionEntropy(loss: LossName, logits: Float32Array, rows: number): number | null {
  if (rows === 0) return null;
  // nll and kl_div read log-probabilities, whose softmax is the distribution itself.
  if (loss === 'cross_entropy' || loss === 'nll' || loss === 'kl_div') {
    const k = logits.length / rows;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, logits[r * k + j]!);
      let z = 0;
      let weighted = 0;
      for (let j = 0; j < k; j++) {
        const s = logits[r * k + j]! - max;
        const e = Math.exp(s);
        z += e;
        weighted += e * s;
      }
      // H = log Z − Σ p·s  with s the shifted logits.
      total += Math.log(z) - weighted / z;
    }
    return total / rows;
  }
  if (loss === 'binary_cross_entropy') {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const s = logits[r]!;
      const p = 1 / (1 + Math.exp(-s));
      // H = softplus(s) − p·s, stable for both signs of s.
      const softplus = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
      total += softplus - p * s;
    }
    return total / rows;
  }
  return null;
}

/**
 * Correct predictions in a batch (per position with `text(…, targets: all)`): argmax over K scores (cross-entropy, or mse/mae on one-hot
 * targets); for one score, class 1 when it is positive (a logit or a hinge score) or, for mse/mae
 * regressing onto the class 0/1, when it is above one half.
 */
export function correctCount(loss: LossName, scores: Float32Array, targets: Int32Array | Float32Array, samples: number): number {
  if (!(targets instanceof Int32Array) || samples === 0) return 0;
  // One prediction per class target: samples × positions with text(…, targets: all).
  const rows = scoreRows(loss, targets, samples);
  const k = scores.length / rows;
  let correct = 0;
  if (k > 1) {
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (scores[r * k + j]! > scores[r * k + best]!) best = j;
      if (best === targets[r]) correct++;
    }
  } else {
    const threshold = comparesElements(loss) ? 0.5 : 0;
    for (let r = 0; r < rows; r++) if ((scores[r]! > threshold ? 1 : 0) === targets[r]) correct++;
  }
  return correct;
}
