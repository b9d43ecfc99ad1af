/**
 * The losses of the language as fused kernels: each returns the mean loss and its gradient with
 * respect to the scores it is given, in one pass. Classification losses take the scores BEFORE a
 * final softmax or sigmoid (logits), so they stay exact for any logit: the model's last activation
 * is folded into the loss, as PyTorch's CrossEntropyLoss and BCEWithLogitsLoss do. The kernels
 * are in loss-elementwise.ts (mse, mae, huber, smooth_l1) and loss-categorical.ts (the rest).
 */
import { binaryCrossEntropy, binaryCrossEntropyReal, crossEntropy, crossEntropyWeight, hinge, klDivergence, negativeLogLikelihood } from './loss-categorical';
import { elementwiseLoss, type ElementwiseLoss, type ElementwiseLossName } from './loss-elementwise';
import { vaeLoss, vaeReadsLogits, type LossTerms, type VaeLossSetting } from './loss-vae';

export type { LossTerms, VaeLossSetting } from './loss-vae';

/** A loss with its arguments filled in (the catalog's defaults where the block gave none). */
export type LossSetting = ElementwiseLoss | { readonly [N in ArgumentlessLoss]: { readonly name: N } }[ArgumentlessLoss] | CrossEntropySetting | NllSetting | VaeLossSetting;

/** The losses other than the element-wise ones that take no argument. */
type ArgumentlessLoss = 'binary_cross_entropy' | 'hinge' | 'kl_div';

/** `F.nll_loss` with optional class weights (`weight=`). */
export interface NllSetting {
  readonly name: 'nll';
  /** One positive weight per class, or undefined for all 1. */
  readonly weights?: readonly number[];
}

/** `F.cross_entropy` with optional class weights (`weight=`) and `label_smoothing=`. */
export interface CrossEntropySetting {
  readonly name: 'cross_entropy';
  /** One positive weight per class, or undefined for all 1. */
  readonly weights?: readonly number[];
  readonly labelSmoothing: number;
}

export type LossName = LossSetting['name'];

/** The losses that compare each output element with its target and average over all of them. */
export function comparesElements(name: LossName): name is ElementwiseLossName {
  return name === 'mse' || name === 'mae' || name === 'huber' || name === 'smooth_l1';
}

/**
 * The likelihood losses (cross-entropy, binary cross-entropy, a VAE's bce reconstruction) read the
 * scores before a final softmax/sigmoid; every other loss reads the model's output (nll and kl_div
 * read log-probabilities, the output of a final logsoftmax).
 */
export function readsLogits(loss: LossSetting): boolean {
  return loss.name === 'cross_entropy' || loss.name === 'binary_cross_entropy' || (loss.name === 'vae' && vaeReadsLogits(loss));
}

/** The tensor (or array) a loss is computed from, given a forward pass's output and logits. */
export function lossScores<T>(loss: LossSetting, result: { readonly output: T; readonly logits: T }): T {
  return readsLogits(loss) ? result.logits : result.output;
}

/**
 * A loss value and d(loss)/d(scores), same layout as the scores. `weight` is what the value is a
 * mean over: the rows, or for class-weighted cross-entropy and nll the sum of the rows' class weights (as
 * `F.cross_entropy(weight=…)` and `F.nll_loss(weight=…)` normalise). Means of several batches combine as Σ value·weight / Σ weight.
 */
export interface LossResult {
  readonly value: number;
  readonly grad: Float32Array;
  readonly weight: number;
  /** A VAE loss's reconstruction and KL terms (undefined for the other losses). */
  readonly terms?: LossTerms;
}

/**
 * What the vae loss reads besides the scores: the input of the model's reparameterize layer
 * ([rows, 2·z], μ then log σ²), and where its gradient goes (same length).
 */
export interface LatentValues {
  readonly values: Float32Array;
  readonly grad: Float32Array;
}

/**
 * Targets: class indices for classification losses; real values (same layout as the output) for
 * regression and kl_div, or class indices that the element-wise losses compare one-hot
 * (docs/language.md, section 10).
 */
export type Targets = Int32Array | Float32Array;

/** What a mean over rows [firstRow, firstRow + rows) of these targets divides by (see LossResult.weight). */
export function lossWeight(loss: LossSetting, targets: Targets, firstRow: number, rows: number): number {
  return (loss.name === 'cross_entropy' || loss.name === 'nll') && loss.weights && targets instanceof Int32Array ? crossEntropyWeight(loss.weights, targets, firstRow, rows) : rows;
}

