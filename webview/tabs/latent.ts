import type { InputPlaneFrame, LatentData, LatentFrame, RunRecord } from '../../protocol/run-record';
import { drawAxes, HiDpiCanvas, noMargins, plotArea } from '../charts/canvas';
import { CanvasChart } from '../charts/canvas-chart';
import { drawGridImage, drawMarker, finiteRange, gridExtent } from '../charts/grid-plot';
import { classStyle, displayClassName, markerGlyphs } from '../class-style';
import { el, labelled, replaceChildren, selectElement } from '../dom';
import { componentLabel, formatNumber } from '../format';
import { categoryColour, diverging, parseColour, readTheme, viridis, type ThemeColours } from '../theme';
import type { TabContext, TabView } from './tab';

/** The frame shown for a chosen epoch: the last one at or before it (the first when none is). */
export function frameAt<F extends { readonly epoch: number }>(frames: readonly F[], epoch: number | null): F | undefined {
  if (frames.length === 0) return undefined;
  if (epoch === null) return frames.at(-1);
  let found = frames[0];
  for (const frame of frames) if (frame.epoch <= epoch) found = frame;
  return found;
}

/**
 * The hidden layers that have unit heatmaps, in model order (the host records only hidden layers),
 * and the one shown: the user's choice when it has heatmaps, else the last (nearest the output).
 */
export function unitLayers(frames: readonly InputPlaneFrame[], chosen: string | null): { layers: string[]; shown: string | undefined } {
  const layers: string[] = [];
  for (const frame of frames) for (const neuron of frame.neurons) if (!layers.includes(neuron.layer)) layers.push(neuron.layer);
  return { layers, shown: chosen !== null && layers.includes(chosen) ? chosen : layers.at(-1) };
}

/** Symmetric padded bounds of 2n point coordinates along one axis (0 = x, 1 = y). */
function bounds(points: readonly number[], axis: 0 | 1): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = axis; i < points.length; i += 2) {
    min = Math.min(min, points[i]!);
    max = Math.max(max, points[i]!);
  }
  if (!(min <= max)) return [-1, 1];
  const pad = Math.max((max - min) * 0.06, 1e-6);
  return [min - pad, max + pad];
}

/**
 * Latent space: a layer's activations on the probe set projected onto their first two principal
 * components, coloured by class (or by target value), replayed over the run's epochs with a
 * slider; for a 2-D input also the decision over the input plane with the data on it and every
 * hidden unit's output as a small heatmap (TensorFlow Playground's view).
 */
export class LatentTab implements TabView {
  readonly element: HTMLElement;
  private readonly layerSlot = el('span', { className: 'slot' });
  private readonly slider = el('input', { attributes: { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'Epoch' } });
  private readonly epochOutput = el('output', { className: 'control-value' });
  private readonly playButton = el('button', { className: 'button', attributes: { type: 'button' }, text: 'Play' });
  private readonly status = el('p', { className: 'note', attributes: { role: 'status' } });
  private readonly legend = el('ul', { className: 'legend', attributes: { 'aria-label': 'Classes' } });
  private readonly scatter: CanvasChart;
  private readonly decision: CanvasChart;
  private readonly planeSection: HTMLElement;
  private readonly neurons = el('div', { className: 'neurons' });
  private readonly neuronsTitle = el('h2', { text: 'Hidden units over the input plane' });
  private readonly unitsLayerSlot = el('span', { className: 'slot' });
  private readonly neuronCanvases: { canvas: HiDpiCanvas; caption: HTMLElement; figure: HTMLElement }[] = [];
  private timer: number | undefined;
  private run: RunRecord | undefined;
  private frame: LatentFrame | undefined;
  private planeFrame: InputPlaneFrame | undefined;

