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
  const [scoresAt, gradAt] = [arena.take(count), arena.take(count)];
  const [maxesAt, sumsAt, sharesAt, scalesAt] = [arena.take(2 * rows), arena.take(2 * rows), arena.take(2 * rows), arena.take(2 * rows)];
  const targetsAt = arena.take(rows);
  const smoothAt = arena.take(2 * classes + 2);
  arena.put(scoresAt, scores, 0, count);
  arena.i32.set(targets.subarray(0, rows), targetsAt >> 2);
  const buffer = arena.f32.buffer;
  new Float64Array(buffer, sharesAt, rows).set(coefficients.shares);
  new Float64Array(buffer, scalesAt, rows).set(coefficients.scales);
  new Float64Array(buffer, smoothAt, classes).set(coefficients.smooth);
  arena.kernels.crossEntropyRowSums(scoresAt, rows, classes, maxesAt, sumsAt);
  const maxes = new Float64Array(buffer, maxesAt, rows);
  const sums = new Float64Array(buffer, sumsAt, rows);
  // The log sums overwrite the maxima in place: the gradient kernel reads them there.
  for (let r = 0; r < rows; r++) {
    const logSum = maxes[r]! + Math.log(sums[r]!);
    maxes[r] = logSum;
    logSums[r] = logSum;
  }
  arena.kernels.crossEntropyGradient(scoresAt, maxesAt, targetsAt, sharesAt, scalesAt, smoothAt, rows, classes, coefficients.divisor, gradAt);
  arena.get(gradAt, grad, 0, count);
  return true;
}
