/**
 * The losses of core/nn/losses.ts, value only, summed over a block of rows of scores. The
 * fast evaluator computes the scores of a chunk of rows and needs no gradient, so it skips
 * `computeLoss`'s gradient loop (for cross-entropy that halves the calls to Math.exp). The terms
 * are core/nn's own (elementTerm, crossEntropyTerm, …); a test holds the sums to computeLoss's values.
 */
import { comparesElements, lossWeight, type CrossEntropySetting, type LossSetting, type Targets } from '../nn/losses';
import { elementTerm, targetAt } from '../nn/loss-elementwise';
import { binaryCrossEntropyTerm, crossEntropyTerm, hingeTerm, klDivergenceTerm } from '../nn/loss-categorical';
import type { FloatVector } from './vectors';

/**
 * The sum of the loss terms of `rows` rows: scores[r·width + j] for row r, targets from row
 * `firstRow` of the data. Divide the total by `lossTerms` for the mean.
 */
export function lossSum(loss: LossSetting, scores: FloatVector, targets: Targets, firstRow: number, rows: number, width: number): number {
  let sum = 0;
  switch (loss.name) {
    case 'mse':
    case 'mae':
    case 'huber':
    case 'smooth_l1': {
      const classTargets = targets instanceof Int32Array;
      const rowTargets = targets.subarray(firstRow * (classTargets ? 1 : width));
      for (let i = 0; i < rows * width; i++) sum += elementTerm(loss, scores[i]! - targetAt(rowTargets, classTargets, i, width));
      return sum;
    }
    case 'cross_entropy':
      for (let r = 0; r < rows; r++) sum += crossEntropyTerm(loss, scores, r * width, width, targets[firstRow + r]!);
      return sum;
    case 'binary_cross_entropy':
      for (let r = 0; r < rows; r++) sum += binaryCrossEntropyTerm(scores[r]!, targets[firstRow + r]!);
      return sum;
    case 'hinge':
      for (let r = 0; r < rows; r++) sum += hingeTerm(scores[r]!, targets[firstRow + r]!);
      return sum;
    case 'nll':
      for (let r = 0; r < rows; r++) {
        const target = targets[firstRow + r]!;
        sum -= (loss.weights ? loss.weights[target]! : 1) * scores[r * width + target]!;
      }
      return sum;
    case 'kl_div': {
      const offset = firstRow * width;
      for (let i = 0; i < rows * width; i++) sum += klDivergenceTerm(scores[i]!, targets[offset + i]!);
      return sum;
    }
    case 'vae':
      // Its KL term reads the reparameterize layer, which no dense stack holds (core/inspect/dense-stack.ts).
      throw new Error('lossSum: a vae loss is evaluated by the network, not the fast dense path');
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/**
 * lossSum's cross-entropy from each row's maximum and Σ exp(s − max) already computed (by
 * `fastDenseStack`): the log-sum-exp is maxes[r] + log(sums[r]), as rowLogSumExp takes it, so
 * the terms and their sum are lossSum's bits.
 */
export function crossEntropySum(loss: CrossEntropySetting, scores: FloatVector, targets: Targets, firstRow: number, rows: number, width: number, rowSums: { readonly maxes: Float64Array; readonly sums: Float64Array }): number {
  const { maxes, sums } = rowSums;
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += crossEntropyTerm(loss, scores, r * width, width, targets[firstRow + r]!, maxes[r]! + Math.log(sums[r]!));
  return sum;
}

/**
 * What the mean over rows [0, rows) divides by: every output value for the element-wise losses,
 * the sum of the rows' class weights for weighted cross-entropy and nll, every row otherwise.
 */
export function lossTerms(loss: LossSetting, targets: Targets, rows: number, width: number): number {
  return comparesElements(loss.name) ? rows * width : lossWeight(loss, targets, 0, rows);
}
