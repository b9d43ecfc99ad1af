import uPlot from 'uplot';
import { formatNumber } from '../format';
import { readTheme, withAlpha, type ThemeColours } from '../theme';
import { decimateMinMax } from './decimate';
import { Figure, type FigureOptions } from './figure';

/** One line: its legend label, colour and values (aligned with the chart's x values; null = gap). */
export interface LineSeries {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly (number | null)[];
  readonly dash?: readonly number[];
  readonly width?: number;
  /** 0–1: a faint line (the raw values behind a smoothed curve). */
  readonly alpha?: number;
  /** Draw each value as a bar from the axis (a small bar chart). */
  readonly bars?: boolean;
  /** Join values across gaps and mark each one with a dot: a series sampled at only some x (a path recorded every few epochs). */
  readonly sparse?: boolean;
}

export interface LineChartData {
  readonly x: readonly number[];
  readonly series: readonly LineSeries[];
  /** Filled bands between two series (indices into `series`). */
  readonly bands?: readonly { readonly upper: number; readonly lower: number; readonly fill: string }[];
}

export interface LineChartOptions {
  readonly logY?: boolean;
  /** A fixed y range (e.g. [0, 1] for accuracy). */
  readonly yRange?: readonly [number, number];
  readonly legend?: boolean;
  /** x values to mark with a vertical dashed line (a learning-rate change while the run trained). */
  readonly markers?: readonly number[];
}

/**
 * A line chart drawn by uPlot inside a `Figure`: follows the panel's size and the theme, keeps
 * its uPlot instance while only the data changes (so the cursor survives live updates), and
 * rebuilds it when the series, the scale or the theme change.
 */
export class LineChart {
  readonly figure: Figure;
  private plot: uPlot | undefined;
  private structure = '';
  private data: LineChartData = { x: [], series: [] };
  private options: LineChartOptions = {};

  constructor(figureOptions: FigureOptions) {
    this.figure = new Figure(figureOptions, (width, height) => {
      // Resized: the long series are thinned again for the new width.
      this.plot?.setSize({ width, height });
      this.render();
    });
  }

  get element(): HTMLElement {
    return this.figure.element;
  }

  update(data: LineChartData, options: LineChartOptions = {}): void {
    this.data = data;
    this.options = options;
    this.render();
  }

  /** Rebuilds with the current theme's colours. */
  refreshTheme(): void {
    this.structure = '';
    this.render();
  }

  private render(): void {
    const { width, height } = this.figure.size;
    if (width === 0 || height === 0) return;
    const theme = readTheme();
    const structure = JSON.stringify([this.data.series.map((s) => [s.label, s.colour, s.dash, s.width, s.alpha, s.bars, s.sparse]), this.data.bands, this.options, theme]);
    const values = this.data.series.map((s) => (this.options.logY ? s.values.map((v) => (v !== null && v > 0 ? v : null)) : s.values));
    // A long step series (a 10,000-step run) is drawn from its min and max per pixel column;
    // bars and bands keep every point.
    const thin = !this.data.bands?.length && !this.data.series.some((s) => s.bars || s.sparse);
    const drawn = thin ? decimateMinMax(this.data.x, values, width) : { x: this.data.x, series: values };
    const aligned = [drawn.x, ...drawn.series] as unknown as uPlot.AlignedData;
    if (this.plot && structure === this.structure) {
      this.plot.setData(aligned);
      return;
    }
    this.plot?.destroy();
    this.figure.legendSlot.replaceChildren();
    this.structure = structure;
    this.plot = new uPlot(this.uplotOptions(width, height, theme), aligned, this.figure.plot);
  }

  private uplotOptions(width: number, height: number, theme: ThemeColours): uPlot.Options {
    // On a log axis only powers of ten get a label, a tick and a grid line.
    const decades = (_u: uPlot, splits: number[]): (number | null)[] => splits.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6 ? v : null));
    const axis = (log = false): uPlot.Axis => ({
      stroke: theme.muted,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1, ...(log ? { filter: decades } : {}) },
      ticks: { stroke: theme.grid, width: 1, ...(log ? { filter: decades } : {}) },
      ...(log ? { filter: decades } : {}),
      values: (_u, values) => values.map((v) => (v === null ? '' : formatNumber(v))),
    });
    const yScale: uPlot.Scale = this.options.logY ? { distr: 3 } : this.options.yRange ? { range: () => [this.options.yRange![0], this.options.yRange![1]] } : {};
    return {
      width,
      height,
      legend: { show: this.options.legend !== false, mount: (_u, legend) => this.figure.legendSlot.replaceChildren(legend) },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false }, y: yScale },
      axes: [axis(), { ...axis(this.options.logY === true), size: 52 }],
      series: [
        { label: this.figure.xLabelText, value: (_u, v) => formatNumber(v) },
        ...this.data.series.map(
          (s): uPlot.Series => ({
            label: s.label,
            stroke: s.alpha === undefined ? s.colour : withAlpha(s.colour, s.alpha),
            width: s.width ?? 1.5,
            ...(s.dash ? { dash: [...s.dash] } : {}),
            ...(s.bars ? { paths: uPlot.paths.bars!({ size: [0.8, 12] }), fill: withAlpha(s.colour, 0.6) } : {}),
            points: s.sparse ? { show: true, size: 5, fill: s.colour, stroke: s.colour } : { show: false },
            spanGaps: s.sparse === true,
            value: (_u, v) => formatNumber(v),
          }),
        ),
      ],
      bands: (this.data.bands ?? []).map((b) => ({ series: [b.upper + 1, b.lower + 1] as [number, number], fill: b.fill })),
      hooks: { draw: [(u) => drawMarkers(u, this.options.markers ?? [], theme)] },
    };
  }
}

/** Vertical dashed lines at the given x values, over the plot area. */
function drawMarkers(u: uPlot, markers: readonly number[], theme: ThemeColours): void {
  if (markers.length === 0) return;
  const { ctx } = u;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = theme.foreground;
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  for (const x of markers) {
    const left = Math.round(u.valToPos(x, 'x', true));
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, top + height);
    ctx.stroke();
  }
  ctx.restore();
}