  constructor(private readonly context: TabContext) {
    this.scatter = new CanvasChart({ title: 'Activations, PCA', xLabel: 'PC1', yLabel: 'PC2', className: 'chart-square' }, (ctx, w, h) => this.drawScatter(ctx, w, h));
    this.decision = new CanvasChart({ title: 'Decision over the input plane', xLabel: 'x₁', yLabel: 'x₂', className: 'chart-square' }, (ctx, w, h) => this.drawDecision(ctx, w, h));
    this.slider.addEventListener('input', () => {
      const frames = this.frames();
      const frame = frames[Number(this.slider.value)];
      if (frame) this.context.update({ latentEpoch: Number(this.slider.value) === frames.length - 1 ? null : frame.epoch });
    });
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.planeSection = el(
      'section',
      { className: 'input-plane', attributes: { 'aria-label': 'Input plane' } },
      this.neuronsTitle,
      el('div', { className: 'controls' }, labelled('Hidden layer', this.unitsLayerSlot)),
      el('p', { className: 'note', text: 'Each unit’s output at every point of the input plane: blue positive, orange negative, scaled per unit.' }),
      this.neurons,
    );
    this.element = el(
      'div',
      { className: 'tab-content' },
      el('div', { className: 'controls' }, labelled('Layer', this.layerSlot), labelled('Epoch', el('span', { className: 'range' }, this.slider, this.epochOutput)), this.playButton),
      this.status,
      this.legend,
      el('div', { className: 'chart-grid' }, this.scatter.element, this.decision.element),
      this.planeSection,
    );
  }

  private latent(): LatentData | null {
    return this.run?.latent ?? null;
  }

  private layer(): string | undefined {
    const latent = this.latent();
    if (!latent) return undefined;
    const chosen = this.context.state().latentLayer;
    if (chosen !== null && latent.layers.includes(chosen)) return chosen;
    return latent.layers.find((l) => latent.projections.some((p) => p.layer === l)) ?? latent.layers[0];
  }

  private frames(): readonly LatentFrame[] {
    const layer = this.layer();
    return this.latent()?.projections.find((p) => p.layer === layer)?.frames ?? [];
  }

  render(): void {
    this.run = this.context.store.run(this.context.selectedRunId());
    const latent = this.latent();
    const state = this.context.state();
    if (!latent) {
      this.status.textContent = this.context.host.live ? 'The latent space appears when the host has projected the probe set.' : 'This run has no latent-space data.';
      replaceChildren(this.layerSlot);
      this.frame = undefined;
      this.planeFrame = undefined;
      this.planeSection.hidden = true;
      this.decision.element.hidden = true;
      this.scatter.render();
      return;
    }
    const layer = this.layer();
    const select = selectElement('Layer', latent.layers.map((l) => ({ value: l, label: l })), layer);
    select.addEventListener('change', () => {
      this.context.update({ latentLayer: select.value });
      if (!latent.projections.some((p) => p.layer === select.value) && this.run) this.context.host.post({ type: 'select-layer', runId: this.run.runId, layer: select.value });
    });
    const focused = this.layerSlot.contains(document.activeElement);
    replaceChildren(this.layerSlot, select);
    if (focused) select.focus();

    const frames = this.frames();
    this.frame = frameAt(frames, state.latentEpoch);
    const index = this.frame ? frames.indexOf(this.frame) : 0;
    this.slider.max = String(Math.max(0, frames.length - 1));
    this.slider.value = String(index);
    this.slider.disabled = frames.length < 2;
    this.playButton.disabled = frames.length < 2;
    this.epochOutput.textContent = this.frame ? `epoch ${this.frame.epoch}` : '—';
    this.slider.setAttribute('aria-valuetext', this.epochOutput.textContent);
    this.status.textContent = this.frame
      ? `${layer}: ${frames.length} epochs recorded, ${this.frame.points.length / 2} probe samples.`
      : this.context.host.live ? `Waiting for the host to project ${layer}…` : `This report has no projection of ${layer}.`;
    const pc1 = componentLabel(1, this.frame?.explainedVariance[0]);
    const pc2 = componentLabel(2, this.frame?.explainedVariance[1]);
    this.scatter.figure.setLabels(`Activations of ${layer ?? '—'} on the probe set (PCA)`, pc1, pc2);
    this.renderLegend(latent);
    this.scatter.render();

    const plane = latent.inputPlane;
    this.planeSection.hidden = plane === null;
    this.decision.element.hidden = plane === null;
    this.planeFrame = plane ? frameAt(plane.frames, this.frame?.epoch ?? null) : undefined;
    if (plane) {
      this.decision.figure.setLabels(`Decision over the input plane${this.planeFrame ? ` (epoch ${this.planeFrame.epoch})` : ''}`, plane.xLabel, plane.yLabel);
      this.decision.render();
      this.renderNeurons();
    }
  }

