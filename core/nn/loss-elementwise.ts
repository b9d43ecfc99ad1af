/**
 * The losses that compare each output element with its target and average over every element
 * (`reduction='mean'`): mse, mae, huber and smooth_l1, as `F.mse_loss`, `F.l1_loss`,
 * `F.huber_loss` and `F.smooth_l1_loss`. One term and one derivative per element difference d = ŷ − y.
 */

export type ElementwiseLossName = 'mse' | 'mae' | 'huber' | 'smooth_l1';

export type ElementwiseLoss = { readonly name: 'mse' } | { readonly name: 'mae' } | { readonly name: 'huber'; readonly delta: number } | { readonly name: 'smooth_l1'; readonly beta: number };

/**
 * One element's loss for the difference d. Huber: ½d² inside |d| < delta, delta·(|d| − ½delta)
 * outside; smooth_l1 is huber divided by beta (½d²/beta, |d| − ½beta), which is |d| at beta = 0.
 */
export function elementTerm(loss: ElementwiseLoss, d: number): number {
  switch (loss.name) {
    case 'mse':
      return d * d;
    case 'mae':
      return Math.abs(d);
    case 'huber': {
      const z = Math.abs(d);
      return z < loss.delta ? 0.5 * d * d : loss.delta * (z - 0.5 * loss.delta);
    }
    case 'smooth_l1': {
      const z = Math.abs(d);
      return z < loss.beta ? (0.5 * d * d) / loss.beta : z - 0.5 * loss.beta;
    }
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/**
 * d(term)/dd, as PyTorch 1.13's backward kernels compute it. At a tie (d = 0) mae's is 0, as
 * sign(0) = 0; huber's and smooth_l1's test d ≤ −delta (−beta) first, so they are continuous at
 * |d| = delta, and smooth_l1 with beta = 0 gives −1 at a tie (not 0 as mae does).
 */
function elementDerivative(loss: ElementwiseLoss, d: number): number {
  switch (loss.name) {
    case 'mse':
      return 2 * d;
    case 'mae':
      return d > 0 ? 1 : d < 0 ? -1 : 0;
    case 'huber':
      return d <= -loss.delta ? -loss.delta : d >= loss.delta ? loss.delta : d;
    case 'smooth_l1':
      return d <= -loss.beta ? -1 : d >= loss.beta ? 1 : d / loss.beta;
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/**
 * The target of output element `i` (of `width` per row): the real value itself, or for class targets
 * the one-hot encoding of the class (`F.one_hot(y, K)`), and with a single output the class 0/1 as
 * a number — what a PyTorch user feeds `F.mse_loss` to regress onto classes.
 */
export function targetAt(targets: ArrayLike<number>, classTargets: boolean, i: number, width: number): number {
  if (!classTargets) return targets[i]!;
  const row = Math.floor(i / width);
  return width === 1 ? targets[row]! : targets[row] === i - row * width ? 1 : 0;
}

/**
 * The mean of the element terms over the batch and every output element, and its gradient.
 * @param width output elements per row; targets hold the same layout as the scores, or a class per row.
 */
export function elementwiseLoss(loss: ElementwiseLoss, scores: Float32Array, targets: Int32Array | Float32Array, width: number, grad: Float32Array): number {
  const classTargets = targets instanceof Int32Array;
  let sum = 0;
  const scale = 1 / scores.length;
  for (let i = 0; i < scores.length; i++) {
    const difference = scores[i]! - targetAt(targets, classTargets, i, width);
    sum += elementTerm(loss, difference);
    grad[i] = scale * elementDerivative(loss, difference);
  }
  return sum / scores.length;
}
