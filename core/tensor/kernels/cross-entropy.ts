import { wasmCrossEntropyRows } from '../wasm/cross-entropy';
import { fastArena } from './backend';

/**
 * The exponentials of cross-entropy from logits, its one hot loop: per row log Σ exp(s) and the
 * gradient's softmax terms. The 'fast' backend runs both in WebAssembly (kernels.wat's
 * $crossEntropyRowSums and $crossEntropyGradient: fdlibm's exp as Math.exp, the same float64
 * operations in the same order, so the same bits). The loss's weights and smoothing come in as
 * per-row and per-class coefficients (core/nn/loss-categorical.ts derives them).
 */

/** log Σ exp(s) over one row of scores; the row's maximum contributes e⁰ = 1 without a call. */
export function rowLogSumExp(scores: ArrayLike<number>, offset: number, classes: number): number {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, scores[offset + k]!);
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    const s = scores[offset + k]!;
    sum += s === max ? 1 : Math.exp(s - max);
  }
  return max + Math.log(sum);
}

/** The gradient's coefficients: row r's p·scales[r] − [k = y]·shares[r] − smooth[k], all over divisor. */
export interface CrossEntropyCoefficients {
  readonly shares: Float64Array;
  readonly scales: Float64Array;
  readonly smooth: Float64Array;
  readonly divisor: number;
}

/**
 * For scores [rows, classes]: logSums[r] = rowLogSumExp of row r, and grad[r][k] =
 * (exp(s − logSums[r])·scales[r] − [k = targets[r]]·shares[r] − smooth[k]) / divisor. The
 * softmax is exp(s − log Σ) as PyTorch's log_softmax backward takes it (not e/Σ: other bits).
 */
export function crossEntropyRows(scores: Float32Array, targets: Int32Array, rows: number, classes: number, coefficients: CrossEntropyCoefficients, logSums: Float64Array, grad: Float32Array): void {
  const arena = fastArena('elementwise', scores.length);
  if (classes > 0 && arena && wasmCrossEntropyRows(arena, scores, targets, rows, classes, coefficients, logSums, grad)) return;
  for (let r = 0; r < rows; r++) logSums[r] = rowLogSumExp(scores, r * classes, classes);
  crossEntropyGradientRows(scores, targets, rows, classes, coefficients, logSums, grad);
}

/** The reference gradient loop (see crossEntropyRows). */
function crossEntropyGradientRows(scores: Float32Array, targets: Int32Array, rows: number, classes: number, coefficients: CrossEntropyCoefficients, logSums: Float64Array, grad: Float32Array): void {
  const { shares, scales, smooth, divisor } = coefficients;
  for (let r = 0; r < rows; r++) {
    const offset = r * classes;
    const target = targets[r]!;
    const logSum = logSums[r]!;
    const scale = scales[r]!;
    for (let k = 0; k < classes; k++) {
      const p = Math.exp(scores[offset + k]! - logSum);
      const onTarget = k === target ? shares[r]! : 0;
      grad[offset + k] = (p * scale - onTarget - smooth[k]!) / divisor;
    }
  }
}
