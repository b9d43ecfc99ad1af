/**
 * The losses of the spec as fused kernels: each returns the mean loss and its gradient with
 * respect to the scores it is given, in one pass. Classification losses take the scores BEFORE a
 * final softmax or sigmoid (logits), so they stay exact for any logit: the model's last activation
 * is folded into the loss, as PyTorch's CrossEntropyLoss and BCEWithLogitsLoss do.
 */

export type LossName = 'mse' | 'mae' | 'cross_entropy' | 'binary_cross_entropy' | 'hinge';

/**
 * The likelihood losses (cross-entropy, binary cross-entropy) read the scores before a final
 * softmax/sigmoid; every other loss reads the model's output.
 */
export function readsLogits(loss: LossName): boolean {
  return loss === 'cross_entropy' || loss === 'binary_cross_entropy';
}

/** The tensor (or array) a loss is computed from, given a forward pass's output and logits. */
export function lossScores<T>(loss: LossName, result: { readonly output: T; readonly logits: T }): T {
  return readsLogits(loss) ? result.logits : result.output;
}

/** A loss value and d(loss)/d(scores), same layout as the scores. */
export interface LossResult {
  readonly value: number;
  readonly grad: Float32Array;
}

/** Targets: class indices for classification losses, real values (same layout as the output) for regression. */
export type Targets = Int32Array | Float32Array;

/**
 * Mean squared error over the batch and every output element (`F.mse_loss`).
 * @param rows the batch size; scores and targets hold rows × width values.
 */
function meanSquaredError(scores: Float32Array, targets: Float32Array, grad: Float32Array): number {
  let sum = 0;
  const scale = 2 / scores.length;
  for (let i = 0; i < scores.length; i++) {
    const difference = scores[i]! - targets[i]!;
    sum += difference * difference;
    grad[i] = scale * difference;
  }
  return sum / scores.length;
}

/** Mean absolute error (`F.l1_loss`); the gradient at a tie is 0, as sign(0) = 0 in PyTorch. */
function meanAbsoluteError(scores: Float32Array, targets: Float32Array, grad: Float32Array): number {
  let sum = 0;
  const scale = 1 / scores.length;
  for (let i = 0; i < scores.length; i++) {
    const difference = scores[i]! - targets[i]!;
    sum += Math.abs(difference);
    grad[i] = difference > 0 ? scale : difference < 0 ? -scale : 0;
  }
  return sum / scores.length;
}

/** Cross-entropy from logits [rows, classes]: mean of logsumexp(s) − s[target]; grad (softmax − onehot)/rows. */
function crossEntropy(scores: Float32Array, targets: Int32Array, rows: number, grad: Float32Array): number {
  const classes = scores.length / rows;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[offset + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(scores[offset + k]! - max);
    const logSum = max + Math.log(sum);
    const target = targets[r]!;
    total += logSum - scores[offset + target]!;
    for (let k = 0; k < classes; k++) grad[offset + k] = (Math.exp(scores[offset + k]! - logSum) - (k === target ? 1 : 0)) / rows;
  }
  return total / rows;
}

/** Binary cross-entropy from logits [rows, 1]: mean of max(z, 0) − z·t + log(1 + e^−|z|); grad (σ(z) − t)/rows. */
function binaryCrossEntropy(scores: Float32Array, targets: Int32Array, rows: number, grad: Float32Array): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const z = scores[r]!;
    const t = targets[r]!;
    total += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    const sigmoid = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    grad[r] = (sigmoid - t) / rows;
  }
  return total / rows;
}

/**
 * Hinge loss on scores [rows, 1] with classes 0/1 mapped to y = −1/+1: mean of max(0, 1 − y·s).
 * Exactly on the margin the gradient is −y/rows, as `torch.clamp(1 - y*s, min=0)` passes it there.
 */
function hinge(scores: Float32Array, targets: Int32Array, rows: number, grad: Float32Array): number {
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
 * Computes a loss and its gradient. `grad` may be passed in to reuse a buffer across steps.
 * @param scores the model's output, or for cross_entropy/binary_cross_entropy after a final
 *   softmax/sigmoid, the scores before it.
 */
export function computeLoss(name: LossName, scores: Float32Array, targets: Targets, rows: number, grad: Float32Array = new Float32Array(scores.length)): LossResult {
  if (grad.length !== scores.length) throw new Error(`loss ${name}: grad buffer has ${grad.length} values for ${scores.length} scores`);
  const classTargets = (): Int32Array => {
    if (!(targets instanceof Int32Array)) throw new Error(`loss ${name}: targets must be class indices (Int32Array)`);
    return targets;
  };
  const realTargets = (): Float32Array => {
    if (!(targets instanceof Float32Array) || targets.length !== scores.length) throw new Error(`loss ${name}: targets must be real values shaped like the output`);
    return targets;
  };
  switch (name) {
    case 'mse':
      return { value: meanSquaredError(scores, realTargets(), grad), grad };
    case 'mae':
      return { value: meanAbsoluteError(scores, realTargets(), grad), grad };
    case 'cross_entropy':
      return { value: crossEntropy(scores, classTargets(), rows, grad), grad };
    case 'binary_cross_entropy':
      return { value: binaryCrossEntropy(scores, classTargets(), rows, grad), grad };
    case 'hinge':
      return { value: hinge(scores, classTargets(), rows, grad), grad };
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}
