import type { ManifoldData, ManifoldFrame } from '../../core/train/panel-data-images';
import type { DecodedLatentMessage } from '../../protocol/decode-latent-messages';
import { drawAxes, plotArea, type PlotArea } from '../charts/canvas';
import { CanvasChart } from '../charts/canvas-chart';
import { drawMarker, gridExtent } from '../charts/grid-plot';
import { classStyle, displayClassName, markerGlyphs } from '../class-style';
import { el, replaceChildren } from '../dom';
import { componentLabel, formatNumber } from '../format';
import { categoryColour, readTheme } from '../theme';
import { RecordedFrames } from './epoch-slider';
import { interpolationCells, type PlanePoint } from './manifold-data';
import { freshDecode, type FreshDecode } from './manifold-decode';
import { paintPicture, pictureCanvas, pixelRange } from './picture';
import type { TabContext, TabView } from './tab';

const interpolationSteps = 10;
/** Pixels between two decoded tiles of the grid (in the tiles' own pixels). */
const tileMargin = 1;

/**
 * Latent manifold (autoencoders and VAEs, `target: input`): the validation set encoded into the
 * latent plane and coloured by class; the decoder's images on a grid over the plane (the
 * manifold); two clicked points and the decoded images along the segment between them (decoded
 * afresh at each point by the run's worker under the frame's weights; until the answer comes, or
 * where there is no host (a report) or the weights are gone, the nearest grid point's); the first validation images beside their reconstructions. A code of
 * more than 2 numbers is shown on the plane of its first two principal components, decoded at
 * mean + u·PC1 + v·PC2. It is a new tab beside Latent space, which projects any layer's
 * activations and decodes nothing.
 */
