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

/**
 * Targets: class indices for classification losses; real values (same layout as the output) for
 * regression, or class indices that mse and mae compare one-hot (docs/language.md, section 10).
 */
export type Targets = Int32Array | Float32Array;

/**
 * The target of output element `i` (of `width` per row): the real value itself, or for class targets
 * the one-hot encoding of the class (`F.one_hot(y, K)`), and with a single output the class 0/1 as
 * a number — what a PyTorch user feeds `F.mse_loss` to regress onto classes.
 */
function targetAt(targets: Targets, i: number, width: number): number {
  if (targets instanceof Float32Array) return targets[i]!;
  const row = Math.floor(i / width);
  return width === 1 ? targets[row]! : targets[row] === i - row * width ? 1 : 0;
}

/**
 * Mean squared error over the batch and every output element (`F.mse_loss`).
 * @param width output elements per row; targets hold the same layout as the scores, or a class per row.
 */
function meanSquaredError(scores: Float32Array, targets: Targets, width: number, grad: Float32Array): number {
  let sum = 0;
  const scale = 2 / scores.length;
  for (let i = 0; i < scores.length; i++) {
    const difference = scores[i]! - targetAt(targets, i, width);
    sum += difference * difference;
    grad[i] = scale * difference;
  }
  return sum / scores.length;
}

/** Mean absolute error (`F.l1_loss`); the gradient at a tie is 0, as sign(0) = 0 in PyTorch. */
function meanAbsoluteError(scores: Float32Array, targets: Targets, width: number, grad: Float32Array): number {
  let sum = 0;
  const scale = 1 / scores.length;
  for (let i = 0; i < scores.length; i++) {
    const difference = scores[i]! - targetAt(targets, i, width);
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
  /** Real targets shaped like the output, or one class per row (compared one-hot, see targetAt). */
  const regressionTargets = (): Targets => {
    if (targets instanceof Float32Array ? targets.length !== scores.length : targets.length !== rows) throw new Error(`loss ${name}: targets must be real values shaped like the output, or one class per row`);
    return targets;
  };
  const width = rows > 0 ? scores.length / rows : 1;
  switch (name) {
    case 'mse':
      return { value: meanSquaredError(scores, regressionTargets(), width, grad), grad };
    case 'mae':
      return { value: meanAbsoluteError(scores, regressionTargets(), width, grad), grad };
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
