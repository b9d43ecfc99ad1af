/**
 * Arrows for a loss-surface plot: the negative gradient at a subsample of grid points, computed
 * by backpropagation (not from the grid), in two forms.
 *
 * - `descentAlpha/descentBeta` = −(∇L·x, ∇L·y) = −(∂L/∂α, ∂L/∂β): the gradient of the plotted
 *   function of (α, β). Drawn on the plot's axes it is perpendicular to the contour lines, and it is
 *   what finite differences of the grid approximate.
 * - `descentInPlane` = −(∇L·e₁, ∇L·e₂) with (e₁, e₂) the directions orthonormalised (e₁ along x):
 *   the projection of the true descent direction onto the plane, in parameter-space units. Compare
 *   its length with `gradientNorm` to see how much of the gradient the plane shows. For orthonormal
 *   directions (the optimizer-path plane) the two forms coincide.
 */
import { checkPlane, pointOnPlane, type Plane } from './landscape-grid';
import type { LossEvaluator } from './loss-evaluator';
import { drain, stepsWork, type Progress, type Work } from './progress';
import { dot, norm } from './vectors';

export interface GradientFieldOptions extends Progress {
  /** Every `stride`-th grid point on each axis (default 4), aligned so that an odd axis keeps its centre. */
  readonly stride?: number;
}

export interface GradientField {
  /** Grid column and row of each arrow. */
  readonly columns: Int32Array;
  readonly rows: Int32Array;
  /** Position (α, β) and loss of each arrow. */
  readonly alphas: Float64Array;
  readonly betas: Float64Array;
  readonly losses: Float64Array;
  readonly descentAlpha: Float64Array;
  readonly descentBeta: Float64Array;
  /** m × 2, row-major. */
  readonly descentInPlane: Float64Array;
  /** ‖∇L‖ over every parameter. */
  readonly gradientNorm: Float64Array;
  readonly complete: boolean;
}

/** The subsampled indices of an axis of `size` points. */
export function subsample(size: number, stride: number): number[] {
  const start = size % 2 === 1 ? ((size - 1) / 2) % stride : 0;
  const out: number[] = [];
  for (let i = start; i < size; i += stride) out.push(i);
  return out;
}

export function gradientField(evaluator: LossEvaluator, plane: Plane, xs: Float64Array, ys: Float64Array, options: GradientFieldOptions = {}): GradientField {
  return drain(gradientFieldWork(evaluator, plane, xs, ys, options));
}

/** `gradientField` as work that pauses after each arrow. */
export function* gradientFieldWork(evaluator: LossEvaluator, plane: Plane, xs: Float64Array, ys: Float64Array, options: GradientFieldOptions = {}): Work<GradientField> {
  checkPlane(evaluator, plane, 'gradientField');
  const stride = options.stride ?? 4;
  if (!Number.isInteger(stride) || stride < 1) throw new Error(`gradientField: stride must be a positive integer, got ${stride}`);
  const { e1, e2 } = orthonormalPair(plane);
  const columns = subsample(xs.length, stride);
  const rows = subsample(ys.length, stride);
  const m = columns.length * rows.length;
  const field = {
    columns: new Int32Array(m),
    rows: new Int32Array(m),
    alphas: new Float64Array(m),
    betas: new Float64Array(m),
    losses: new Float64Array(m).fill(NaN),
    descentAlpha: new Float64Array(m).fill(NaN),
    descentBeta: new Float64Array(m).fill(NaN),
    descentInPlane: new Float64Array(2 * m).fill(NaN),
    gradientNorm: new Float64Array(m).fill(NaN),
  };
  const theta = new Float32Array(plane.origin.length);
  const gradient = new Float32Array(plane.origin.length);
  const done = yield* stepsWork(m, options, (index) => {
    const i = columns[index % columns.length]!;
    const j = rows[Math.floor(index / columns.length)]!;
    field.columns[index] = i;
    field.rows[index] = j;
    field.alphas[index] = xs[i]!;
    field.betas[index] = ys[j]!;
    field.losses[index] = evaluator.lossAndGradient(pointOnPlane(plane, xs[i]!, ys[j]!, theta), gradient);
    field.descentAlpha[index] = -dot(gradient, plane.x);
    field.descentBeta[index] = -dot(gradient, plane.y);
    field.descentInPlane[2 * index] = -dot(gradient, e1);
    field.descentInPlane[2 * index + 1] = -dot(gradient, e2);
    field.gradientNorm[index] = norm(gradient);
  });
  return { ...field, complete: done === m };
}

/** e₁ = x/‖x‖, e₂ = the part of y orthogonal to e₁, normalised (Gram–Schmidt in float64). */
export function orthonormalPair(plane: Plane): { e1: Float64Array; e2: Float64Array } {
  const nx = norm(plane.x);
  if (!(nx > 0)) throw new Error('the plane’s x direction is zero');
  const e1 = Float64Array.from(plane.x, (v) => v / nx);
  const along = dot(plane.y, e1);
  const e2 = Float64Array.from(plane.y, (v, k) => v - along * e1[k]!);
  const n2 = norm(e2);
  if (!(n2 > 1e-12 * norm(plane.y))) throw new Error('the plane’s directions are parallel');
  for (let k = 0; k < e2.length; k++) e2[k] = e2[k]! / n2;
  return { e1, e2 };
}
