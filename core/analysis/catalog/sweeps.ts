import type { ArgumentSpec, CallableSpec } from './types';

/** What a sweep ranks its runs by; losses rank ascending, accuracies descending. */
export const sweepMetrics = ['val_loss', 'loss', 'val_accuracy', 'accuracy'] as const;
export type SweepMetric = (typeof sweepMetrics)[number];

/** A grid larger than this is refused: it would take days, and the table could not be read. */
export const maxSweepRuns = 1000;

/**
 * The keys besides `lr` and `metric` are open (any train key, any named layer's argument), so the
 * catalog lists the fixed ones and says the rule; core/analysis/sweep-checker.ts checks them all.
 */
const sweptKeys =
  'Every other entry is a swept key with a non-empty list of values, each checked as if written in its place: a train key but `model` and `sweep` (`batch: [16, 64]`, `optimizer: [adam, sgd(momentum: 0.9)]`), or a named layer’s argument as `layer.argument` (`hidden.units: [16, 32, 64]` for `hidden = dense(32)`).';

const lr: ArgumentSpec = {
  name: 'lr',
  type: { kind: 'numbers', min: 0, minExclusive: true },
  defaultText: 'not swept',
  doc: 'The optimizer’s learning rate, whichever optimizer the run has (`lr: [0.001, 0.003, 0.01]`); with `lr` swept, the optimizer may leave its own `lr` out.',
};

const metric: ArgumentSpec = {
  name: 'metric',
  type: { kind: 'choice', what: 'objective', choices: sweepMetrics },
  default: 'val_loss',
  doc: 'What the runs are ranked by: `val_loss`, `loss`, `val_accuracy` or `accuracy`. Losses rank lower first, accuracies higher first; runs without the number rank last.',
};

/** The values of a train block's `sweep:` (docs/language.md §5, Sweeps). */
export const sweeps: readonly CallableSpec[] = [
  {
    name: 'grid',
    family: 'sweep',
    summary: 'Every combination of the swept values, in nested-loop order (the first key slowest).',
    doc: `Runs the block once per combination and ranks the runs by \`metric\`. ${sweptKeys} At most ${maxSweepRuns.toLocaleString('en-US')} runs.`,
    args: [lr, metric],
  },
  {
    name: 'random',
    family: 'sweep',
    summary: 'n distinct combinations of the grid, drawn with a stream of the block’s seed.',
    doc: `Draws \`n\` distinct points of the grid the swept values make (the same ones every time for the same seed), runs the block at each and ranks the runs by \`metric\`. ${sweptKeys}`,
    args: [{ name: 'n', type: { kind: 'integer', min: 1, max: maxSweepRuns }, positional: true, doc: 'How many runs to draw (written first: `random(8, lr: […])`).' }, lr, metric],
  },
];
