/**
 * The loss over a plane of parameter space, L(θ₀ + α·x + β·y) on a grid of (α, β): Li et al.'s
 * contour plots around θ* along two random directions, and the optimizer-path plane.
 */
import { checkVector, type LossEvaluator } from './loss-evaluator';
import { drain, stepsWork, type Progress, type Work } from './progress';
import type { FloatVector } from './vectors';

/** A plane through `origin` spanned by `x` and `y` (flat vectors in θ's layout). */
export interface Plane {
  readonly origin: Float32Array;
  readonly x: FloatVector;
  readonly y: FloatVector;
}

export interface LossSurface {
  /** α of each column, β of each row. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** ys.length × xs.length, row-major: losses[j·xs.length + i] = L at (xs[i], ys[j]); NaN where not evaluated. */
  readonly losses: Float64Array;
  /** False when `shouldStop` ended the computation early. */
  readonly complete: boolean;
}

/**
 * `size` points from −radius to radius: (i − c)/c · radius with c = (size − 1)/2. `size` must be odd,
 * so the centre is exactly 0, and the axis is exactly antisymmetric (value i is minus value size−1−i).
 */
export function symmetricAxis(size = 31, radius = 1): Float64Array {
  if (!Number.isInteger(size) || size < 3 || size % 2 === 0) throw new Error(`symmetricAxis: size must be an odd integer ≥ 3, got ${size}`);
  const c = (size - 1) / 2;
  return Float64Array.from({ length: size }, (_, i) => ((i - c) / c) * radius);
}

/** `size` evenly spaced points from `low` to `high`, both included exactly. */
export function rangeAxis(low: number, high: number, size: number): Float64Array {
  if (!Number.isInteger(size) || size < 2) throw new Error(`rangeAxis: size must be an integer ≥ 2, got ${size}`);
  if (!(high > low)) throw new Error(`rangeAxis: need low < high, got [${low}, ${high}]`);
  const n = size - 1;
  return Float64Array.from({ length: size }, (_, i) => (i === n ? high : (low * (n - i) + high * i) / n));
}

/**
 * θ = origin + α·x + β·y, each value summed in float64 and rounded once to float32, into `into`.
 * At α = β = 0 it is the origin itself.
 */
export function pointOnPlane(plane: Plane, alpha: number, beta: number, into: Float32Array): Float32Array {
  const { origin, x, y } = plane;
  if (alpha === 0 && beta === 0) {
    into.set(origin);
    return into;
  }
  for (let k = 0; k < origin.length; k++) into[k] = origin[k]! + alpha * x[k]! + beta * y[k]!;
  return into;
}

/** The loss at every (xs[i], ys[j]), row by row (β outer), reporting progress after each point. */
export function lossSurface(evaluator: LossEvaluator, plane: Plane, xs: Float64Array, ys: Float64Array, progress: Progress = {}): LossSurface {
  return drain(lossSurfaceWork(evaluator, plane, xs, ys, progress));
}

/** `lossSurface` as work that pauses after each grid point. */
export function* lossSurfaceWork(evaluator: LossEvaluator, plane: Plane, xs: Float64Array, ys: Float64Array, progress: Progress = {}): Work<LossSurface> {
  checkPlane(evaluator, plane, 'lossSurface');
  const losses = new Float64Array(xs.length * ys.length).fill(NaN);
  const theta = new Float32Array(plane.origin.length);
  const done = yield* stepsWork(losses.length, progress, (index) => {
    const i = index % xs.length;
    const j = (index - i) / xs.length;
    losses[index] = evaluator.loss(pointOnPlane(plane, xs[i]!, ys[j]!, theta));
  });
  return { xs, ys, losses, complete: done === losses.length };
}

export function checkPlane(evaluator: LossEvaluator, plane: Plane, what: string): void {
  checkVector(evaluator, plane.origin, `${what} origin`);
  checkVector(evaluator, plane.x, `${what} x direction`);
  checkVector(evaluator, plane.y, `${what} y direction`);
}
