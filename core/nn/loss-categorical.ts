/**
 * The losses over classes and distributions, each as its `torch.nn.functional` twin with
 * `reduction='mean'` (kl_div: 'batchmean'): cross_entropy from logits (class weights and label
 * smoothing as PyTorch 1.13 combines them), binary_cross_entropy from the logit, hinge on a score,
 * nll and kl_div on log-probabilities (the output of a final logsoftmax).
 */

import { crossEntropyRows, rowLogSumExp } from '../tensor';

/** What cross-entropy reads of its setting (core/nn/losses.ts's CrossEntropySetting). */
export interface CrossEntropyOptions {
  readonly weights?: readonly number[];
  readonly labelSmoothing: number;
}

/** Σ over rows [firstRow, firstRow + rows) of the weight of each row's class: F.cross_entropy's divisor with `weight=`. */
export function crossEntropyWeight(weights: readonly number[], targets: ArrayLike<number>, firstRow: number, rows: number): number {
  let sum = 0;
  for (let r = firstRow; r < firstRow + rows; r++) sum += weights[targets[r]!]!;
  return sum;
}

/**
 * One row's cross-entropy term before the mean, t = (1 − ε)·w_y·(−log p_y) + (ε/K)·Σ_c w_c·(−log p_c),
 * with p = softmax(s), w = the class weights (all 1 without them), ε the label smoothing: what
 * `F.cross_entropy(s, y, weight=w, label_smoothing=ε, reduction='none')` returns in PyTorch 1.13.
 * The mean divides Σ t by Σ w_y (by the rows without weights).
 */
export function crossEntropyTerm(options: CrossEntropyOptions, scores: ArrayLike<number>, offset: number, classes: number, target: number, logSum = rowLogSumExp(scores, offset, classes)): number {
  const { weights, labelSmoothing } = options;
  const targetWeight = weights ? weights[target]! : 1;
  let term = (1 - labelSmoothing) * targetWeight * (logSum - scores[offset + target]!);
  if (labelSmoothing > 0) {
    let smooth = 0;
    for (let k = 0; k < classes; k++) smooth += (weights ? weights[k]! : 1) * (logSum - scores[offset + k]!);
    term += (labelSmoothing / classes) * smooth;
  }
  return term;
}

/**
 * Cross-entropy from logits [rows, classes], divided by `divisor` (Σ w_y, or the rows). Gradient of
 * a row's term: p_k·((1 − ε)·w_y + (ε/K)·Σw) − (1 − ε)·w_y·[k = y] − (ε/K)·w_k; without weights and
 * smoothing that is the familiar softmax − onehot.
 */
export function crossEntropy(options: CrossEntropyOptions, scores: Float32Array, targets: Int32Array, rows: number, divisor: number, grad: Float32Array): number {
  const classes = scores.length / rows;
  const { weights, labelSmoothing } = options;
  const smoothing = labelSmoothing / classes;
  let weightSum = classes;
  if (weights) weightSum = weights.reduce((a, b) => a + b, 0);
  const shares = new Float64Array(rows);
  const scales = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    shares[r] = (1 - labelSmoothing) * (weights ? weights[targets[r]!]! : 1);
    scales[r] = shares[r]! + smoothing * weightSum;
  }
  const smooth = new Float64Array(classes);
  for (let k = 0; k < classes; k++) smooth[k] = smoothing * (weights ? weights[k]! : 1);
  const logSums = new Float64Array(rows);
  crossEntropyRows(scores, targets, rows, classes, { shares, scales, smooth, divisor }, logSums, grad);
  let total = 0;
  for (let r = 0; r < rows; r++) total += crossEntropyTerm(options, scores, r * classes, classes, targets[r]!, logSums[r]);
  return total / divisor;
}

/** One row's binary cross-entropy from the logit z: max(z, 0) − z·t + log(1 + e^−|z|). */
export function binaryCrossEntropyTerm(z: number, t: number): number {
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

/** Binary cross-entropy from logits [rows, 1]; grad (σ(z) − t)/rows. */
export function binaryCrossEntropy(scores: Float32Array, targets: Int32Array, rows: number, grad: Float32Array): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const z = scores[r]!;
    const t = targets[r]!;
    total += binaryCrossEntropyTerm(z, t);
    const sigmoid = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    grad[r] = (sigmoid - t) / rows;
  }
  return total / rows;
}

/**
 * Binary cross-entropy from logits against real targets in [0, 1] of the same layout (`target:
 * input`: each pixel a Bernoulli), as `F.binary_cross_entropy_with_logits`: the mean over every
 * element; grad (σ(z) − t)/elements.
 */
export function binaryCrossEntropyReal(scores: Float32Array, targets: Float32Array, grad: Float32Array): number {
  let total = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const z = scores[i]!;
    const t = targets[i]!;
    total += binaryCrossEntropyTerm(z, t);
    const sigmoid = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    grad[i] = (sigmoid - t) / n;
  }
  return n > 0 ? total / n : 0;
}

/** One row's hinge loss max(0, 1 − y·s), the class 0/1 mapped to y = −1/+1. */
export function hingeTerm(s: number, target: number): number {
  return Math.max(0, 1 - (target === 1 ? 1 : -1) * s);
}

/**
 * Hinge loss on scores [rows, 1]. Exactly on the margin the gradient is −y/rows, as
 * `torch.clamp(1 - y*s, min=0)` passes it there.
 */
export function hinge(scores: Float32Array, targets: Int32Array, rows: number, grad: Float32Array): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const y = targets[r] === 1 ? 1 : -1;
    const margin = 1 - y * scores[r]!;
    total += Math.max(0, margin);
    grad[r] = margin >= 0 ? -y / rows : 0;
  }
  return total / rows;
}

/**
 * `F.nll_loss(logp, y, weight=w)` on log-probabilities [rows, classes]: Σ −w_y·logp[y] / `divisor`
 * (the rows without weights, Σ w_y with them); grad −w_y/divisor at the target.
 */
export function negativeLogLikelihood(logProbabilities: Float32Array, targets: Int32Array, rows: number, weights: readonly number[] | undefined, divisor: number, grad: Float32Array): number {
  const classes = logProbabilities.length / rows;
  grad.fill(0);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const at = r * classes + targets[r]!;
    const weight = weights ? weights[targets[r]!]! : 1;
    total -= weight * logProbabilities[at]!;
    grad[at] = -weight / divisor;
  }
  return total / divisor;
}

/** xlogy(q, q) − q·logp: one element of `F.kl_div`; 0·log 0 = 0, as torch.xlogy gives. */
export function klDivergenceTerm(logProbability: number, q: number): number {
  return (q === 0 ? 0 : q * Math.log(q)) - q * logProbability;
}

/**
 * `F.kl_div(logp, q, reduction='batchmean')`: Σ over every element of q·(log q − logp), divided by
 * the rows; grad −q/rows. Targets are used as given (a negative one gives NaN, as in PyTorch).
 */
export function klDivergence(logProbabilities: Float32Array, targets: Float32Array, rows: number, grad: Float32Array): number {
  let total = 0;
  for (let i = 0; i < logProbabilities.length; i++) {
    const q = targets[i]!;
    total += klDivergenceTerm(logProbabilities[i]!, q);
    grad[i] = -q / rows;
  }
  return total / rows;
}
