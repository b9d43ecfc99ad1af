import type { SweepRow } from '../../protocol/sweep-messages';
import { brushText } from './keyboard-brush';
import { axisScale, cellValue, insideBrushes, type AxisScale, type Brush, type SweepColumn } from './sweep-data';

const ns = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (never `on…` or `style`: the panel's CSP forbids inline handlers and styles). */
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>> = {}, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

const margin = { top: 24, bottom: 28, side: 56 };

export interface ParallelOptions {
  readonly rows: readonly SweepRow[];
  readonly columns: readonly SweepColumn[];
  readonly brushes: ReadonlyMap<number, Brush>;
  readonly selected: ReadonlySet<string>;
  /** The best row's run (drawn on top, thicker). */
  readonly best: string | null;
  readonly width: number;
  readonly format: (value: number) => string;
  /** A brush was drawn (or cleared: null) on an axis. */
  readonly onBrush: (axis: number, brush: Brush | null) => void;
  /**
   * A key on a focused axis; true when it brushed. The owner applies it to its current brushes
   * (not the ones this drawing was made with: keys may come faster than redraws).
   */
  readonly onBrushKey: (axis: number, key: string, shift: boolean) => boolean;
}

/**
 * Parallel coordinates: one vertical axis per swept key and metric, one line per finished run.
 * Dragging along an axis brushes a range (rows outside any brush fade, here and in the table);
 * a click on an axis without dragging clears its brush. Each axis is also a focusable slider:
 * arrow keys move and (with Shift) resize its brush, Escape clears it (keyboard-brush.ts).
 */
export function parallelCoordinates(options: ParallelOptions): SVGSVGElement {
  const { rows, columns, width } = options;
  const height = 240;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (axis: number): number => margin.side + (columns.length === 1 ? 0 : (axis * (width - 2 * margin.side)) / (columns.length - 1));
  const y = (position: number): number => margin.top + (1 - position) * plotHeight;
  const scales = columns.map((column) => axisScale(rows, column, options.format));
  const root = svg('svg', { class: 'parallel', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Parallel coordinates of the sweep' });
  const lines = svg('g', { class: 'pc-lines' });
  const ordered = [...rows].sort((a, b) => Number(a.runId === options.best) - Number(b.runId === options.best));
  for (const row of ordered) {
    const points = columns.map((column, i) => scales[i]!.position(cellValue(row, column))).map((p, i) => (p === null ? null : `${x(i)},${y(p)}`));
    if (points.some((p) => p === null)) continue;
    const inside = insideBrushes(row, columns, scales, options.brushes);
    const classes = ['pc-line', inside ? '' : 'dim', row.runId !== null && options.selected.has(row.runId) ? 'selected' : '', row.runId === options.best ? 'best' : ''].filter(Boolean).join(' ');
    lines.append(svg('polyline', { class: classes, points: points.join(' '), 'data-index': row.index }, svg('title', {}, `run ${row.index + 1}`)));
  }
  root.append(lines);
  columns.forEach((column, i) => root.append(axisGroup(column, scales[i]!, i, x(i), y, plotHeight, options)));
  return root;
}

function axisGroup(column: SweepColumn, scale: AxisScale, axis: number, at: number, y: (p: number) => number, plotHeight: number, options: ParallelOptions): SVGGElement {
  const group = svg('g', { class: 'pc-axis', 'data-axis': axis });
  group.append(svg('line', { x1: at, x2: at, y1: y(0), y2: y(1), class: 'pc-axis-line' }));
  group.append(svg('text', { x: at, y: margin.top - 8, class: 'pc-axis-label', 'text-anchor': 'middle' }, column.label));
  for (const tick of scale.ticks) group.append(svg('text', { x: at + 5, y: y(tick.at) + 4, class: 'pc-tick' }, tick.label));
  const brush = options.brushes.get(axis);
  if (brush) group.append(svg('rect', { class: 'pc-brush', x: at - 7, width: 14, y: y(brush.high), height: Math.max(2, y(brush.low) - y(brush.high)) }));
  // The hit area: wider than the line, so a brush is easy to start; the axis's focus stop for the keyboard.
  const hit = svg('rect', {
    class: 'pc-hit',
    x: at - 14,
    width: 28,
    y: y(1),
    height: plotHeight,
    tabindex: 0,
    role: 'slider',
    'aria-orientation': 'vertical',
    'aria-label': `${column.label} axis brush: arrow keys move it, Shift+arrows resize it, Escape clears it`,
    'aria-valuemin': 0,
    'aria-valuemax': 100,
    'aria-valuenow': Math.round((brush ? (brush.low + brush.high) / 2 : 0.5) * 100),
    'aria-valuetext': brushText(column.label, brush),
  });
  hit.addEventListener('keydown', (event) => {
    if (!options.onBrushKey(axis, event.key, event.shiftKey)) return;
    event.preventDefault();
    event.stopPropagation();
  });
  const positionAt = (event: PointerEvent): number => {
    const box = hit.getBoundingClientRect();
    const at = 1 - (event.clientY - box.top) / Math.max(1, box.height);
    // Within a few pixels of an end counts as the end: the axis's extreme values are on its ends.
    const snap = 4 / Math.max(1, box.height);
    return at >= 1 - snap ? 1 : at <= snap ? 0 : at;
  };
  hit.addEventListener('pointerdown', (event) => {
    const start = positionAt(event);
    let moved = false;
    hit.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent): void => {
      moved = true;
      const now = positionAt(e);
      preview.setAttribute('y', String(y(Math.max(start, now))));
      preview.setAttribute('height', String(Math.max(2, Math.abs(y(start) - y(now)))));
    };
    const preview = svg('rect', { class: 'pc-brush', x: at - 7, width: 14, y: y(start), height: 2 });
    group.append(preview);
    hit.addEventListener('pointermove', move);
    hit.addEventListener(
      'pointerup',
      (e) => {
        hit.removeEventListener('pointermove', move);
        const end = positionAt(e);
        options.onBrush(axis, moved && Math.abs(end - start) > 0.01 ? { low: Math.min(start, end), high: Math.max(start, end) } : null);
      },
      { once: true },
    );
  });
  group.append(hit);
  return group;
}

export interface ScatterOptions {
  readonly rows: readonly SweepRow[];
  readonly parameter: SweepColumn;
  readonly metric: SweepColumn;
  readonly selected: ReadonlySet<string>;
  readonly width: number;
  readonly format: (value: number) => string;
}

/** The sweep's metric against one chosen parameter: a point per finished run. */
export function metricScatter(options: ScatterOptions): SVGSVGElement {
  const { rows, parameter, metric, width } = options;
  const height = 220;
  const left = 64;
  const right = 24;
  const xScale = axisScale(rows, parameter, options.format);
  const yScale = axisScale(rows, metric, options.format);
  const x = (p: number): number => left + p * (width - left - right);
  const y = (p: number): number => margin.top + (1 - p) * (height - margin.top - margin.bottom);
  const root = svg('svg', { class: 'scatter', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${metric.label} against ${parameter.label}` });
  root.append(svg('line', { class: 'pc-axis-line', x1: left, x2: width - right, y1: y(0), y2: y(0) }), svg('line', { class: 'pc-axis-line', x1: left, x2: left, y1: y(0), y2: y(1) }));
  for (const tick of xScale.ticks) root.append(svg('text', { class: 'pc-tick', x: x(tick.at), y: height - 8, 'text-anchor': 'middle' }, tick.label));
  for (const tick of yScale.ticks) root.append(svg('text', { class: 'pc-tick', x: left - 6, y: y(tick.at) + 4, 'text-anchor': 'end' }, tick.label));
  root.append(svg('text', { class: 'pc-axis-label', x: left, y: margin.top - 8 }, metric.label));
  for (const row of rows) {
    const px = xScale.position(cellValue(row, parameter));
    const py = yScale.position(cellValue(row, metric));
    if (px === null || py === null) continue;
    const selected = row.runId !== null && options.selected.has(row.runId);
    root.append(svg('circle', { class: `scatter-point${selected ? ' selected' : ''}`, cx: x(px), cy: y(py), r: selected ? 6 : 4 }, svg('title', {}, `run ${row.index + 1}`)));
  }
  return root;
}
