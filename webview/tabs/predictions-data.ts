import type { PredictionsData, PredictionsFrame } from '../../core/train/panel-data';
import type { RunRecord } from '../../protocol/run-record';

/** What the tab calls class c: the data's name for it, else its index. */
export function className(data: PredictionsData, c: number): string {
  return data.classNames?.[c] ?? String(c);
}

/** The pool examples (indices into the pool) whose true class is `label` and predicted class `predicted`. */
export function cellExamples(data: PredictionsData, frame: PredictionsFrame, label: number, predicted: number): number[] {
  const out: number[] = [];
  data.examples.labels.forEach((l, i) => {
    if (l === label && frame.predicted[i] === predicted) out.push(i);
  });
  return out;
}

/**
 * The pool's wrong predictions, most confident first (the earlier example on ties, as
 * core/inspect's confidentMistakes orders them). With the whole split in the pool these are the
 * frame's `mistakes`; the pool is what the panel can draw.
 */
export function poolMistakes(data: PredictionsData, frame: PredictionsFrame, keep = 24): number[] {
  const wrong: number[] = [];
  data.examples.labels.forEach((l, i) => {
    if (frame.predicted[i] !== l) wrong.push(i);
  });
  return wrong.sort((a, b) => frame.confidence[b]! - frame.confidence[a]! || a - b).slice(0, keep);
}

/** The share of row `label`'s examples in cell (label, predicted); 0 for an empty row. */
export function rowShare(frame: PredictionsFrame, label: number, predicted: number): number {
  const row = frame.confusion[label]!;
  const total = row.reduce((sum, n) => sum + n, 0);
  return total === 0 ? 0 : row[predicted]! / total;
}

/**
 * Prediction entropy per epoch: the training probe batch's from the epoch events, the validation
 * split's from the recorded frames (null at epochs without a frame).
 */
export function entropyCurves(run: RunRecord, data: PredictionsData): { epochs: number[]; train: (number | null)[]; validation: (number | null)[] } {
  const epochs = [...new Set([...run.epochs.map((e) => e.epoch), ...data.frames.map((f) => f.epoch)])].sort((a, b) => a - b);
  const train = new Map(run.epochs.map((e) => [e.epoch, e.predictionEntropy]));
  const validation = new Map(data.frames.map((f) => [f.epoch, f.entropy]));
  return { epochs, train: epochs.map((e) => train.get(e) ?? null), validation: epochs.map((e) => validation.get(e) ?? null) };
}
