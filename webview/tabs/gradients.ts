import { diagnosticCodes } from '../../core/common/codes';
import { gradientPercentiles } from '../../core/train/events';
import { lineColumnOf, type RecordedFinding, type RunRecord } from '../../protocol/run-record';
import { LineChart, type LineSeries } from '../charts/line-chart';
import { el, rebuildIfChanged } from '../dom';
import { categoryColour, withAlpha } from '../theme';
import type { TabContext, TabView } from './tab';

/** Errors before warnings; then findings still active; then the longest-standing; then by code. */
export function rankFindings(findings: readonly RecordedFinding[]): RecordedFinding[] {
  const severity = (f: RecordedFinding): number => (f.finding.severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) =>
      severity(a) - severity(b) ||
      Number(b.active) - Number(a.active) ||
      b.lastEpoch - b.firstEpoch - (a.lastEpoch - a.firstEpoch) ||
      a.finding.code.localeCompare(b.finding.code) ||
      a.finding.range.start - b.finding.range.start,
  );
}

/** The layers with parameters, in the model's order. */
export function layerNames(run: RunRecord): string[] {
  return run.start ? [...run.start.layers] : run.steps.layers.map((l) => l.layer);
}

/** The reference line of healthy update ratios (Karpathy's rule of thumb). */
const healthyRatio = 1e-3;

/**
 * Gradients: per-layer gradient norms per step (log scale), each layer's gradient distribution
 * per epoch as TensorBoard's percentile bands, the median update-to-weight ratio per layer per
 * epoch against 1e-3, and the run's health findings ranked by severity, each a link to its source.
 */
export class GradientsTab implements TabView {
  readonly element: HTMLElement;
  private readonly normChart = new LineChart({ title: 'Gradient norm per step', xLabel: 'step', yLabel: '‖∇‖ per layer (log)', className: 'chart-wide' });
  private readonly ratioChart = new LineChart({ title: 'Update / weight ratio', xLabel: 'epoch', yLabel: 'median ‖Δw‖ / ‖w‖ (log)' });
  private readonly distributions = el('div', { className: 'small-multiples distributions' });
  private readonly distributionCharts = new Map<string, LineChart>();
  private readonly findings = el('ol', { className: 'findings' });
  private readonly findingsNote = el('p', { className: 'note' });

  constructor(private readonly context: TabContext) {
    this.element = el(
      'div',
      { className: 'tab-content' },
      el('section', { className: 'findings-section', attributes: { 'aria-label': 'Health findings' } }, el('h2', { text: 'Health findings' }), this.findingsNote, this.findings),
      el('div', { className: 'chart-grid' }, this.normChart.element, this.ratioChart.element),
      el('h2', { text: 'Gradient distributions per epoch' }),
      el('p', { className: 'note', text: `Bands between the percentiles ${gradientPercentiles.map((p) => Math.round(p)).join(', ')} of each layer's gradient values at the epoch's last step; the line is the median.` }),
      this.distributions,
    );
  }

