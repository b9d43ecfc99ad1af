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
  'With `early_stop: halving` the runs that trail at each rung stop early. Every other entry is a swept key with a non-empty list of values, each checked as if written in its place: a train key but `model` and `sweep` (`batch: [16, 64]`, `optimizer: [adam, sgd(momentum: 0.9)]`), or a named layer’s argument as `layer.argument` (`hidden.units: [16, 32, 64]` for `hidden = dense(32)`).';

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

/** Successive halving's defaults: every run to epoch 1, then the best third on to 3, 9, 27, … (Ray Tune's ASHA calls them grace_period and reduction_factor). */
export const halvingDefaults = { gracePeriod: 1, reductionFactor: 3 } as const;

/**
 * Halving compares every run at a rung before any goes on, so each run's worker waits there
 * (paused, with its weights) until the last one arrives: this many waiting workers at most.
 */
export const maxHalvingRuns = 64;

/** The early stopping rules of a sweep (`early_stop:` in grid/random). */
export const earlyStops: readonly CallableSpec[] = [
  {
    name: 'halving',
    family: 'early_stop',
    summary: 'Successive halving: at each rung only the best 1/reduction_factor of the runs train on.',
    doc:
      `Every run trains to the first rung (\`grace_period\` epochs); the runs are ranked there by the sweep's \`metric\` (ties by the loss) and only the best ⌈n/reduction_factor⌉ go on to the next rung, \`grace_period·reduction_factor\` epochs, and so on; the rest stop early. Deterministic (rung by rung, as Ray Tune's successive halving without ASHA's asynchrony): the same sweep stops the same runs. ` +
      'It saves most of the epochs but **drops late learners**: a configuration that starts learning after the early rungs is stopped before it does (measured: a spirals sweep of 6 × 60 epochs trained 74 epochs instead of 360 but kept the 4th-best configuration). ' +
      `Every run's worker waits at a rung until all have arrived: at most ${maxHalvingRuns} runs; \`epochs\` cannot be swept with it.`,
    args: [
      { name: 'grace_period', type: { kind: 'integer', min: 1 }, default: halvingDefaults.gracePeriod, doc: 'Epochs every run trains before the first comparison (the first rung; Ray Tune’s `grace_period`).' },
      { name: 'reduction_factor', type: { kind: 'integer', min: 2, max: 16 }, default: halvingDefaults.reductionFactor, doc: 'η: at each rung the best 1/η of the runs go on, and the next rung is η times later (Ray Tune’s `reduction_factor`).' },
    ],
  },
];

const earlyStop: ArgumentSpec = {
  name: 'early_stop',
  type: { kind: 'call', family: 'early_stop', bareName: true },
  defaultText: 'none (every run trains all its epochs)',
  doc: '`halving` (or `halving(grace_period: 1, reduction_factor: 3)`): stop the runs that trail at each rung (successive halving). It saves epochs but drops late learners.',
};

/** The values of a train block's `sweep:` (docs/language.md §5, Sweeps). */
export const sweeps: readonly CallableSpec[] = [
  {
    name: 'grid',
    family: 'sweep',
    summary: 'Every combination of the swept values, in nested-loop order (the first key slowest).',
    doc: `Runs the block once per combination and ranks the runs by \`metric\`. ${sweptKeys} At most ${maxSweepRuns.toLocaleString('en-US')} runs.`,
    args: [lr, metric, earlyStop],
  },
  {
    name: 'random',
    family: 'sweep',
    summary: 'n distinct combinations of the grid, drawn with a stream of the block’s seed.',
    doc: `Draws \`n\` distinct points of the grid the swept values make (the same ones every time for the same seed), runs the block at each and ranks the runs by \`metric\`. ${sweptKeys}`,
    args: [{ name: 'n', type: { kind: 'integer', min: 1, max: maxSweepRuns }, positional: true, doc: 'How many runs to draw (written first: `random(8, lr: […])`).' }, lr, metric, earlyStop],
  },
];

/** A fixed argument of grid/random (`lr`, `metric`, `early_stop`), as the catalog declares it. */
export function sweepArgument(name: 'lr' | 'metric' | 'early_stop'): ArgumentSpec {
  return sweeps[0]!.args.find((a) => a.name === name)!;
}
