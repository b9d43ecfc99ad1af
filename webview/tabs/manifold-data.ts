import type { GridAxes } from '../../core/train/panel-data';

/** A point of the latent plane. */
export interface PlanePoint {
  readonly x: number;
  readonly y: number;
}

/** The index (row-major, y outer) of the grid point nearest to `point`, clamped to the grid. */
export function nearestCell(axes: GridAxes, point: PlanePoint): number {
  const index = (value: number, range: readonly [number, number], n: number): number => Math.max(0, Math.min(n - 1, Math.round(((value - range[0]) / (range[1] - range[0])) * (n - 1))));
  return index(point.y, axes.y, axes.ny) * axes.nx + index(point.x, axes.x, axes.nx);
}

/** `steps` evenly spaced points from a to b (both included), each with its nearest grid cell. */
export function interpolationCells(axes: GridAxes, a: PlanePoint, b: PlanePoint, steps: number): { point: PlanePoint; cell: number }[] {
  return Array.from({ length: steps }, (_, k) => {
    const t = steps === 1 ? 0 : k / (steps - 1);
    const point = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
    return { point, cell: nearestCell(axes, point) };
  });
}