  private renderLegend(latent: LatentData): void {
    const targets = latent.targets;
    if (targets.kind === 'values') {
      const range = finiteRange(targets.values);
      replaceChildren(this.legend, el('li', { text: `Colour: target value, ${formatNumber(range?.[0])} (purple) to ${formatNumber(range?.[1])} (yellow)` }));
      return;
    }
    replaceChildren(
      this.legend,
      ...Array.from({ length: targets.classes }, (_, k) => {
        const style = classStyle(k);
        const swatch = el('span', { className: 'swatch-text', text: `${markerGlyphs[style.marker]} ` });
        swatch.style.color = categoryColour(style.colour);
        const name = targets.classNames?.[k];
        return el('li', {}, swatch, name === undefined ? `class ${k}` : displayClassName(name));
      }),
    );
  }

  /** The colour of probe sample i. */
  private pointColour(latent: LatentData, i: number, valueRange: [number, number] | undefined): string {
    const targets = latent.targets;
    if (targets.kind === 'classes') return categoryColour(classStyle(targets.labels[i] ?? 0).colour);
    const v = targets.values[i] ?? 0;
    const t = valueRange ? (v - valueRange[0]) / (valueRange[1] - valueRange[0] || 1) : 0.5;
    const [r, g, b] = viridis(t);
    return `rgb(${r}, ${g}, ${b})`;
  }

  private drawPoints(ctx: CanvasRenderingContext2D, points: readonly number[], x: (v: number) => number, y: (v: number) => number, theme: ThemeColours): void {
    const latent = this.latent();
    if (!latent) return;
    const valueRange = latent.targets.kind === 'values' ? finiteRange(latent.targets.values) : undefined;
    ctx.save();
    ctx.lineWidth = 0.75;
    ctx.strokeStyle = theme.background;
    for (let i = 0; i < points.length / 2; i++) {
      ctx.fillStyle = this.pointColour(latent, i, valueRange);
      drawMarker(ctx, x(points[2 * i]!), y(points[2 * i + 1]!), latent.targets.kind === 'classes' ? classStyle(latent.targets.labels[i] ?? 0).marker : 0, 3);
    }
    ctx.restore();
  }

  private drawScatter(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = readTheme();
    const frame = this.frame;
    const xRange = frame ? bounds(frame.points, 0) : ([-1, 1] as [number, number]);
    const yRange = frame ? bounds(frame.points, 1) : ([-1, 1] as [number, number]);
    const area = plotArea(width, height, xRange, yRange);
    drawAxes(ctx, area, xRange, yRange, theme);
    if (frame) this.drawPoints(ctx, frame.points, area.x, area.y, theme);
  }

  private drawDecision(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const theme = readTheme();
    const plane = this.latent()?.inputPlane;
    if (!plane) return;
    const extent = gridExtent(plane.axes);
    const area = plotArea(width, height, extent.x, extent.y, true);
    const decision = this.planeFrame?.decision;
    if (decision?.kind === 'classes') {
      const classes = this.latent()?.targets.kind === 'classes' ? (this.latent()!.targets as { classes: number }).classes : 2;
      const base = 1 / Math.max(2, classes);
      drawGridImage(ctx, area, plane.axes, (index) => {
        const [r, g, b] = parseColour(categoryColour(decision.predicted[index] ?? 0)) ?? [128, 128, 128];
        const confidence = Math.max(0, ((decision.confidence[index] ?? base) - base) / (1 - base));
        return [r, g, b, Math.round(255 * (0.12 + 0.5 * confidence))];
      }, true);
    } else if (decision?.kind === 'values') {
      const range = finiteRange(decision.values) ?? [0, 1];
      drawGridImage(ctx, area, plane.axes, (index) => {
        const [r, g, b] = viridis(((decision.values[index] ?? 0) - range[0]) / (range[1] - range[0] || 1));
        return [r, g, b, 200];
      });
    }
    drawAxes(ctx, area, extent.x, extent.y, theme);
    this.drawPoints(ctx, plane.points, area.x, area.y, theme);
  }

