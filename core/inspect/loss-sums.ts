/**
 * The losses of core/nn/losses.ts, value only, summed over a block of rows of scores. The
 * fast evaluator computes the scores of a chunk of rows and needs no gradient, so it skips
 * `computeLoss`'s gradient loop (for cross-entropy that halves the calls to Math.exp). The
 * formulas are the same, term for term; a test holds them to computeLoss's values.
 */
import type { LossName, Targets } from '../nn/losses';
import type { FloatVector } from './vectors';

/**
 * The sum of the loss terms of `rows` rows: scores[r·width + j] for row r, targets from row
 * `firstRow` of the data. Divide the total by `lossTerms` for the mean.
 */
export function lossSum(name: LossName, scores: FloatVector, targets: Targets, firstRow: number, rows: number, width: number): number {
  switch (name) {
    case 'mse':
    case 'mae': {
      const offset = firstRow * width;
      let sum = 0;
      for (let i = 0; i < rows * width; i++) {
        const difference = scores[i]! - targets[offset + i]!;
        sum += name === 'mse' ? difference * difference : Math.abs(difference);
      }
      return sum;
    }
    case 'cross_entropy':
      return crossEntropySum(scores, targets, firstRow, rows, width);
    case 'binary_cross_entropy': {
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        const z = scores[r]!;
        sum += Math.max(z, 0) - z * targets[firstRow + r]! + Math.log1p(Math.exp(-Math.abs(z)));
      }
      return sum;
    }
    case 'hinge': {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += Math.max(0, 1 - (targets[firstRow + r] === 1 ? 1 : -1) * scores[r]!);
      return sum;
    }
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}

/** How many terms the mean divides by: every output value for mse/mae, every row otherwise. */
export function lossTerms(name: LossName, rows: number, width: number): number {
  return name === 'mse' || name === 'mae' ? rows * width : rows;
}

/** Σ over rows of logsumexp(s) − s[target]; the row's maximum contributes e⁰ = 1 without a call. */
function crossEntropySum(scores: FloatVector, targets: Targets, firstRow: number, rows: number, classes: number): number {
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[offset + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const s = scores[offset + k]!;
      sum += s === max ? 1 : Math.exp(s - max);
    }
    total += max + Math.log(sum) - scores[offset + targets[firstRow + r]!]!;
  }
  return total;
}
