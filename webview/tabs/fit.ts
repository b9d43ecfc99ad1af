import type { FitData } from '../../core/train/panel-data';
import { LineChart } from '../charts/line-chart';
import { el } from '../dom';
import { formatNumber } from '../format';
import { categoryColour, readTheme } from '../theme';
import { RecordedFrames } from './epoch-slider';
import { fitChartData, unitsSum } from './fit-data';
import type { TabContext, TabView } from './tab';

/**
 * Fit (one input → one output regression): the target function, the training points and the
 * network's curve at the slider's epoch; below, each hidden unit's contribution w_j·h_j(x) to the
 * output (the universal-approximation picture: shifted, scaled activations that add up, with the
 * output bias, to the curve).
 */
export class FitTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly recorded: RecordedFrames<FitData>;
  private readonly curve = new LineChart({ title: 'The fitted function', xLabel: 'x', yLabel: 'y', className: 'chart-wide' });
  private readonly units = new LineChart({ title: 'Hidden units’ contributions', xLabel: 'x', yLabel: 'w_j · h_j(x)', className: 'chart-wide' });
  private readonly unitsNote = el('p', { className: 'note' });

  constructor(context: TabContext) {
    this.recorded = new RecordedFrames(context, (latent) => latent.fit);
    this.element = el('div', { className: 'tab-content fit' }, el('div', { className: 'controls' }, this.recorded.slider.element), this.status, this.curve.element, this.unitsNote, this.units.element);
  }

  /** Shown only for one input → one output regressions. */
  available(): boolean {
    return this.recorded.available();
  }

  render(): void {
    const current = this.recorded.current();
    if (!current) {
      this.status.textContent = 'The fit appears for one input → one output regressions, after the first recorded epoch.';
      return;
    }
    const { data, frame } = current;
    const theme = readTheme();
    const chart = fitChartData(data, frame);
    this.status.textContent = `Epoch ${frame.epoch}: the network’s output at ${data.xs.length} inputs from ${formatNumber(data.xs[0])} to ${formatNumber(data.xs.at(-1))}; ${data.points.length / 2} training points.`;
    this.curve.figure.setLabels(data.expression ? `The fitted function and y = ${data.expression}` : 'The fitted function', 'x', 'y');
    this.curve.update({
      x: chart.x,
      series: [
        ...(data.target ? [{ label: data.expression ?? 'target', colour: theme.muted, values: chart.target, dash: [6, 4], sparse: true, width: 1.5 }] : []),
        { label: 'training points', colour: categoryColour(1), values: chart.points, sparse: true, width: 0 },
        { label: `network (epoch ${frame.epoch})`, colour: categoryColour(0), values: chart.curve, sparse: true, width: 2.5 },
      ],
    });
    this.units.element.hidden = data.layer === null;
    if (data.layer === null) {
      this.unitsNote.textContent = 'Unit contributions are shown when the output is a plain dense(1) (no activation) reading a hidden layer.';
      return;
    }
    this.unitsNote.textContent = `Each of ${frame.units.length} units of ${data.layer} times its output weight; with the output bias ${formatNumber(frame.bias)} they add up to the network’s curve (dashed).`;
    this.units.update(
      {
        x: [...data.xs],
        series: [
          ...frame.units.map((values, j) => ({ label: `unit ${j}`, colour: categoryColour(j), values, width: 1, alpha: 0.75 })),
          { label: 'Σ units + bias', colour: theme.foreground, values: unitsSum(frame), dash: [6, 4], width: 2 },
        ],
      },
      { legend: false },
    );
  }

  refreshTheme(): void {
    this.curve.refreshTheme();
    this.units.refreshTheme();
  }
}