  /** The hidden-layer picker of the unit heatmaps; returns the layer shown. */
  private renderUnitsLayerPicker(frames: readonly InputPlaneFrame[]): string | undefined {
    const { layers, shown } = unitLayers(frames, this.context.state().unitsLayer);
    const select = selectElement('Hidden layer', layers.map((l) => ({ value: l, label: l })), shown);
    select.disabled = layers.length < 2;
    select.addEventListener('change', () => this.context.update({ unitsLayer: select.value }));
    const focused = this.unitsLayerSlot.contains(document.activeElement);
    replaceChildren(this.unitsLayerSlot, select);
    if (focused) select.focus();
    return shown;
  }

  private renderNeurons(): void {
    const plane = this.latent()?.inputPlane;
    const layer = this.renderUnitsLayerPicker(plane?.frames ?? []);
    // Unit heatmaps are large, so a host may send them with only some frames: show the latest at or before the epoch.
    const withUnits = plane?.frames.filter((f) => f.neurons.some((n) => n.layer === layer)) ?? [];
    const frame = frameAt(withUnits.filter((f) => f.epoch <= (this.planeFrame?.epoch ?? Infinity)), null);
    const neurons = frame?.neurons.filter((n) => n.layer === layer) ?? [];
    this.neuronsTitle.textContent = frame ? `Hidden units of ${layer ?? ''} over the input plane (epoch ${frame.epoch})` : 'Hidden units over the input plane';
    while (this.neuronCanvases.length < neurons.length) {
      const canvas = new HiDpiCanvas('neuron-canvas');
      const caption = el('figcaption', { className: 'neuron-caption' });
      const figure = el('figure', { className: 'neuron' }, canvas.canvas, caption);
      this.neuronCanvases.push({ canvas, caption, figure });
    }
    replaceChildren(this.neurons, ...this.neuronCanvases.slice(0, neurons.length).map((n) => n.figure));
    if (!plane) return;
    neurons.forEach((neuron, k) => {
      const slot = this.neuronCanvases[k]!;
      slot.caption.textContent = `${neuron.layer} #${neuron.unit}`;
      slot.figure.setAttribute('title', `${neuron.layer}, unit ${neuron.unit}`);
      const size = 64;
      const ctx = slot.canvas.context(size, size);
      if (!ctx) return;
      const scale = Math.max(1e-9, ...neuron.values.map((v) => Math.abs(v)));
      const extent = gridExtent(plane.axes);
      const area = plotArea(size, size, extent.x, extent.y, false, noMargins);
      drawGridImage(ctx, area, plane.axes, (index) => {
        const [r, g, b] = diverging((neuron.values[index] ?? 0) / scale);
        return [r, g, b, 255];
      }, true);
    });
  }

  private togglePlay(): void {
    if (this.timer !== undefined) {
      this.stop();
      return;
    }
    const frames = this.frames();
    if (frames.length < 2) return;
    if (Number(this.slider.value) >= frames.length - 1) this.context.update({ latentEpoch: frames[0]!.epoch });
    this.playButton.textContent = 'Pause';
    this.timer = window.setInterval(() => {
      const all = this.frames();
      const next = Number(this.slider.value) + 1;
      if (next >= all.length) {
        this.stop();
        return;
      }
      this.context.update({ latentEpoch: next === all.length - 1 ? null : all[next]!.epoch });
    }, 350);
  }

  private stop(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
    this.playButton.textContent = 'Play';
  }

  refreshTheme(): void {
    this.render();
  }
}
