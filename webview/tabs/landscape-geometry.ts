import type { GridAxes } from '../../protocol/run-record';
import { plotArea, type PlotArea } from '../charts/canvas';
import { gridExtent } from '../charts/grid-plot';

/**
 * The loss-on-the-plane plot's area: the SAME scale on both axes. The arrows are the negative
 * gradient of the plotted loss in plane coordinates; only with one scale for α and β does a pixel
 * step mean the same distance both ways, so that they cross the contour lines at right angles
 * (a path plane spans e.g. 37 units by 11: stretched to a square, the arrows looked parallel to
 * the contours).
 */
export function landscapeArea(width: number, height: number, axes: GridAxes): PlotArea {
  const extent = gridExtent(axes);
  return plotArea(width, height, extent.x, extent.y, true);
}

/** Each arrow's vector (α, β components) in screen pixels at its position, before any length scaling. */
export function arrowPixels(area: PlotArea, positions: readonly number[], vectors: readonly number[]): [number, number][] {
  const pixels: [number, number][] = [];
  for (let i = 0; i < positions.length / 2; i++) {
    const x = positions[2 * i]!;
    const y = positions[2 * i + 1]!;
    pixels.push([area.x(x + vectors[2 * i]!) - area.x(x), area.y(y + vectors[2 * i + 1]!) - area.y(y)]);
  }
  return pixels;
}
