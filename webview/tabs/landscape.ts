import type { LandscapeData, LandscapePath, RunRecord } from '../../protocol/run-record';
import { drawArrow, drawAxes, type PlotArea } from '../charts/canvas';
import { CanvasChart } from '../charts/canvas-chart';
import { drawContours, drawGridImage, finiteRange, gridExtent } from '../charts/grid-plot';
import { LineChart, type LineSeries } from '../charts/line-chart';
import { drawSurface, heightAt } from '../charts/surface';
import { checkbox, el, labelled, replaceChildren, selectElement } from '../dom';
import { componentLabel, formatNumber } from '../format';
import { categoryColour, readTheme, viridis, withAlpha } from '../theme';
import { arrowPixels, landscapeArea } from './landscape-geometry';
import { RaceForm } from './race-form';
import type { TabContext, TabView } from './tab';

/**
 * Log-scaled heights in [0, 1] for a loss grid (non-finite cells count as the highest), and the
 * log-loss values themselves (for contour levels).
 */
export function normaliseLoss(loss: readonly (number | null)[]): { heights: number[]; logs: number[]; range: [number, number] } {
  const positive = loss.map((v) => (v !== null && v > 0 ? Math.log(v) : null));
  const range = finiteRange(positive) ?? [0, 1];
  const span = range[1] - range[0] || 1;
  const logs = positive.map((v) => v ?? range[1]);
  return { heights: logs.map((v) => (v - range[0]) / span), logs, range: [Math.exp(range[0]), Math.exp(range[1])] };
}

/** `count` contour levels spaced evenly between the ends of a range (exclusive). */
export function contourLevels(range: readonly [number, number], count: number): number[] {
  return Array.from({ length: count }, (_, k) => range[0] + ((range[1] - range[0]) * (k + 1)) / (count + 1));
}

/** The axis titles of a landscape plane. */
function axisTitles(landscape: LandscapeData): [string, string] {
  if (landscape.plane === 'path') {
    const ev = landscape.explainedVariance;
    return [`path ${componentLabel(1, ev?.[0])}`, `path ${componentLabel(2, ev?.[1])}`];
  }
  return ['random direction δ₁ (filter-normalised)', 'random direction δ₂ (filter-normalised)'];
}

/**
 * Loss landscape: the loss on a plane through the final weights as a heatmap with contours, with
 * the optimizer's path (and a race of other optimizers) drawn on it and the projected negative
 * gradient as arrows; the same grid as a 3-D surface; the loss along the straight line from the
 * initial to the final weights; and each path point's distance from the plane.
 */
export class LandscapeTab implements TabView {
  readonly element: HTMLElement;
  private readonly contour: CanvasChart;
  private readonly surface: CanvasChart;
  private readonly interpolation = new LineChart({ title: '1-D interpolation', xLabel: 'α (0 = initial weights, 1 = final weights)', yLabel: 'training loss' });
  private readonly offPlane = new LineChart({ title: 'Distance from the plane', xLabel: 'epoch', yLabel: 'off-plane distance' });
  private readonly status = el('p', { className: 'note', attributes: { role: 'status' } });
  private readonly pathLegend = el('ul', { className: 'legend', attributes: { 'aria-label': 'Optimizer paths' } });
  private readonly tooltip = el('div', { className: 'tooltip', attributes: { role: 'tooltip' } });
  private readonly requestControls: HTMLElement;
  private readonly raceForm: RaceForm;
  private readonly charts: HTMLElement;
  private run: RunRecord | undefined;
  private area: PlotArea | undefined;

