/**
 * The 1-D interpolation of Goodfellow, Vinyals & Saxe (2015): L((1 − t)·θ₀ + t·θ*) from the
 * initial parameters (t = 0) to the trained ones (t = 1) and beyond, on a line through both.
 */
import { rangeAxis } from './landscape-grid';
import { checkVector, type LossEvaluator } from './loss-evaluator';
import { drain, stepsWork, type Progress, type Work } from './progress';

export interface InterpolationOptions extends Progress {
  /** Default −0.25. */
  readonly start?: number;
  /** Default 1.25. */
  readonly end?: number;
  /** Default 61: with the default range the step is 1/40, so t = 0 and t = 1 are sample points. */
  readonly points?: number;
}

export interface Interpolation {
  readonly ts: Float64Array;
  /** NaN where not evaluated. */
  readonly losses: Float64Array;
  readonly complete: boolean;
}

export function interpolateLoss(evaluator: LossEvaluator, from: Float32Array, to: Float32Array, options: InterpolationOptions = {}): Interpolation {
  return drain(interpolateLossWork(evaluator, from, to, options));
}

/** `interpolateLoss` as work that pauses after each point. */
export function* interpolateLossWork(evaluator: LossEvaluator, from: Float32Array, to: Float32Array, options: InterpolationOptions = {}): Work<Interpolation> {
  checkVector(evaluator, from, 'interpolateLoss from');
  checkVector(evaluator, to, 'interpolateLoss to');
  // Values a rounding away from 0 or 1 become exactly 0 or 1, so those points are θ₀ and θ* exactly.
  const ts = rangeAxis(options.start ?? -0.25, options.end ?? 1.25, options.points ?? 61).map((t) => (Math.abs(t) < 1e-12 ? 0 : Math.abs(t - 1) < 1e-12 ? 1 : t));
  const losses = new Float64Array(ts.length).fill(NaN);
  const theta = new Float32Array(from.length);
  const done = yield* stepsWork(ts.length, options, (i) => {
    const t = ts[i]!;
    if (t === 1) theta.set(to);
    else for (let k = 0; k < theta.length; k++) theta[k] = (1 - t) * from[k]! + t * to[k]!;
    losses[i] = evaluator.loss(theta);
  });
  return { ts, losses, complete: done === ts.length };
}
