import type { GridAxes } from '../../protocol/run-record';
import { viridis, withAlpha, type ThemeColours } from '../theme';

export interface SurfaceView {
  /** Rotation about the vertical axis, degrees. */
  readonly yaw: number;
  /** Elevation of the viewer, degrees (90 looks straight down). */
  readonly pitch: number;
}

/** A point in the unit box: x, y ∈ [−1, 1] across the grid, z ∈ [0, 1] up. */
type Point3 = readonly [number, number, number];

/**
 * Draws a height field as a shaded 3-D surface with an orthographic camera and the painter's
 * algorithm (far quads first): enough for a loss landscape of up to ~100 × 100 points, and no
 * WebGL or library to clear with the CSP.
 */
export function drawSurface(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  axes: GridAxes,
  heights: readonly number[],
  view: SurfaceView,
  theme: ThemeColours,
  paths: readonly { readonly colour: string; readonly points: readonly Point3[] }[] = [],
): void {
  const yaw = (view.yaw * Math.PI) / 180;
  const pitch = (Math.max(5, Math.min(90, view.pitch)) * Math.PI) / 180;
  const zScale = 0.9;
  const project = ([x, y, z]: Point3): { sx: number; sy: number; depth: number } => {
    const x1 = x * Math.cos(yaw) - y * Math.sin(yaw);
    const y1 = x * Math.sin(yaw) + y * Math.cos(yaw);
    const zz = z * zScale;
    return { sx: x1, sy: zz * Math.cos(pitch) + y1 * Math.sin(pitch), depth: y1 * Math.cos(pitch) - zz * Math.sin(pitch) };
  };
  const { nx, ny } = axes;
  const point = (i: number, j: number): Point3 => [(i / (nx - 1)) * 2 - 1, (j / (ny - 1)) * 2 - 1, heights[j * nx + i] ?? 1];
  const projected = Array.from({ length: nx * ny }, (_, k) => project(point(k % nx, Math.floor(k / nx))));
  // Fit the projection of the whole box (floor and top) so rotating does not rescale the view.
  const corners = [-1, 1].flatMap((x) => [-1, 1].flatMap((y) => [0, 1].map((z) => project([x, y, z]))));
  const minX = Math.min(...corners.map((c) => c.sx));
  const maxX = Math.max(...corners.map((c) => c.sx));
  const minY = Math.min(...corners.map((c) => c.sy));
  const maxY = Math.max(...corners.map((c) => c.sy));
  const scale = Math.min((width - 16) / (maxX - minX), (height - 16) / (maxY - minY));
  const cx = width / 2 - ((minX + maxX) / 2) * scale;
  const cy = height / 2 + ((minY + maxY) / 2) * scale;
  const screen = (p: { sx: number; sy: number }): [number, number] => [cx + p.sx * scale, cy - p.sy * scale];

  const quads: { depth: number; corners: number[]; z: number }[] = [];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const ids = [j * nx + i, j * nx + i + 1, (j + 1) * nx + i + 1, (j + 1) * nx + i];
      const depth = ids.reduce((s, id) => s + projected[id]!.depth, 0) / 4;
      const z = ids.reduce((s, id) => s + (heights[id] ?? 1), 0) / 4;
      quads.push({ depth, corners: ids, z });
    }
  }
  quads.sort((a, b) => b.depth - a.depth);
  ctx.save();
  ctx.lineWidth = 0.5;
  ctx.strokeStyle = withAlpha(theme.background, 0.35);
  for (const quad of quads) {
    const [r, g, b] = viridis(quad.z);
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.beginPath();
    quad.corners.forEach((id, k) => {
      const [x, y] = screen(projected[id]!);
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  for (const path of paths) {
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = path.colour;
    ctx.beginPath();
    path.points.forEach((p, k) => {
      const [x, y] = screen(project([p[0], p[1], p[2] + 0.01]));
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
  ctx.restore();
}

/** Bilinear interpolation of a grid's heights at unit-box coordinates x, y ∈ [−1, 1]. */
export function heightAt(axes: GridAxes, heights: readonly number[], x: number, y: number): number {
  const gx = Math.max(0, Math.min(axes.nx - 1, ((x + 1) / 2) * (axes.nx - 1)));
  const gy = Math.max(0, Math.min(axes.ny - 1, ((y + 1) / 2) * (axes.ny - 1)));
  const i = Math.min(axes.nx - 2, Math.floor(gx));
  const j = Math.min(axes.ny - 2, Math.floor(gy));
  const fx = gx - i;
  const fy = gy - j;
  const h = (ii: number, jj: number): number => heights[jj * axes.nx + ii] ?? 1;
  return h(i, j) * (1 - fx) * (1 - fy) + h(i + 1, j) * fx * (1 - fy) + h(i, j + 1) * (1 - fx) * fy + h(i + 1, j + 1) * fx * fy;
}