  constructor(private readonly context: TabContext) {
    this.contour = new CanvasChart({ title: 'Loss on the plane', xLabel: 'direction 1', yLabel: 'direction 2', className: 'chart-square' }, (ctx, w, h) => this.drawContour(ctx, w, h));
    this.surface = new CanvasChart(
      { title: 'Loss surface (3-D)', xLabel: 'drag or use the arrow keys to turn', yLabel: 'log loss', className: 'chart-square', description: 'The loss grid as a 3-D surface; focus it and use the arrow keys to turn it' },
      (ctx, w, h) => this.drawSurface(ctx, w, h),
    );
    const state = context.state();
    const arrows = checkbox('Gradient arrows', state.showArrows, (checked) => context.update({ showArrows: checked }));
    const race = checkbox('Optimizer race', state.showRace, (checked) => context.update({ showRace: checked }));
    const resolutions = [11, 21, 31, 41, 51];
    const plane = selectElement('Plane', [{ value: 'path', label: 'optimizer path (PCA)' }, { value: 'random', label: 'random directions' }], state.landscapePlane);
    plane.addEventListener('change', () => context.update({ landscapePlane: plane.value === 'random' ? 'random' : 'path' }));
    const resolutionValue = resolutions.includes(state.landscapeResolution) ? state.landscapeResolution : 31;
    const resolution = selectElement('Resolution', resolutions.map((n) => ({ value: String(n), label: `${n} × ${n}` })), String(resolutionValue));
    resolution.addEventListener('change', () => context.update({ landscapeResolution: Number(resolution.value) }));
    const compute = el('button', { className: 'button', attributes: { type: 'button' }, text: 'Compute landscape' });
    compute.addEventListener('click', () => this.requestLandscape());
    this.raceForm = new RaceForm(state.raceChoices, (choices) => context.update({ raceChoices: choices }));
    this.requestControls = el('span', { className: 'request-controls' }, labelled('Plane', plane), labelled('Resolution', resolution), compute, this.raceForm.element);
    this.requestControls.hidden = !context.host.live;
    this.wireSurfaceControls();
    this.contour.canvas.canvas.addEventListener('pointermove', (event) => this.showTooltip(event));
    this.contour.canvas.canvas.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
    this.tooltip.hidden = true;
    this.contour.figure.plot.append(this.tooltip);
    this.charts = el('div', { className: 'chart-grid' }, this.contour.element, this.surface.element, this.interpolation.element, this.offPlane.element);
    this.element = el('div', { className: 'tab-content' }, el('div', { className: 'controls' }, arrows, race, this.requestControls), this.status, this.pathLegend, this.charts);
  }

  /**
   * Asks the host for the shown run's landscape with the plane and resolution the selectors say
   * (the button, and the palette's "Compute Loss Landscape" through a `compute-landscape` message).
   */
  requestLandscape(): void {
    const runId = this.context.selectedRunId();
    if (!runId) return;
    const state = this.context.state();
    const training = this.context.store.run(runId)?.end === null;
    this.status.textContent = training ? 'Computing the loss landscape on the weights of the next epoch, between training steps…' : 'Computing the loss landscape…';
    this.context.host.post({ type: 'request-landscape', runId, plane: state.landscapePlane, resolution: state.landscapeResolution, race: this.raceForm.choices() });
  }

  private landscape(): LandscapeData | null {
    return this.run?.landscape ?? null;
  }

  /** The paths shown: the run's own, and the race when it is on. */
  private paths(): readonly LandscapePath[] {
    const paths = this.landscape()?.paths ?? [];
    return this.context.state().showRace ? paths : paths.slice(0, 1);
  }

