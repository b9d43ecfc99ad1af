import { el } from '../dom';

export interface FigureOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Extra class for the figure (sizes come from styles.css). */
  readonly className?: string;
  /** What the chart shows, for screen readers. */
  readonly description?: string;
}

/**
 * A chart's frame: a title, the plot area and the axis titles as text (so they follow the theme's
 * font, wrap, and are readable by screen readers and tests). The plot area reports its size
 * whenever the panel is resized.
 */
export class Figure {
  readonly element: HTMLElement;
  readonly plot: HTMLDivElement;
  /** Below the axis title: where a chart puts its legend. */
  readonly legendSlot: HTMLDivElement;
  private readonly title: HTMLElement;
  private readonly xLabel: HTMLElement;
  private readonly yLabel: HTMLElement;
  private readonly observer: ResizeObserver;
  private lastSize = { width: 0, height: 0 };

  constructor(options: FigureOptions, onResize: (width: number, height: number) => void) {
    this.title = el('figcaption', { className: 'chart-title', text: options.title });
    this.yLabel = el('div', { className: 'axis-label axis-y', text: options.yLabel });
    this.xLabel = el('div', { className: 'axis-label axis-x', text: options.xLabel });
    this.plot = el('div', { className: 'plot', attributes: { role: 'img', 'aria-label': options.description ?? `${options.title}: ${options.yLabel} against ${options.xLabel}` } });
    this.legendSlot = el('div', { className: 'legend-slot' });
    this.element = el('figure', { className: `chart ${options.className ?? ''}`.trim() }, this.title, el('div', { className: 'chart-body' }, this.yLabel, this.plot), this.xLabel, this.legendSlot);
    this.observer = new ResizeObserver(() => {
      const width = Math.floor(this.plot.clientWidth);
      const height = Math.floor(this.plot.clientHeight);
      if (width === this.lastSize.width && height === this.lastSize.height) return;
      this.lastSize = { width, height };
      if (width > 0 && height > 0) onResize(width, height);
    });
    this.observer.observe(this.plot);
  }

  /** The x axis's title (the legend names the cursor's x value with it). */
  get xLabelText(): string {
    return this.xLabel.textContent ?? 'x';
  }

  /** The plot area's size now (0 × 0 while hidden). */
  get size(): { width: number; height: number } {
    return { width: Math.floor(this.plot.clientWidth), height: Math.floor(this.plot.clientHeight) };
  }

  setLabels(title: string, xLabel: string, yLabel: string): void {
    if (this.title.textContent !== title) this.title.textContent = title;
    if (this.xLabel.textContent !== xLabel) this.xLabel.textContent = xLabel;
    if (this.yLabel.textContent !== yLabel) this.yLabel.textContent = yLabel;
    this.plot.setAttribute('aria-label', `${title}: ${yLabel} against ${xLabel}`);
  }

  dispose(): void {
    this.observer.disconnect();
  }
}
