import { contours } from 'd3-contour';
import type { GridAxes } from '../../protocol/run-record';
import type { PlotArea } from './canvas';

/** The data rectangle a grid covers when each value fills a cell centred on its grid point. */
export function gridExtent(axes: GridAxes): { x: [number, number]; y: [number, number] } {
  const dx = (axes.x[1] - axes.x[0]) / (axes.nx - 1);
  const dy = (axes.y[1] - axes.y[0]) / (axes.ny - 1);
  return { x: [axes.x[0] - dx / 2, axes.x[1] + dx / 2], y: [axes.y[0] - dy / 2, axes.y[1] + dy / 2] };
}

/** The coordinate of grid index i along an axis. */
export function gridCoordinate(range: readonly [number, number], n: number, i: number): number {
  return range[0] + ((range[1] - range[0]) * i) / (n - 1);
}

/**
 * Paints a grid (nx·ny values, row-major, y outer, y up) as an image over the plot area, one
 * cell per value: `colour(index)` gives [r, g, b, a] with a in 0–255.
 */
export function drawGridImage(ctx: CanvasRenderingContext2D, area: PlotArea, axes: GridAxes, colour: (index: number) => readonly [number, number, number, number], smooth = false): void {
  const image = new ImageData(axes.nx, axes.ny);
  for (let j = 0; j < axes.ny; j++) {
    const row = axes.ny - 1 - j; // image rows go down, y goes up
    for (let i = 0; i < axes.nx; i++) {
      const [r, g, b, a] = colour(j * axes.nx + i);
      const at = (row * axes.nx + i) * 4;
      image.data[at] = r;
      image.data[at + 1] = g;
      image.data[at + 2] = b;
      image.data[at + 3] = a;
    }
  }
  const buffer = document.createElement('canvas');
  buffer.width = axes.nx;
  buffer.height = axes.ny;
  buffer.getContext('2d')?.putImageData(image, 0, 0);
  const extent = gridExtent(axes);
  ctx.save();
  ctx.imageSmoothingEnabled = smooth;
  const left = area.x(extent.x[0]);
  const top = area.y(extent.y[1]);
  ctx.drawImage(buffer, left, top, area.x(extent.x[1]) - left, area.y(extent.y[0]) - top);
  ctx.restore();
}

/** Draws iso-lines of a grid at the given levels (marching squares by d3-contour). */
export function drawContours(ctx: CanvasRenderingContext2D, area: PlotArea, axes: GridAxes, values: readonly number[], levels: readonly number[], stroke: (level: number, index: number) => string): void {
  const extent = gridExtent(axes);
  const cellX = (extent.x[1] - extent.x[0]) / axes.nx;
  const cellY = (extent.y[1] - extent.y[0]) / axes.ny;
  const generator = contours().size([axes.nx, axes.ny]).thresholds([...levels]);
  const shapes = generator([...values]);
  ctx.save();
  ctx.lineWidth = 1;
  shapes.forEach((shape, index) => {
    ctx.strokeStyle = stroke(shape.value, index);
    ctx.beginPath();
    for (const polygon of shape.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([gx, gy], k) => {
          const px = area.x(extent.x[0] + gx! * cellX);
          const py = area.y(extent.y[0] + gy! * cellY);
          if (k === 0) ctx.moveTo(px, py);
          else ctx.lineTo(px, py);
        });
      }
    }
    ctx.stroke();
  });
  ctx.restore();
}

/** A marker per class index, so classes differ by shape as well as colour. */
export function drawMarker(ctx: CanvasRenderingContext2D, x: number, y: number, shape: number, size: number): void {
  ctx.beginPath();
  switch (((shape % 4) + 4) % 4) {
    case 0:
      ctx.arc(x, y, size, 0, Math.PI * 2);
      break;
    case 1:
      ctx.rect(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7);
      break;
    case 2:
      ctx.moveTo(x, y - size * 1.15);
      ctx.lineTo(x + size, y + size * 0.75);
      ctx.lineTo(x - size, y + size * 0.75);
      ctx.closePath();
      break;
    default:
      ctx.moveTo(x, y - size * 1.2);
      ctx.lineTo(x + size * 1.2, y);
      ctx.lineTo(x, y + size * 1.2);
      ctx.lineTo(x - size * 1.2, y);
      ctx.closePath();
  }
  ctx.fill();
  ctx.stroke();
}

/** Min and max of the finite values (undefined when there are none). */
export function finiteRange(values: readonly (number | null)[]): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : undefined;
}
