import type { CrossEntropyCoefficients } from '../kernels/cross-entropy';
import { align, type Arena } from './runtime';

/**
 * crossEntropyRows in WebAssembly: $crossEntropyRowSums gives each row's maximum and Σ exp(s − max),
 * the logarithm is taken here (WebAssembly has none; Math.log as the reference), then
 * $crossEntropyGradient writes the gradient. One arena for both calls.
 */
export function wasmCrossEntropyRows(arena: Arena, scores: Float32Array, targets: Int32Array, rows: number, classes: number, coefficients: CrossEntropyCoefficients, logSums: Float64Array, grad: Float32Array): boolean {
  const count = rows * classes;
  if (!arena.begin(2 * align(4 * count) + 5 * align(8 * rows) + align(4 * rows) + align(8 * classes + 8))) return false;
  const scoresAt = arena.take(count);
  const gradAt = arena.take(count);
  const maxesAt = arena.take(2 * rows);
  const sumsAt = arena.take(2 * rows);
  const sharesAt = arena.take(2 * rows);
  const scalesAt = arena.take(2 * rows);
  const targetsAt = arena.take(rows);
  const smoothAt = arena.take(2 * classes + 2);
  arena.put(scoresAt, scores, 0, count);
  arena.i32.set(targets.subarray(0, rows), targetsAt >> 2);
  // Through the arena's one float64 view, not views made per call: each \`new Float64Array(buffer,
  // at, n)\` (and each array destructuring) made V8's optimising compile of this function far
  // larger, and a sweep's every worker compiles it again.
  const f64 = arena.f64;
  f64.set(coefficients.shares, sharesAt >> 3);
  f64.set(coefficients.scales, scalesAt >> 3);
  f64.set(coefficients.smooth, smoothAt >> 3);
  arena.kernels.crossEntropyRowSums(scoresAt, rows, classes, maxesAt, sumsAt);
  const maxes = maxesAt >> 3;
  const sums = sumsAt >> 3;
  // The log sums overwrite the maxima in place: the gradient kernel reads them there.
  for (let r = 0; r < rows; r++) {
    const logSum = f64[maxes + r]! + Math.log(f64[sums + r]!);
    f64[maxes + r] = logSum;
    logSums[r] = logSum;
  }
  arena.kernels.crossEntropyGradient(scoresAt, maxesAt, targetsAt, sharesAt, scalesAt, smoothAt, rows, classes, coefficients.divisor, gradAt);
  arena.get(gradAt, grad, 0, count);
  return true;
}