/**
 * The rows of scores a loss compares with its targets: one per class index — samples × positions
 * with `text(…, targets: all)`, whose [B, T, V] scores are B·T rows of V, as `F.cross_entropy` on
 * [B, V, T] averages them — else one per sample.
 */
export function scoreRows(loss: LossName, targets: Targets, samples: number): number {
  return targets instanceof Int32Array && !comparesElements(loss) ? targets.length : samples;
}

/** The values a vae loss reads from a forward pass's latent (the reparameterize layer's input), with a fresh gradient buffer. */
export function latentValues(latent: { readonly data: Float32Array; readonly size: number } | undefined): LatentValues | undefined {
  return latent ? { values: latent.data, grad: new Float32Array(latent.size) } : undefined;
}

/**
 * Computes a loss and its gradient. `grad` may be passed in to reuse a buffer across steps.
 * @param scores the model's output, or for cross_entropy/binary_cross_entropy after a final
 *   softmax/sigmoid, the scores before it.
 * @param samples the samples in the batch; class targets may give several rows per sample (scoreRows).
 */
export function computeLoss(loss: LossSetting, scores: Float32Array, targets: Targets, samples: number, grad: Float32Array = new Float32Array(scores.length), latent?: LatentValues): LossResult {
  const name = loss.name;
  const rows = scoreRows(name, targets, samples);
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
  const distributionTargets = (): Float32Array => {
    if (!(targets instanceof Float32Array) || targets.length !== scores.length) throw new Error(`loss ${name}: targets must be probabilities shaped like the output (Float32Array)`);
    return targets;
  };
  const width = rows > 0 ? scores.length / rows : 1;
  const perRow = (value: number): LossResult => ({ value, grad, weight: rows });
  switch (loss.name) {
    case 'mse':
    case 'mae':
    case 'huber':
    case 'smooth_l1':
      return perRow(elementwiseLoss(loss, scores, regressionTargets(), width, grad));
    case 'cross_entropy': {
      const classes = classTargets();
      const weight = lossWeight(loss, classes, 0, rows);
      return { value: crossEntropy(loss, scores, classes, rows, weight, grad), grad, weight };
    }
    case 'binary_cross_entropy':
      // Real targets shaped like the output: `target: input`, every output element its own Bernoulli.
      if (targets instanceof Float32Array) return perRow(binaryCrossEntropyReal(scores, regressionTargets() as Float32Array, grad));
      return perRow(binaryCrossEntropy(scores, classTargets(), rows, grad));
    case 'hinge':
      return perRow(hinge(scores, classTargets(), rows, grad));
    case 'nll': {
      const classes = classTargets();
      const weight = lossWeight(loss, classes, 0, rows);
      return { value: negativeLogLikelihood(scores, classes, rows, loss.weights, weight, grad), grad, weight };
    }
    case 'kl_div':
      return perRow(klDivergence(scores, distributionTargets(), rows, grad));
    case 'vae': {
      if (!latent) throw new Error('loss vae: needs the reparameterize layer’s input (μ and log σ²)');
      const real = regressionTargets();
      if (!(real instanceof Float32Array)) throw new Error('loss vae: targets must be real values shaped like the output (target: input)');
      const { value, terms } = vaeLoss(loss, scores, real, latent.values, rows, grad, latent.grad);
      return { value, grad, weight: rows, terms };
    }
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/**
 * The loss of a model that predicts uniformly over K classes: ln K for cross_entropy and nll, ln 2
 * for binary_cross_entropy; null where it depends on the targets (kl_div, regression, and
 * cross-entropy with both class weights and label smoothing, whose divisor mixes the classes seen).
 */
export function expectedInitialLoss(loss: LossSetting, classes: number): number | null {
  switch (loss.name) {
    case 'cross_entropy':
      return loss.weights && loss.labelSmoothing > 0 ? null : Math.log(classes);
    case 'nll':
      return Math.log(classes);
    case 'binary_cross_entropy':
      return Math.log(2);
    case 'kl_div':
    case 'vae':
    case 'hinge':
    case 'mse':
    case 'mae':
    case 'huber':
    case 'smooth_l1':
      return null;
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}