export class ManifoldTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly recorded: RecordedFrames<ManifoldData>;
  private readonly legend = el('ul', { className: 'legend', attributes: { 'aria-label': 'Classes' } });
  private readonly codes: CanvasChart;
  private readonly manifold: CanvasChart;
  private readonly interpolation = el('section', { className: 'manifold-interpolation', attributes: { 'aria-label': 'Interpolation' } });
  private readonly reconstructions = el('section', { className: 'manifold-reconstructions', attributes: { 'aria-label': 'Reconstructions' } });
  private readonly areas = new Map<CanvasChart, PlotArea>();
  private frame: ManifoldFrame | undefined;
  private data: ManifoldData | undefined;
  private picks: PlanePoint[] = [];
  private runId: string | null = null;
  /** The host's fresh decoding of the strip, asked for and answered. */
  private readonly fresh: FreshDecode;

  constructor(private readonly context: TabContext) {
    this.recorded = new RecordedFrames(context, (latent) => latent.manifold);
    this.fresh = freshDecode(context.host);
    this.codes = new CanvasChart({ title: 'Validation set in the latent plane', xLabel: 'z₁', yLabel: 'z₂', className: 'chart-square' }, (ctx, w, h) => this.drawCodes(ctx, w, h));
    this.manifold = new CanvasChart({ title: 'Decoded grid (the manifold)', xLabel: 'z₁', yLabel: 'z₂', className: 'chart-square' }, (ctx, w, h) => this.drawManifold(ctx, w, h));
    for (const chart of [this.codes, this.manifold]) chart.canvas.canvas.addEventListener('click', (event) => this.pick(chart, event));
    this.element = el(
      'div',
      { className: 'tab-content manifold' },
      el('div', { className: 'controls' }, this.recorded.slider.element),
      this.status,
      this.legend,
      el('p', { className: 'note', text: 'Click two points of either plane: the decoded images between them appear below.' }),
      el('div', { className: 'chart-grid' }, this.codes.element, this.manifold.element),
      this.interpolation,
      this.reconstructions,
    );
  }

  /** Shown only for autoencoders and VAEs (runs with `target: input` and a code to decode from). */
  available(): boolean {
    return this.recorded.available();
  }

  /** The host's answer to the strip's `decode-latent`: drawn when it is still the strip on screen. */
  receiveDecoded(message: DecodedLatentMessage): void {
    if (this.fresh.receive(message) && this.data && this.frame) this.renderInterpolation(this.data, this.frame);
  }

  render(): void {
    const runId = this.context.selectedRunId();
    if (runId !== this.runId) [this.runId, this.picks] = [runId, []];
    const current = this.recorded.current();
    [this.data, this.frame] = [current?.data, current?.frame];
    const { data, frame } = this;
    if (!data || !frame) {
      this.status.textContent = 'The latent manifold appears for autoencoders and VAEs (target: input), after the first recorded epoch.';
      replaceChildren(this.interpolation);
      replaceChildren(this.reconstructions);
      this.codes.render();
      this.manifold.render();
      return;
    }
    const [xLabel, yLabel] = frame.explainedVariance ? [componentLabel(1, frame.explainedVariance[0]), componentLabel(2, frame.explainedVariance[1])] : ['z₁', 'z₂'];
    const what = data.variational ? `μ of ${data.layer}` : data.layer;
    const plane = frame.explainedVariance ? `the first two principal components of its ${data.latentSize} numbers` : 'its 2 numbers';
    this.status.textContent = `Epoch ${frame.epoch}: ${frame.points.length / 2} validation samples encoded by ${what} (${plane}); decoded on a ${frame.axes.nx}×${frame.axes.ny} grid.`;
    this.codes.figure.setLabels(`Validation set encoded (${what})`, xLabel, yLabel);
    this.manifold.figure.setLabels(data.image ? `Decoded grid, the manifold (epoch ${frame.epoch})` : 'Decoded grid: the input is not an image', xLabel, yLabel);
    this.renderLegend(data);
    this.codes.render();
    this.manifold.render();
    this.renderInterpolation(data, frame);
    this.renderReconstructions(data, frame);
  }

  private renderLegend(data: ManifoldData): void {
    if (!data.labels) {
      replaceChildren(this.legend);
      return;
    }
    replaceChildren(
      this.legend,
      ...Array.from({ length: data.classes }, (_, k) => {
        const style = classStyle(k);
        const swatch = el('span', { className: 'swatch-text', text: `${markerGlyphs[style.marker]} ` });
        swatch.style.color = categoryColour(style.colour);
        const name = data.classNames?.[k];
        return el('li', {}, swatch, name === undefined ? `class ${k}` : displayClassName(name));
      }),
    );
  }

  /** The plot area both planes share: the decoded grid's extent. */
  private planeArea(width: number, height: number): PlotArea | undefined {
    const frame = this.frame;
    if (!frame) return undefined;
    const extent = gridExtent(frame.axes);
    return plotArea(width, height, extent.x, extent.y, true);
  }

  private drawCodes(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const area = this.planeArea(width, height);
    const { frame, data } = this;
    if (!area || !frame || !data) return;
    this.areas.set(this.codes, area);
    const theme = readTheme();
    const extent = gridExtent(frame.axes);
    drawAxes(ctx, area, extent.x, extent.y, theme);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    ctx.lineWidth = 0.75;
    ctx.strokeStyle = theme.background;
    for (let i = 0; i < frame.points.length / 2; i++) {
      const style = classStyle(data.labels?.[i] ?? 0);
      ctx.fillStyle = data.labels ? categoryColour(style.colour) : theme.foreground;
      drawMarker(ctx, area.x(frame.points[2 * i]!), area.y(frame.points[2 * i + 1]!), style.marker, 3);
    }
    ctx.restore();
    this.drawPicks(ctx, area);
  }

  private drawManifold(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const area = this.planeArea(width, height);
    const { frame, data } = this;
    if (!area || !frame || !data) return;
    this.areas.set(this.manifold, area);
    const theme = readTheme();
    const extent = gridExtent(frame.axes);
    const image = data.image;
    if (image) {
      // One bitmap of nx × ny decoded samples, y up (the top row is the largest y), scaled onto the
      // plane; each tile followed by a one-pixel margin at the lowest grey level. Lines in the
      // theme's background between the tiles (light in a light theme) drowned 8×8 digits in a grid.
      const { nx, ny } = frame.axes;
      const size = image.channels * image.height * image.width;
      const [w, h] = [image.width + tileMargin, image.height + tileMargin];
      const tiles = new ImageData(nx * w, ny * h);
      for (let a = 3; a < tiles.data.length; a += 4) tiles.data[a] = 255;
      const range = pixelRange(frame.decoded, 0, frame.decoded.length);
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) paintPicture(tiles, i * w, (ny - 1 - j) * h, frame.decoded, (j * nx + i) * size, image, { kind: 'grey', ...range });
      const buffer = document.createElement('canvas');
      [buffer.width, buffer.height] = [tiles.width, tiles.height];
      buffer.getContext('2d')?.putImageData(tiles, 0, 0);
      ctx.save();
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(buffer, area.left, area.top, area.width, area.height);
      ctx.restore();
    }
    drawAxes(ctx, area, extent.x, extent.y, theme);
    this.drawPicks(ctx, area);
  }

  /** The clicked points and the segment between them. */
  private drawPicks(ctx: CanvasRenderingContext2D, area: PlotArea): void {
    if (this.picks.length === 0) return;
    ctx.save();
    ctx.strokeStyle = categoryColour(3);
    ctx.fillStyle = categoryColour(3);
    ctx.lineWidth = 2;
    if (this.picks.length === 2) {
      ctx.beginPath();
      ctx.moveTo(area.x(this.picks[0]!.x), area.y(this.picks[0]!.y));
      ctx.lineTo(area.x(this.picks[1]!.x), area.y(this.picks[1]!.y));
      ctx.stroke();
    }
    for (const [k, p] of this.picks.entries()) {
      drawMarker(ctx, area.x(p.x), area.y(p.y), 1, 5);
      ctx.fillText(k === 0 ? 'A' : 'B', area.x(p.x) + 7, area.y(p.y) - 7);
    }
    ctx.restore();
  }

  /** A click on a plane: the first or second end of the interpolation (a third starts again). */
  private pick(chart: CanvasChart, event: MouseEvent): void {
    const area = this.areas.get(chart);
    if (!area || !this.frame) return;
    const point = { x: area.invertX(event.offsetX), y: area.invertY(event.offsetY) };
    this.picks = this.picks.length >= 2 ? [point] : [...this.picks, point];
    this.codes.render();
    this.manifold.render();
    if (this.data) this.renderInterpolation(this.data, this.frame);
  }

  private renderInterpolation(data: ManifoldData, frame: ManifoldFrame): void {
    const [a, b] = this.picks;
    if (!a || !b || !data.image) {
      replaceChildren(this.interpolation, el('h2', { text: 'Interpolation' }), el('p', { className: 'note', text: data.image ? (a ? 'Click a second point (B).' : 'Click a first point (A) on either plane.') : 'The input is not an image: nothing to draw.' }));
      return;
    }
    const image = data.image;
    const size = image.channels * image.height * image.width;
    const zoom = Math.max(2, Math.round(48 / image.width));
    const steps = interpolationCells(frame.axes, a, b, interpolationSteps);
    const points = steps.flatMap(({ point }) => [point.x, point.y]);
    const answer = this.runId === null ? { decoded: null, note: 'no run' } : this.fresh.ask(this.runId, frame.epoch, points);
    // Fresh images on the grid's grey scale, so a strip image and a grid tile of the same code look alike.
    const range = pixelRange(answer.decoded ? [...frame.decoded, ...answer.decoded] : frame.decoded, 0, frame.decoded.length + (answer.decoded?.length ?? 0));
    const cells = steps.map(({ point, cell }, k) => {
      const [values, offset, source] = answer.decoded ? [answer.decoded, k * size, 'fresh'] : [frame.decoded, cell * size, 'grid'];
      return el('figure', { className: 'picture-cell', attributes: { 'data-cell': cell, 'data-source': source } }, pictureCanvas(values, offset, image, { kind: 'grey', ...range }, zoom, `decoded at (${formatNumber(point.x)}, ${formatNumber(point.y)})`), el('figcaption', { text: k === 0 ? 'A' : k === interpolationSteps - 1 ? 'B' : `${k}` }));
    });
    const how = answer.decoded
      ? `each decoded at its own point by the decoder of epoch ${frame.epoch}.`
      : `each shown at its nearest point of the ${frame.axes.nx}×${frame.axes.ny} grid${answer.note ? ` (${answer.note})` : ''}.`;
    replaceChildren(
      this.interpolation,
      el('h2', { text: `Interpolation from A (${formatNumber(a.x)}, ${formatNumber(a.y)}) to B (${formatNumber(b.x)}, ${formatNumber(b.y)})` }),
      el('p', { className: 'note', text: `${interpolationSteps} evenly spaced points of the segment, ${how}` }),
      el('div', { className: 'picture-grid' }, ...cells),
    );
  }

  private renderReconstructions(data: ManifoldData, frame: ManifoldFrame): void {
    const image = data.image;
    if (!image) {
      replaceChildren(this.reconstructions);
      return;
    }
    const size = image.channels * image.height * image.width;
    const zoom = Math.max(2, Math.round(48 / image.width));
    const pairs = Array.from({ length: data.originals.length / size }, (_, i) => {
      const grey = (values: readonly number[]) => ({ kind: 'grey' as const, ...pixelRange(values, i * size, size) });
      return el(
        'figure',
        { className: 'picture-pair' },
        pictureCanvas(data.originals, i * size, image, grey(data.originals), zoom, `original ${i + 1}`),
        pictureCanvas(frame.reconstructions, i * size, image, grey(frame.reconstructions), zoom, `reconstruction ${i + 1}`),
        el('figcaption', { text: data.labels?.[i] === undefined ? `#${i + 1}` : `class ${data.labels[i]}` }),
      );
    });
    replaceChildren(this.reconstructions, el('h2', { text: `Reconstructions (epoch ${frame.epoch}): original, then decoded` }), el('div', { className: 'picture-grid' }, ...pairs));
  }

  refreshTheme(): void {
    this.render();
  }
}