  render(): void {
    this.run = this.context.store.run(this.context.selectedRunId());
    const landscape = this.landscape();
    const note = this.run ? this.context.store.landscapeNotes.get(this.run.runId) : undefined;
    this.charts.hidden = landscape === null;
    if (!landscape) {
      this.status.textContent = note ?? (this.context.host.live ? 'No loss landscape yet: choose a plane and a resolution, then Compute landscape.' : 'This run has no loss-landscape data.');
      replaceChildren(this.pathLegend);
      return;
    }
    const { nx, ny } = landscape.axes;
    this.status.textContent = note ?? `${nx} × ${ny} grid on the ${landscape.plane === 'path' ? 'plane of the optimizer path’s first two principal components' : 'plane of two random directions'}, centred on the final weights.`;
    const [xTitle, yTitle] = axisTitles(landscape);
    this.contour.figure.setLabels('Loss on the plane (log colour scale, contours, paths)', xTitle, yTitle);
    replaceChildren(
      this.pathLegend,
      ...this.paths().map((path, k) => {
        const swatch = el('span', { className: 'swatch-text', text: '━ ' });
        swatch.style.color = categoryColour(k);
        return el('li', {}, swatch, path.name);
      }),
    );
    this.contour.render();
    this.surface.render();

    const interpolation = landscape.interpolation;
    this.interpolation.element.hidden = interpolation === null;
    if (interpolation) this.interpolation.update({ x: interpolation.alphas, series: [{ label: 'loss', colour: categoryColour(0), values: interpolation.loss, width: 2 }] });

    const paths = this.paths();
    const epochs = Math.max(0, ...paths.map((p) => p.epochs.at(-1) ?? 0));
    const x = Array.from({ length: epochs + 1 }, (_, e) => e);
    const series: LineSeries[] = paths.map((path, k) => {
      const values: (number | null)[] = x.map(() => null);
      path.epochs.forEach((epoch, i) => {
        if (epoch <= epochs) values[epoch] = path.offPlane[i] ?? null;
      });
      // The run's own path as bars; each race path over them as a line with a dot per recorded
      // epoch (paths are recorded every few epochs: without joining the gaps they drew nothing).
      return { label: path.name, colour: categoryColour(k), values, ...(k === 0 ? { bars: true } : { width: 1.5, sparse: true }) };
    });
    this.offPlane.update({ x, series });
  }

