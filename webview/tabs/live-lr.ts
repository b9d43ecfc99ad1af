import { liveLearningRate } from '../../protocol/sweep-messages';
import type { RunRecord } from '../../protocol/run-record';
import { el, labelled, rebuildIfChanged } from '../dom';
import { formatNumber } from '../format';
import type { TabContext } from './tab';
import { isTraining, learningRateChanges } from './live-lr-data';

const logMin = Math.log10(liveLearningRate.min);
const logMax = Math.log10(liveLearningRate.max);

/**
 * The live learning rate (TensorFlow Playground's control): a slider on a log scale and a number
 * field for the run on screen while it trains. A change goes to the host as `set-lr`; the worker
 * applies it at the next step and records a `control` event, which comes back with the run's
 * events and is drawn as a marker on the curves (and replays with `dlmodel train --replay`).
 */
export class LiveLearningRate {
  readonly element = el('div', { className: 'live-lr', attributes: { role: 'group', 'aria-label': 'Learning rate while training' } });
  readonly markers = el('ul', { className: 'lr-markers', attributes: { 'aria-label': 'Learning-rate changes' } });
  private readonly slider = el('input', { attributes: { type: 'range', min: logMin, max: logMax, step: 0.01, 'aria-label': 'Learning rate (log scale)' } });
  private readonly field = el('input', { attributes: { type: 'number', min: liveLearningRate.min, max: liveLearningRate.max, step: 'any', 'aria-label': 'Learning rate' } });
  private runId: string | null = null;

  constructor(private readonly context: TabContext) {
    this.slider.addEventListener('input', () => (this.field.value = String(Number((10 ** Number(this.slider.value)).toPrecision(3)))));
    this.slider.addEventListener('change', () => this.send(Number(this.field.value)));
    this.field.addEventListener('change', () => this.send(Number(this.field.value)));
    this.element.append(labelled('Learning rate', el('span', { className: 'range' }, this.slider)), this.field, el('span', { className: 'note', text: 'applies from the next step; recorded in the run' }));
  }

  /** Shows the control for the run on screen while it trains, and every shown run's changes. */
  render(run: RunRecord | undefined, shown: readonly RunRecord[]): void {
    const live = this.context.host.live && isTraining(run);
    this.element.hidden = !live;
    if (live && run.runId !== this.runId) {
      // A new run: start from the learning rate it trains with now.
      this.runId = run.runId;
      const lr = run.steps.lr.at(-1) ?? learningRateChanges(run).at(-1)?.lr;
      if (lr !== undefined && lr > 0) this.setShown(lr);
    }
    const changes = shown.flatMap((r) => learningRateChanges(r).map((c) => ({ label: r.label, ...c })));
    rebuildIfChanged(this.markers, JSON.stringify(changes), () =>
      changes.map((c) => el('li', { className: 'lr-marker', attributes: { 'data-step': c.step }, text: `${shown.length > 1 ? `${c.label}: ` : ''}learning rate → ${formatNumber(c.lr, 4)} at step ${c.step.toLocaleString('en-US')} (epoch ${c.epoch})` })),
    );
  }

  private setShown(lr: number): void {
    this.field.value = String(Number(lr.toPrecision(4)));
    this.slider.value = String(Math.log10(lr));
  }

  private send(lr: number): void {
    if (this.runId === null || !Number.isFinite(lr) || lr < liveLearningRate.min || lr > liveLearningRate.max) return;
    this.setShown(lr);
    this.context.host.post({ type: 'set-lr', runId: this.runId, lr });
  }
}