  render(): void {
    const run = this.context.store.run(this.context.selectedRunId());
    if (!run) return;
    const layers = layerNames(run);
    this.renderFindings(run);

    const stepX = run.steps.step;
    // 1 px lines: a noisy per-step series is a dense zigzag, and Chromium's software canvas strokes
    // 1 px lines on a fast path but wider ones about 30× slower (a 10,000-step run took ~25 ms a redraw).
    this.normChart.update(
      { x: stepX, series: run.steps.layers.map((series, i) => ({ label: series.layer, colour: categoryColour(i), values: series.gradNorm, width: 1 })) },
      { logY: true },
    );

    const epochX = run.epochs.map((e) => e.epoch);
    const ratioSeries: LineSeries[] = layers.map((layer, i) => ({
      label: layer,
      colour: categoryColour(i),
      values: run.epochs.map((e) => e.updateRatios.find((r) => r.layer === layer)?.median ?? null),
    }));
    ratioSeries.push({ label: '1e-3 (healthy)', colour: '#999999', dash: [4, 4], values: epochX.map(() => healthyRatio) });
    this.ratioChart.update({ x: epochX, series: ratioSeries }, { logY: true });

    for (const [layer, chart] of this.distributionCharts) {
      if (!layers.includes(layer)) {
        chart.figure.dispose();
        chart.element.remove();
        this.distributionCharts.delete(layer);
      }
    }
    layers.forEach((layer, i) => {
      let chart = this.distributionCharts.get(layer);
      if (!chart) {
        chart = new LineChart({ title: layer, xLabel: 'epoch', yLabel: 'gradient value', className: 'chart-small' });
        this.distributionCharts.set(layer, chart);
      }
      // Moving an element re-lays-out its subtree: only place a chart that is not where it belongs.
      if (this.distributions.children[i] !== chart.element) this.distributions.insertBefore(chart.element, this.distributions.children[i] ?? null);
      const colour = categoryColour(i);
      const percentileSeries: LineSeries[] = gradientPercentiles.map((p, k) => ({
        label: `p${Math.round(p)}`,
        colour,
        width: k === 4 ? 2 : 0.5,
        alpha: k === 4 ? 1 : 0.5,
        values: run.epochs.map((e) => e.gradients.find((g) => g.layer === layer)?.percentiles[k] ?? null),
      }));
      // Outer to inner: [0,100], [7,93], [16,84], [31,69] — darker towards the median.
      const bands = [0, 1, 2, 3].map((k) => ({ upper: 8 - k, lower: k, fill: withAlpha(colour, 0.12 + 0.1 * k) }));
      chart.update({ x: epochX, series: percentileSeries, bands }, { legend: false });
    });
  }

  private renderFindings(run: RunRecord): void {
    const ranked = rankFindings(run.findings);
    const note =
      ranked.length === 0
        ? run.end ? 'No health findings: gradients, activations and update ratios stayed in their healthy ranges.' : 'No health findings so far.'
        : this.context.host.live ? 'Most severe first. Choose a finding to show its source.' : 'Most severe first.';
    if (this.findingsNote.textContent !== note) this.findingsNote.textContent = note;
    rebuildIfChanged(this.findings, JSON.stringify([run.runId, run.source?.path ?? null, this.context.host.live, ranked]), () =>
      ranked.map((recorded) => {
        const { finding } = recorded;
        const where = run.source ? lineColumnOf(run.source, finding.range.start) : undefined;
        const location = where ? `${run.source!.path.split('/').pop()}:${where.line}:${where.column}` : `offset ${finding.range.start}`;
        const epochs = recorded.firstEpoch === recorded.lastEpoch ? `epoch ${recorded.firstEpoch}` : `epochs ${recorded.firstEpoch}–${recorded.lastEpoch}`;
        const title = `${finding.code} ${diagnosticCodes[finding.code].title}${finding.layer ? ` · ${finding.layer}` : ''}`;
        const heading = this.context.host.live
          ? el('button', { className: 'link finding-link', attributes: { type: 'button', title: `Show ${location}`, 'data-key': `${finding.code}:${finding.layer ?? ''}:${finding.range.start}` }, text: title })
          : el('span', { className: 'finding-title', text: title });
        if (heading instanceof HTMLButtonElement) {
          heading.addEventListener('click', () => this.context.host.post({ type: 'reveal', runId: run.runId, range: { start: finding.range.start, end: finding.range.end } }));
        }
        return el(
          'li',
          { className: `finding severity-${finding.severity}${recorded.active ? '' : ' inactive'}` },
          el('span', { className: 'severity-badge', text: finding.severity === 'error' ? 'error' : 'warning' }),
          heading,
          el('span', { className: 'finding-where', text: ` ${location} · ${epochs}${recorded.active ? '' : ' (resolved)'}` }),
          el('div', { className: 'finding-message', text: finding.message }),
        );
      }),
    );
  }

  refreshTheme(): void {
    this.normChart.refreshTheme();
    this.ratioChart.refreshTheme();
    for (const chart of this.distributionCharts.values()) chart.refreshTheme();
  }
}