  private drawContour(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const landscape = this.landscape();
    if (!landscape) return;
    const theme = readTheme();
    const extent = gridExtent(landscape.axes);
    const area = landscapeArea(width, height, landscape.axes);
    this.area = area;
    const { heights, logs } = normaliseLoss(landscape.loss);
    drawGridImage(
      ctx,
      area,
      landscape.axes,
      (index) => {
        const [r, g, b] = viridis(heights[index] ?? 1);
        return [r, g, b, 255];
      },
      true,
    );
    const logRange = finiteRange(logs) ?? [0, 1];
    // Contours, halos and arrows are drawn against viridis, not the page: light in every theme.
    drawContours(ctx, area, landscape.axes, logs, contourLevels(logRange, 12), () => withAlpha('#ffffff', 0.4));
    drawAxes(ctx, area, extent.x, extent.y, theme);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    if (this.context.state().showArrows && landscape.arrows) this.drawArrows(ctx, area, landscape);
    this.paths().forEach((path, k) => {
      const colour = categoryColour(k);
      const points: [number, number][] = [];
      for (let i = 0; i < path.points.length / 2; i++) points.push([area.x(path.points[2 * i]!), area.y(path.points[2 * i + 1]!)]);
      for (const [strokeStyle, lineWidth] of [[withAlpha('#ffffff', 0.9), 4.5], [colour, 2.25]] as const) {
        ctx.strokeStyle = strokeStyle;
        ctx.lineWidth = lineWidth;
        ctx.beginPath();
        points.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
        ctx.stroke();
      }
      ctx.fillStyle = colour;
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1.5;
      const end = points.at(-1);
      if (end) {
        ctx.beginPath();
        ctx.arc(end[0], end[1], 4.5, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
      }
    });
    // The shared starting point: a hollow ring.
    const start = this.paths()[0];
    if (start && start.points.length >= 2) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(area.x(start.points[0]!), area.y(start.points[1]!), 5.5, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.restore();
  }

  private drawArrows(ctx: CanvasRenderingContext2D, area: PlotArea, landscape: LandscapeData): void {
    const { positions, vectors } = landscape.arrows!;
    const cell = Math.min(area.width / landscape.axes.nx, area.height / landscape.axes.ny);
    // Arrows scale with the gradient's size in pixels, the longest about 2.5 grid cells.
    const pixels = arrowPixels(area, positions, vectors);
    const longest = Math.max(0, ...pixels.map(([dx, dy]) => Math.hypot(dx, dy)));
    if (longest === 0) return;
    const scale = (cell * 2.5) / longest;
    ctx.strokeStyle = withAlpha('#ffffff', 0.85);
    ctx.lineWidth = 1.25;
    pixels.forEach(([dx, dy], i) => drawArrow(ctx, area.x(positions[2 * i]!), area.y(positions[2 * i + 1]!), dx * scale, dy * scale));
  }

  private drawSurface(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const landscape = this.landscape();
    if (!landscape) return;
    const state = this.context.state();
    const { heights } = normaliseLoss(landscape.loss);
    const { x, y } = landscape.axes;
    const unit = (v: number, range: readonly [number, number]): number => ((v - range[0]) / (range[1] - range[0])) * 2 - 1;
    const paths = this.paths().map((path, k) => ({
      colour: categoryColour(k),
      points: Array.from({ length: path.points.length / 2 }, (_, i) => {
        const ux = Math.max(-1, Math.min(1, unit(path.points[2 * i]!, x)));
        const uy = Math.max(-1, Math.min(1, unit(path.points[2 * i + 1]!, y)));
        return [ux, uy, heightAt(landscape.axes, heights, ux, uy)] as const;
      }),
    }));
    drawSurface(ctx, width, height, landscape.axes, heights, { yaw: state.surfaceYaw, pitch: state.surfacePitch }, readTheme(), paths);
  }

  /** Arrow keys and dragging turn the surface; the canvas is focusable. */
  private wireSurfaceControls(): void {
    const canvas = this.surface.canvas.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', 'Loss surface: arrow keys turn it');
    const turn = (yaw: number, pitch: number): void => {
      const state = this.context.state();
      this.context.update({ surfaceYaw: (state.surfaceYaw + yaw + 360) % 360, surfacePitch: Math.max(5, Math.min(90, state.surfacePitch + pitch)) });
    };
    canvas.addEventListener('keydown', (event) => {
      const moves: Record<string, [number, number]> = { ArrowLeft: [-10, 0], ArrowRight: [10, 0], ArrowUp: [0, 5], ArrowDown: [0, -5] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      turn(...move);
    });
    let last: { x: number; y: number } | undefined;
    canvas.addEventListener('pointerdown', (event) => {
      last = { x: event.clientX, y: event.clientY };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!last) return;
      turn((event.clientX - last.x) * 0.5, (event.clientY - last.y) * 0.3);
      last = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener('pointerup', () => (last = undefined));
  }

  /** Names the path point under the pointer: its epoch and distance from the plane. */
  private showTooltip(event: PointerEvent): void {
    const area = this.area;
    if (!area) return;
    const bounds = this.contour.canvas.canvas.getBoundingClientRect();
    const px = event.clientX - bounds.left;
    const py = event.clientY - bounds.top;
    let best: { distance: number; text: string; x: number; y: number } | undefined;
    for (const path of this.paths()) {
      for (let i = 0; i < path.points.length / 2; i++) {
        const x = area.x(path.points[2 * i]!);
        const y = area.y(path.points[2 * i + 1]!);
        const distance = Math.hypot(x - px, y - py);
        if (distance < 10 && (!best || distance < best.distance)) {
          best = { distance, x, y, text: `${path.name} · epoch ${path.epochs[i]} · (${formatNumber(path.points[2 * i])}, ${formatNumber(path.points[2 * i + 1])}) · off-plane ${formatNumber(path.offPlane[i])}` };
        }
      }
    }
    this.tooltip.hidden = !best;
    if (best) {
      this.tooltip.textContent = best.text;
      this.tooltip.style.left = `${Math.round(best.x + 10)}px`;
      this.tooltip.style.top = `${Math.round(best.y + 10)}px`;
    }
  }

  refreshTheme(): void {
    this.interpolation.refreshTheme();
    this.offPlane.refreshTheme();
    this.render();
  }
}
