import { formatNumber, niceTicks } from '../format';
import type { ThemeColours } from '../theme';

/** A canvas sized to its box at the device's pixel ratio; `context()` returns a context in CSS pixels. */
export class HiDpiCanvas {
  readonly canvas: HTMLCanvasElement;
  width = 0;
  height = 0;

  constructor(className = 'plot-canvas') {
    this.canvas = document.createElement('canvas');
    this.canvas.className = className;
  }

  /** Resizes the backing store to width × height CSS pixels and clears it. */
  context(width: number, height: number): CanvasRenderingContext2D | null {
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.height = height;
    const pixelWidth = Math.max(1, Math.round(width * ratio));
    const pixelHeight = Math.max(1, Math.round(height * ratio));
    if (this.canvas.width !== pixelWidth) this.canvas.width = pixelWidth;
    if (this.canvas.height !== pixelHeight) this.canvas.height = pixelHeight;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return ctx;
  }
}

/** The plot rectangle inside a canvas and the maps from data to canvas coordinates. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
  /** Canvas → data. */
  readonly invertX: (px: number) => number;
  readonly invertY: (py: number) => number;
}

export const margins = { left: 46, right: 10, top: 8, bottom: 22 };

/** No margins: the plot fills the canvas (small multiples). */
export const noMargins = { left: 0, right: 0, top: 0, bottom: 0 };

/** Maps [x0, x1] × [y0, y1] onto the canvas minus the margins (y up). */
export function plotArea(width: number, height: number, x: readonly [number, number], y: readonly [number, number], square = false, margin: typeof margins = margins): PlotArea {
  let w = Math.max(10, width - margin.left - margin.right);
  let h = Math.max(10, height - margin.top - margin.bottom);
  const left = margin.left;
  let top = margin.top;
  if (square) {
    // Same scale on both axes: shrink one side, keep the plot by its axis titles, centre it vertically.
    const scale = Math.min(w / (x[1] - x[0]), h / (y[1] - y[0]));
    const sw = scale * (x[1] - x[0]);
    const sh = scale * (y[1] - y[0]);
    top += (h - sh) / 2;
    w = sw;
    h = sh;
  }
  return {
    left,
    top,
    width: w,
    height: h,
    x: (v) => left + ((v - x[0]) / (x[1] - x[0])) * w,
    y: (v) => top + h - ((v - y[0]) / (y[1] - y[0])) * h,
    invertX: (px) => x[0] + ((px - left) / w) * (x[1] - x[0]),
    invertY: (py) => y[0] + ((top + h - py) / h) * (y[1] - y[0]),
  };
}

/** Draws the frame, grid lines and tick labels of a plot area. */
export function drawAxes(ctx: CanvasRenderingContext2D, area: PlotArea, x: readonly [number, number], y: readonly [number, number], theme: ThemeColours): void {
  ctx.save();
  ctx.font = theme.font;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of niceTicks(x[0], x[1], Math.max(2, Math.floor(area.width / 70)))) {
    const px = Math.round(area.x(tick)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.top + area.height);
    ctx.stroke();
    ctx.fillText(formatNumber(tick), px, area.top + area.height + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const tick of niceTicks(y[0], y[1], Math.max(2, Math.floor(area.height / 40)))) {
    const py = Math.round(area.y(tick)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(area.left, py);
    ctx.lineTo(area.left + area.width, py);
    ctx.stroke();
    ctx.fillText(formatNumber(tick), area.left - 5, py);
  }
  ctx.strokeStyle = theme.muted;
  ctx.strokeRect(Math.round(area.left) + 0.5, Math.round(area.top) + 0.5, Math.round(area.width), Math.round(area.height));
  ctx.restore();
}

/** Draws an arrow from (x, y) by (dx, dy) canvas pixels. */
export function drawArrow(ctx: CanvasRenderingContext2D, x: number, y: number, dx: number, dy: number): void {
  const length = Math.hypot(dx, dy);
  if (length < 1) return;
  const head = Math.min(6, length * 0.4);
  const angle = Math.atan2(dy, dx);
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x + dx, y + dy);
  ctx.lineTo(x + dx - head * Math.cos(angle - 0.45), y + dy - head * Math.sin(angle - 0.45));
  ctx.moveTo(x + dx, y + dy);
  ctx.lineTo(x + dx - head * Math.cos(angle + 0.45), y + dy - head * Math.sin(angle + 0.45));
  ctx.stroke();
}
