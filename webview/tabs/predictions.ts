import type { PredictionsData, PredictionsFrame } from '../../core/train/panel-data';
import type { RunRecord } from '../../protocol/run-record';
import { LineChart } from '../charts/line-chart';
import { el, replaceChildren } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { categoryColour, readTheme, withAlpha } from '../theme';
import { RecordedFrames } from './epoch-slider';
import { exampleElement } from './example-view';
import { cellExamples, className, entropyCurves, poolMistakes, rowShare } from './predictions-data';
import type { TabContext, TabView } from './tab';

/**
 * Predictions (classifiers): on the validation split at the slider's epoch, the confusion matrix
 * (counts and row percentages; a cell's button lists its examples), per-class precision, recall
 * and F1, the most confidently wrong examples, the reliability diagram with the ECE, and the
 * prediction entropy per epoch (training probe batch and validation split).
 */
export class PredictionsTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly recorded: RecordedFrames<PredictionsData>;
  private readonly matrix = el('div', { className: 'confusion-slot' });
  private readonly cell = el('section', { className: 'cell-examples', attributes: { 'aria-live': 'polite' } });
  private readonly classTable = el('div', { className: 'class-table-slot' });
  private readonly gallery = el('div', { className: 'gallery mistakes' });
  private readonly galleryNote = el('p', { className: 'note' });
  private readonly reliability = new LineChart({ title: 'Reliability diagram', xLabel: 'confidence (top-class probability)', yLabel: 'accuracy' });
  private readonly entropy = new LineChart({ title: 'Prediction entropy per epoch', xLabel: 'epoch', yLabel: 'mean entropy (nats)' });
  /** The chosen cell: [true class, predicted class]. */
  private chosen: [number, number] | undefined;

  constructor(private readonly context: TabContext) {
    this.recorded = new RecordedFrames(context, (latent) => latent.predictions);
    this.element = el(
      'div',
      { className: 'tab-content predictions' },
      el('div', { className: 'controls' }, this.recorded.slider.element),
      this.status,
      el('h2', { text: 'Confusion matrix (validation split)' }),
      el('p', { className: 'note', text: 'Rows: true class; columns: predicted class. Each cell: count and share of its row. Choose a cell to see its examples.' }),
      this.matrix,
      this.cell,
      el('h2', { text: 'Per-class precision, recall and F1' }),
      this.classTable,
      el('h2', { text: 'Most confidently wrong' }),
      this.galleryNote,
      this.gallery,
      el('div', { className: 'chart-grid' }, this.reliability.element, this.entropy.element),
    );
  }

  /** Shown only for classifiers with a validation split. */
  available(): boolean {
    return this.recorded.available();
  }

  render(): void {
    const current = this.recorded.current();
    if (!current) {
      this.status.textContent = 'Predictions appear for classifiers with a validation split, after the first recorded epoch.';
      return;
    }
    const { run, data, frame } = current;
    const pool = data.examples.labels.length;
    this.status.textContent = `Epoch ${frame.epoch}: accuracy ${formatPercent(frame.accuracy)}, macro F1 ${formatNumber(frame.macroF1)}, ECE ${formatNumber(frame.expectedCalibrationError)} on ${data.validationCount} validation examples` +
      (pool < data.validationCount ? ` (examples drawn from the first ${pool}).` : '.');
    this.renderMatrix(data, frame);
    this.renderCell(data, frame);
    this.renderClassTable(data, frame);
    this.renderGallery(data, frame);
    this.renderReliability(frame);
    this.renderEntropy(run, data);
  }

  refreshTheme(): void {
    this.render();
  }

  private renderMatrix(data: PredictionsData, frame: PredictionsFrame): void {
    const accent = readTheme().foreground;
    const header = el('tr', {}, el('th', { text: 'true \\ predicted', attributes: { scope: 'col' } }), ...frame.confusion.map((_, c) => el('th', { text: className(data, c), attributes: { scope: 'col' } })));
    const rows = frame.confusion.map((row, label) =>
      el(
        'tr',
        {},
        el('th', { text: className(data, label), attributes: { scope: 'row' } }),
        ...row.map((count, predicted) => {
          const share = rowShare(frame, label, predicted);
          const selected = this.chosen?.[0] === label && this.chosen[1] === predicted;
          const button = el('button', {
            className: `confusion-cell${label === predicted ? ' diagonal' : ''}`,
            attributes: { type: 'button', 'aria-pressed': String(selected), 'aria-label': `true ${className(data, label)}, predicted ${className(data, predicted)}: ${count} (${formatPercent(share)} of the row)`, 'data-cell': `${label},${predicted}` },
          }, el('span', { className: 'count', text: String(count) }), el('span', { className: 'share', text: formatPercent(share) }));
          // The tint is drawn through the CSSOM (allowed under the panel's CSP, unlike style attributes).
          button.style.backgroundColor = withAlpha(label === predicted ? categoryColour(2) : accent, Math.min(0.85, share * 0.9));
          button.addEventListener('click', () => {
            this.chosen = selected ? undefined : [label, predicted];
            this.render();
          });
          return el('td', {}, button);
        }),
      ),
    );
    const focusedCell = (document.activeElement as HTMLElement | null)?.dataset['cell'];
    replaceChildren(this.matrix, el('table', { className: 'confusion' }, el('thead', {}, header), el('tbody', {}, ...rows)));
    if (focusedCell) this.matrix.querySelector<HTMLButtonElement>(`[data-cell="${focusedCell}"]`)?.focus();
  }

  private renderCell(data: PredictionsData, frame: PredictionsFrame): void {
    if (!this.chosen || this.chosen[0] >= data.classes || this.chosen[1] >= data.classes) {
      this.cell.hidden = true;
      replaceChildren(this.cell);
      return;
    }
    const [label, predicted] = this.chosen;
    const examples = cellExamples(data, frame, label, predicted);
    const shown = examples.slice(0, 48);
    this.cell.hidden = false;
    replaceChildren(
      this.cell,
      el('h3', { text: `True ${className(data, label)}, predicted ${className(data, predicted)}: ${frame.confusion[label]![predicted]} example(s)${examples.length < frame.confusion[label]![predicted]! ? `, ${examples.length} of them among the drawn examples` : ''}` }),
      el('div', { className: 'gallery' }, ...shown.map((i) => exampleElement(data.examples, i, `#${i} · ${formatPercent(frame.confidence[i])}`))),
    );
  }

  private renderClassTable(data: PredictionsData, frame: PredictionsFrame): void {
    const head = el('tr', {}, ...['class', 'precision', 'recall', 'F1', 'support'].map((h) => el('th', { text: h, attributes: { scope: 'col' } })));
    const rows = frame.perClass.map((m, c) => el('tr', {}, el('th', { text: className(data, c), attributes: { scope: 'row' } }), ...[m.precision, m.recall, m.f1].map((v) => el('td', { text: formatNumber(v) })), el('td', { text: String(m.support) })));
    replaceChildren(this.classTable, el('table', { className: 'class-table' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  }

  private renderGallery(data: PredictionsData, frame: PredictionsFrame): void {
    const mistakes = poolMistakes(data, frame);
    this.galleryNote.textContent = mistakes.length === 0 ? 'No wrong predictions among the drawn examples.' : 'Wrong predictions with the highest probability for the predicted class: true → predicted (probability).';
    replaceChildren(this.gallery, ...mistakes.map((i) => exampleElement(data.examples, i, `${className(data, data.examples.labels[i]!)} → ${className(data, frame.predicted[i]!)} (${formatPercent(frame.confidence[i])})`)));
  }

  private renderReliability(frame: PredictionsFrame): void {
    const centres = frame.reliability.map((b) => (b.lower + b.upper) / 2);
    this.reliability.figure.setLabels(`Reliability diagram — ECE ${formatNumber(frame.expectedCalibrationError)}`, 'confidence (top-class probability)', 'accuracy');
    this.reliability.update(
      {
        x: centres,
        series: [
          { label: 'accuracy in bin', colour: categoryColour(0), values: frame.reliability.map((b) => b.accuracy), bars: true },
          { label: 'perfect calibration', colour: readTheme().foreground, values: centres, dash: [4, 4] },
          { label: 'mean confidence', colour: categoryColour(1), values: frame.reliability.map((b) => b.confidence), sparse: true },
        ],
      },
      { yRange: [0, 1] },
    );
  }

  private renderEntropy(run: RunRecord, data: PredictionsData): void {
    const curves = entropyCurves(run, data);
    const series = [
      ...(curves.train.some((v) => v !== null) ? [{ label: 'train (probe batch)', colour: categoryColour(0), values: curves.train }] : []),
      ...(curves.validation.some((v) => v !== null) ? [{ label: 'validation', colour: categoryColour(1), values: curves.validation, sparse: true }] : []),
    ];
    this.entropy.update({ x: curves.epochs, series });
  }
}
