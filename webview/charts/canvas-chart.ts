import { HiDpiCanvas } from './canvas';
import { Figure, type FigureOptions } from './figure';

/** A `Figure` whose plot is one canvas, redrawn by `draw` on `render()` and on every resize. */
export class CanvasChart {
  readonly figure: Figure;
  readonly canvas = new HiDpiCanvas();

  constructor(
    options: FigureOptions,
    private readonly draw: (ctx: CanvasRenderingContext2D, width: number, height: number) => void,
  ) {
    this.figure = new Figure(options, () => this.render());
    this.figure.plot.append(this.canvas.canvas);
  }

  get element(): HTMLElement {
    return this.figure.element;
  }

  render(): void {
    const { width, height } = this.figure.size;
    if (width === 0 || height === 0) return;
    const ctx = this.canvas.context(width, height);
    if (ctx) this.draw(ctx, width, height);
  }
}
