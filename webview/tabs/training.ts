import type { RunRecord } from '../../protocol/run-record';
import { LineChart, type LineSeries } from '../charts/line-chart';
import { checkbox, el, labelled, rebuildIfChanged } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { smoothDebiased } from '../smoothing';
import { categoryColour } from '../theme';
import type { TabContext, TabView } from './tab';
import { LiveLearningRate } from './live-lr';
import { learningRateChanges } from './live-lr-data';

/** A run's values by epoch (index epoch − 1), null where it has none. */
function byEpoch(run: RunRecord, epochs: number, value: (e: RunRecord['epochs'][number]) => number | null): (number | null)[] {
  const values: (number | null)[] = new Array<number | null>(epochs).fill(null);
  for (const e of run.epochs) if (e.epoch >= 1 && e.epoch <= epochs) values[e.epoch - 1] = value(e);
  return values;
}

/** A run's per-step column by step (index step − 1). */
function byStep(run: RunRecord, steps: number, column: readonly number[]): (number | null)[] {
  const values: (number | null)[] = new Array<number | null>(steps).fill(null);
  run.steps.step.forEach((step, i) => {
    if (step >= 1 && step <= steps) values[step - 1] = column[i] ?? null;
  });
  return values;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** One line per run: a run's status in words. */
export function runSummary(run: RunRecord): string {
  const parts: string[] = [];
  const last = run.epochs.at(-1);
  const total = run.start?.epochs;
  if (run.end?.type === 'failed') parts.push(`failed at epoch ${run.end.epoch}: ${run.end.message}`);
  else if (run.end?.type === 'done') parts.push(`done: ${run.end.epochs} epochs, ${run.end.steps.toLocaleString('en-US')} steps`);
  else if (last) parts.push(`epoch ${last.epoch}${total ? `/${total}` : ''}`);
  else parts.push(run.start ? 'starting' : 'waiting for the first events');
  if (last) {
    parts.push(`loss ${formatNumber(last.loss, 4)}`);
    if (last.accuracy !== null) parts.push(`accuracy ${formatPercent(last.accuracy)}`);
    if (last.valLoss !== null) parts.push(`validation loss ${formatNumber(last.valLoss, 4)}`);
    if (last.valAccuracy !== null) parts.push(`validation accuracy ${formatPercent(last.valAccuracy)}`);
  }
  return parts.join(' · ');
}

/**
 * Training: loss and accuracy per epoch (training solid, validation dashed), the per-step loss
 * with TensorBoard's debiased smoothing over the raw values, and the learning rate; every run the
 * panel holds is overlaid, each in its own colour, and can be hidden.
 */
export class TrainingTab implements TabView {
  readonly element: HTMLElement;
  private readonly runList = el('div', { className: 'run-list', attributes: { role: 'group', 'aria-label': 'Runs shown' } });
  private readonly logToggle: HTMLLabelElement;
  private readonly smoothing: HTMLInputElement;
  private readonly smoothingValue = el('output', { className: 'control-value' });
  private readonly lossChart = new LineChart({ title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', className: 'chart-wide' });
  private readonly accuracyChart = new LineChart({ title: 'Accuracy per epoch', xLabel: 'epoch', yLabel: 'accuracy' });
  private readonly stepChart = new LineChart({ title: 'Loss per step', xLabel: 'step', yLabel: 'loss (smoothed over raw)' });
  private readonly lrChart = new LineChart({ title: 'Learning rate', xLabel: 'step', yLabel: 'learning rate' });
  private readonly summaries = el('ul', { className: 'run-summaries' });
  private readonly liveLr: LiveLearningRate;
  private readonly charts: HTMLElement;
  /** Before the first run: what to do instead of blank axes. */
  private readonly empty: HTMLElement;

  constructor(private readonly context: TabContext) {
    const state = context.state();
    this.logToggle = checkbox('Log scale', state.logScale, (checked) => context.update({ logScale: checked }));
    this.smoothing = el('input', { attributes: { type: 'range', min: 0, max: 0.99, step: 0.01, 'aria-label': 'Smoothing' } });
    this.smoothing.value = String(state.smoothing);
    this.smoothing.addEventListener('input', () => context.update({ smoothing: Number(this.smoothing.value) }));
    const controls = el('div', { className: 'controls' }, this.logToggle, labelled('Smoothing', el('span', { className: 'range' }, this.smoothing, this.smoothingValue)), this.runList);
    this.charts = el('div', { className: 'chart-grid' }, this.lossChart.element, this.accuracyChart.element, this.stepChart.element, this.lrChart.element);
    this.empty = this.emptyState();
    this.liveLr = new LiveLearningRate(context);
    this.element = el('div', { className: 'tab-content' }, this.empty, controls, this.liveLr.element, this.summaries, this.liveLr.markers, this.charts);
  }

  private emptyState(): HTMLElement {
    const help = el('p', { className: 'note', text: 'No run yet. Train the model of the .dlmodel file in the editor (or use ▷ Train above its train block) and its loss and accuracy appear here as it learns.' });
    if (!this.context.host.live) return el('div', { className: 'empty-state' }, help);
    const train = el('button', { className: 'button', attributes: { type: 'button' }, text: 'Train' });
    train.addEventListener('click', () => this.context.host.post({ type: 'train' }));
    return el('div', { className: 'empty-state' }, train, help);
  }

  render(): void {
    const state = this.context.state();
    const runs = this.context.store.runs;
    this.empty.hidden = runs.length > 0;
    this.charts.hidden = runs.length === 0;
    const shown = runs.filter((r) => !state.hiddenRuns.includes(r.runId));
    const colour = (run: RunRecord): string => categoryColour(runs.indexOf(run));
    this.logToggle.querySelector('input')!.checked = state.logScale;
    this.smoothing.value = String(state.smoothing);
    // Set only when it differs: setting the same text still replaces the node, on every streamed redraw.
    const smoothingText = state.smoothing.toFixed(2);
    if (this.smoothingValue.textContent !== smoothingText) this.smoothingValue.textContent = smoothingText;

    const runListKey = JSON.stringify(runs.map((run) => [run.runId, run.label, state.hiddenRuns.includes(run.runId), colour(run)]));
    rebuildIfChanged(this.runList, runListKey, () =>
      runs.map((run) => {
        const toggle = checkbox(
          run.label,
          !state.hiddenRuns.includes(run.runId),
          (checked) => {
            const hidden = this.context.state().hiddenRuns.filter((id) => id !== run.runId);
            this.context.update({ hiddenRuns: checked ? hidden : [...hidden, run.runId] });
          },
          `run:${run.runId}`,
        );
        const swatch = el('span', { className: 'swatch' });
        swatch.style.backgroundColor = colour(run);
        toggle.prepend(swatch);
        return toggle;
      }),
    );

    const summaries = runs.map((run) => ({ label: run.label, colour: colour(run), text: ` — ${runSummary(run)}` }));
    rebuildIfChanged(this.summaries, JSON.stringify(summaries), () =>
      summaries.map((summary) => {
        const swatch = el('span', { className: 'swatch-text', text: '■ ' });
        swatch.style.color = summary.colour;
        return el('li', {}, swatch, el('strong', { text: summary.label }), summary.text);
      }),
    );

    const epochs = Math.max(1, ...shown.map((r) => r.epochs.at(-1)?.epoch ?? 0));
    const steps = Math.max(1, ...shown.map((r) => r.steps.step.at(-1) ?? 0));
    const epochX = range(epochs);
    const stepX = range(steps);
    const lossSeries: LineSeries[] = [];
    const accuracySeries: LineSeries[] = [];
    const stepSeries: LineSeries[] = [];
    const lrSeries: LineSeries[] = [];
    const multiple = shown.length > 1;
    const name = (run: RunRecord, what: string): string => (multiple ? `${run.label} · ${what}` : what);
    for (const run of shown) {
      const c = colour(run);
      lossSeries.push({ label: name(run, 'training'), colour: c, values: byEpoch(run, epochs, (e) => e.loss) });
      if (run.epochs.some((e) => e.valLoss !== null)) lossSeries.push({ label: name(run, 'validation'), colour: c, dash: [6, 4], values: byEpoch(run, epochs, (e) => e.valLoss) });
      if (run.epochs.some((e) => e.accuracy !== null)) accuracySeries.push({ label: name(run, 'training'), colour: c, values: byEpoch(run, epochs, (e) => e.accuracy) });
      if (run.epochs.some((e) => e.valAccuracy !== null)) accuracySeries.push({ label: name(run, 'validation'), colour: c, dash: [6, 4], values: byEpoch(run, epochs, (e) => e.valAccuracy) });
      const raw = byStep(run, steps, run.steps.loss);
      stepSeries.push({ label: name(run, 'raw'), colour: c, alpha: 0.25, width: 1, values: raw });
      stepSeries.push({ label: name(run, 'smoothed'), colour: c, width: 2, values: smoothDebiased(raw, state.smoothing) });
      lrSeries.push({ label: name(run, 'learning rate'), colour: c, values: byStep(run, steps, run.steps.lr) });
    }
    this.liveLr.render(this.context.store.run(this.context.selectedRunId()), shown);
    // A learning-rate change is marked where it took effect: after `step` steps, within epoch `epoch`.
    const changes = shown.flatMap(learningRateChanges);
    const stepMarkers = changes.map((c) => c.step + 0.5);
    const epochMarkers = changes.map((c) => c.epoch - 0.5);
    this.lossChart.update({ x: epochX, series: lossSeries }, { logY: state.logScale, markers: epochMarkers });
    this.accuracyChart.update({ x: epochX, series: accuracySeries }, { yRange: [0, 1], markers: epochMarkers });
    this.stepChart.update({ x: stepX, series: stepSeries }, { logY: state.logScale, markers: stepMarkers });
    this.lrChart.update({ x: stepX, series: lrSeries }, { markers: stepMarkers });
  }

  refreshTheme(): void {
    for (const chart of [this.lossChart, this.accuracyChart, this.stepChart, this.lrChart]) chart.refreshTheme();
  }
}
