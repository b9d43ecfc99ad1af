import { arrayOf, integerIn, isString, literal, nullable, numberIn, objectOf, oneOfValues, stringUpTo, isFiniteNumber, type Guarded, type SameShape } from './validate';

/**
 * The Sweep tab's messages (Run Sweep in VS Code) and the live learning rate's, in their own file
 * so the panel's message unions change by one member each. Every sweep message carries its
 * `sweepId`; a row names its run (`runId`) once the run has started, so selecting rows can show
 * their curves, which arrive as ordinary runs (`run-started`, `events`).
 */

/** How a sweep's row stands: waiting for a worker, training, or how its run ended. */
export type SweepRowStatus = 'pending' | 'running' | 'completed' | 'stopped' | 'failed';

/** One configuration of a sweep and its final metrics (null until it finishes, or where it has none). */
export interface SweepRow {
  /** 0-based, in the sweep's order. */
  readonly index: number;
  readonly runId: string | null;
  /** The swept values' text, in the sweep's key order (`0.01`, `sgd(momentum: 0.9)`). */
  readonly values: readonly string[];
  readonly status: SweepRowStatus;
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly epochs: number | null;
  /** Successive halving stopped it at this epoch (its numbers are that epoch's); absent otherwise (and in sweeps kept from before halving). */
  readonly stoppedAt?: number;
  readonly message: string | null;
}

/** A sweep as a whole, sent again whenever a row changes (a sweep has at most 1,000 rows). */
export interface SweepMessage {
  readonly type: 'sweep';
  readonly sweepId: string;
  /** The file and train block (`examples/spirals.dlmodel`). */
  readonly label: string;
  /** The metric the sweep ranks by (`val_accuracy`). */
  readonly metric: 'val_loss' | 'loss' | 'val_accuracy' | 'accuracy';
  readonly keys: readonly string[];
  readonly rows: readonly SweepRow[];
  readonly state: 'running' | 'done' | 'cancelled';
  /**
   * A sweep started in this window (absent on one restored from the history): the panel brings the
   * Sweep tab to the front for it once. A panel that reloads drops the messages sent meanwhile and
   * gets only the latest, which for a sweep of a second or two is already `done`.
   */
  readonly reveal?: true;
}

/** The panel brought this sweep's tab to the front: the host stops asking (`reveal`) for it. */
export interface SweepRevealedMessage {
  readonly type: 'sweep-revealed';
  readonly sweepId: string;
}

/** Apply to file: write this row's configuration into the sweep's source (an undoable edit). */
export interface ApplySweepMessage {
  readonly type: 'apply-sweep';
  readonly sweepId: string;
  readonly index: number;
}

/** The live learning rate: from the next step on, the run trains with `lr` (a `control` event records it). */
export interface SetLearningRateMessage {
  readonly type: 'set-lr';
  readonly runId: string;
  readonly lr: number;
}

/** The learning rates the panel's control offers (a log scale from 1e-6 to 10). */
export const liveLearningRate = { min: 1e-6, max: 10 } as const;

const maxRows = 1000;
const id = stringUpTo(256);
const metricOrNull = nullable(isFiniteNumber);

const isSweepRow = objectOf({
  index: integerIn(0, maxRows),
  runId: nullable(id),
  values: arrayOf(isString, 64),
  status: oneOfValues('pending', 'running', 'completed', 'stopped', 'failed'),
  loss: metricOrNull,
  accuracy: metricOrNull,
  valLoss: metricOrNull,
  valAccuracy: metricOrNull,
  epochs: nullable(integerIn(0, Number.MAX_SAFE_INTEGER)),
  message: nullable(isString),
}, { stoppedAt: integerIn(1, Number.MAX_SAFE_INTEGER) });

export const isSweepMessage = objectOf({
  type: literal('sweep'),
  sweepId: id,
  label: isString,
  metric: oneOfValues('val_loss', 'loss', 'val_accuracy', 'accuracy'),
  keys: arrayOf(isString, 64),
  rows: arrayOf(isSweepRow, maxRows),
  state: oneOfValues('running', 'done', 'cancelled'),
}, { reveal: literal(true) });

export const isApplySweepMessage = objectOf({ type: literal('apply-sweep'), sweepId: id, index: integerIn(0, maxRows) });
export const isSweepRevealedMessage = objectOf({ type: literal('sweep-revealed'), sweepId: id });
export const isSetLearningRateMessage = objectOf({ type: literal('set-lr'), runId: id, lr: numberIn(liveLearningRate.min, liveLearningRate.max) });

// Compile-time: each guard proves exactly its interface.
const _row: SameShape<Guarded<typeof isSweepRow>, SweepRow> = true;
const _sweep: SameShape<Guarded<typeof isSweepMessage>, SweepMessage> = true;
const _apply: SameShape<Guarded<typeof isApplySweepMessage>, ApplySweepMessage> = true;
const _revealed: SameShape<Guarded<typeof isSweepRevealedMessage>, SweepRevealedMessage> = true;
const _lr: SameShape<Guarded<typeof isSetLearningRateMessage>, SetLearningRateMessage> = true;
void [_row, _sweep, _apply, _lr];
