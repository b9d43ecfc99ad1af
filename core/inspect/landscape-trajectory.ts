/**
 * The optimizer's path in a plane, as in Li et al. 2018, §7: PCA of the snapshots θ_t (e.g. one per
 * epoch) gives the two directions that capture most of the path's variation; the path is drawn in
 * the plane through θ_final along them, over the loss contours of that plane.
 *
 * Li et al. run PCA (centred, scikit-learn's) on θ_t − θ_final; centring makes that the PCA of the
 * θ_t themselves, which pca.ts computes without building the differences (a snapshot may have a
 * million values). The coordinates are (θ_t − θ_final)·v₁ and ·v₂ with v₁, v₂ orthonormal, and the
 * off-plane distance is what the plane misses of θ_t − θ_final, ‖θ_t − θ_final − x·v₁ − y·v₂‖.
 * Other runs' paths can be drawn on the same plane (or on a random one) with `projectPath`.
 */
import { lossSurface, rangeAxis, type LossSurface, type Plane } from './landscape-grid';
import type { LossEvaluator } from './loss-evaluator';
import { pcaOfRows } from './pca';
import type { Progress } from './progress';
import { dot } from './vectors';

export interface TrajectoryPlane {
  /** Origin θ_final, x and y the first two principal directions (unit, orthogonal). */
  readonly plane: Plane & { readonly x: Float64Array; readonly y: Float64Array };
  /** The share of the path's variance along x and along y. */
  readonly explainedVarianceRatio: readonly [number, number];
  /** m × 2, row-major: each snapshot's (x, y) in the plane (θ_final is (0, 0)). */
  readonly coordinates: Float64Array;
  /** Each snapshot's distance from the plane. */
  readonly offPlane: Float64Array;
}

export function trajectoryPlane(snapshots: readonly Float32Array[], final: Float32Array): TrajectoryPlane {
  if (snapshots.length === 0) throw new Error('trajectoryPlane: no snapshots');
  for (const s of snapshots) if (s.length !== final.length) throw new Error(`trajectoryPlane: a snapshot has ${s.length} values, θ_final ${final.length}`);
  if (final.length < 2) throw new Error('trajectoryPlane: a plane needs at least two parameters');
  const fit = pcaOfRows(snapshots, { components: 2 });
  const p = final.length;
  const x = fit.components.slice(0, p);
  const y = fit.components.slice(p, 2 * p);
  const plane = { origin: final, x, y };
  const { coordinates, offPlane } = projectPath(plane, snapshots);
  return { plane, explainedVarianceRatio: [fit.explainedVarianceRatio[0]!, fit.explainedVarianceRatio[1]!], coordinates, offPlane };
}

/**
 * Any path (this run's, or another run's from the same start) drawn on a plane: the (α, β) whose
 * point θ₀ + α·x + β·y is nearest each snapshot (least squares through the 2×2 normal equations, so
 * x and y need not be orthogonal, as Li et al.'s random directions are not quite), and the distance
 * that is left.
 */
export function projectPath(plane: Plane, snapshots: readonly Float32Array[]): { coordinates: Float64Array; offPlane: Float64Array } {
  const { origin, x, y } = plane;
  const p = origin.length;
  const xx = dot(x, x);
  const xy = dot(x, y);
  const yy = dot(y, y);
  const determinant = xx * yy - xy * xy;
  if (!(determinant > 1e-12 * xx * yy)) throw new Error('projectPath: the plane’s directions are parallel or zero');
  const coordinates = new Float64Array(snapshots.length * 2);
  const offPlane = new Float64Array(snapshots.length);
  snapshots.forEach((s, t) => {
    if (s.length !== p) throw new Error(`projectPath: a snapshot has ${s.length} values, the plane ${p}`);
    let dx = 0;
    let dy = 0;
    for (let k = 0; k < p; k++) {
      const d = s[k]! - origin[k]!;
      dx += d * x[k]!;
      dy += d * y[k]!;
    }
    const a = (yy * dx - xy * dy) / determinant;
    const b = (xx * dy - xy * dx) / determinant;
    let squares = 0;
    for (let k = 0; k < p; k++) squares += (s[k]! - origin[k]! - a * x[k]! - b * y[k]!) ** 2;
    coordinates[2 * t] = a;
    coordinates[2 * t + 1] = b;
    offPlane[t] = Math.sqrt(squares);
  });
  return { coordinates, offPlane };
}

export interface TrajectoryAxesOptions {
  /** Points per axis (default 31). */
  readonly size?: number;
  /** Extra room on each side, as a share of the path's extent on that axis (default 0.2). */
  readonly margin?: number;
}

/** Axes covering every snapshot and θ_final (0, 0), with a margin; an axis the path does not move along spans ±1. */
export function trajectoryAxes(trajectory: TrajectoryPlane, options: TrajectoryAxesOptions = {}): { xs: Float64Array; ys: Float64Array } {
  const size = options.size ?? 31;
  const margin = options.margin ?? 0.2;
  const axis = (offset: number): Float64Array => {
    let low = 0;
    let high = 0;
    for (let i = offset; i < trajectory.coordinates.length; i += 2) {
      low = Math.min(low, trajectory.coordinates[i]!);
      high = Math.max(high, trajectory.coordinates[i]!);
    }
    const extent = high - low;
    if (!(extent > 0)) return rangeAxis(-1, 1, size);
    return rangeAxis(low - margin * extent, high + margin * extent, size);
  };
  return { xs: axis(0), ys: axis(1) };
}

/** The loss contours of the path's plane, on `trajectoryAxes`. */
export function trajectorySurface(evaluator: LossEvaluator, trajectory: TrajectoryPlane, options: TrajectoryAxesOptions & Progress = {}): LossSurface {
  const { xs, ys } = trajectoryAxes(trajectory, options);
  return lossSurface(evaluator, trajectory.plane, xs, ys, options);
}
