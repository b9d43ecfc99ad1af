import type { SweepMetric } from '../analysis/catalog';
import type { SweepHalving } from '../analysis/sweep-checker';
import type { DoneEvent, EpochEvent, TrainEvent } from './events';
import { higherIsBetter, metricValue } from './sweep-ranking';

/** Successive halving's knobs: keep the best 1/eta at each rung; the first rung after `minEpochs` epochs. */
export interface HalvingOptions {
  readonly eta: number;
  readonly minEpochs: number;
}

export const defaultHalving: HalvingOptions = { eta: 3, minEpochs: 1 };

/** The options of a checked `early_stop: halving(grace_period: g, reduction_factor: η)`. */
export const halvingOptionsOf = (halving: SweepHalving): HalvingOptions => ({ eta: halving.reductionFactor, minEpochs: halving.gracePeriod });

/** The epochs at which runs are compared: minEpochs·eta^k while below `epochs`, then `epochs`. */
export function halvingRungs(epochs: number, options: HalvingOptions = defaultHalving): number[] {
  const rungs: number[] = [];
  for (let at = Math.max(1, options.minEpochs); at < epochs; at *= Math.max(2, options.eta)) rungs.push(at);
  return [...rungs, epochs];
}

/**
 * The epochs a halving sweep trains at most: every run to the first rung, the kept ⌈n/eta⌉ on to
 * the next, … (runs that end by themselves only make it fewer). 6 runs of 15 epochs with rungs
 * 2, 6: 6·2 + 2·4 + 1·9 = 29.
 */
export function halvingEpochs(runs: number, epochs: number, options: HalvingOptions = defaultHalving): number {
  let alive = runs;
  let previous = 0;
  let total = 0;
  for (const rung of halvingRungs(epochs, options)) {
    total += alive * (rung - previous);
    previous = rung;
    alive = keptAtRung(alive, options.eta);
  }
  return total;
}

/** One configuration of a sweep as a stream of its run's events (core's `run.events()`). */
export interface HalvingRun {
  readonly index: number;
  readonly events: Iterator<TrainEvent>;
}

/** How one configuration ended: trained to the end, or stopped at a rung. */
export interface HalvingOutcome {
  readonly index: number;
  /** Epochs it trained. */
  readonly epochs: number;
  /** Its last epoch's numbers (what it was ranked by), null if it never finished an epoch. */
  readonly last: EpochEvent | null;
  /** The rung epoch it was stopped at; null when it trained to the end (or ended by itself). */
  readonly stoppedAt: number | null;
  readonly done: DoneEvent | null;
}

interface Going {
  readonly run: HalvingRun;
  epochs: number;
  last: EpochEvent | null;
  ended: boolean;
  done: DoneEvent | null;
}

/** Pulls a run's events until it has finished `epoch` epochs (Infinity: until its last event) or ended. */
function advance(going: Going, epoch: number): void {
  while (!going.ended && going.epochs < epoch) {
    const next = going.run.events.next();
    if (next.done) {
      going.ended = true;
      break;
    }
    const event = next.value;
    if (event.type === 'epoch') {
      going.epochs = event.epoch;
      going.last = event;
    } else if (event.type === 'done' || event.type === 'failed') {
      going.ended = true;
      if (event.type === 'done') going.done = event;
    }
  }
}

/** A run as a rung ranks it: its place in the sweep and its last epoch's numbers (null: none yet). */
export interface RungEntry {
  readonly index: number;
  readonly last: EpochEvent | null;
}

/**
 * The runs best first at a rung: by the sweep's metric, ties (early on, every run of a classifier
 * may still predict one class: the same accuracy) by the validation loss, else the training loss,
 * then in the sweep's order; runs without a value last.
 */
export function rankAtRung<T extends RungEntry>(runs: readonly T[], metric: SweepMetric): T[] {
  const sign = higherIsBetter(metric) ? -1 : 1;
  const key = (g: RungEntry): [number | null, number | null] => [metricValue(g.last ?? undefined, metric), g.last ? (g.last.valLoss ?? (Number.isFinite(g.last.loss) ? g.last.loss : null)) : null];
  const compare = (x: number | null, y: number | null, s: number): number => (x === null || y === null ? (x === y ? 0 : x === null ? 1 : -1) : s * (x - y));
  return [...runs].sort((a, b) => {
    const [ma, la] = key(a);
    const [mb, lb] = key(b);
    return compare(ma, mb, sign) || compare(la, lb, 1) || a.index - b.index;
  });
}

/** How many of `ranked` runs train on past a rung: the best ⌈n/eta⌉, at least one. */
export const keptAtRung = (ranked: number, eta: number): number => Math.max(1, Math.ceil(ranked / eta));

/**
 * Synchronous successive halving (the rung rule of ASHA, run rung by rung, so it is deterministic):
 * every configuration trains to the first rung; the runs are ranked by the sweep's metric at that
 * epoch (ties by the loss: `rankAtRung`) and only the best ⌈n/eta⌉ train
 * on to the next rung, and so on until the last rung, the full `epochs`. A run that ends by itself
 * (early stopping, a failure) keeps its outcome. The events a run yields are exactly those of the
 * same run trained alone, up to where it stopped: nothing about a run depends on the others.
 */
export function successiveHalving(runs: readonly HalvingRun[], epochs: number, metric: SweepMetric, options: HalvingOptions = defaultHalving): HalvingOutcome[] {
  const all: Going[] = runs.map((run) => ({ run, epochs: 0, last: null, ended: false, done: null }));
  const stoppedAt = new Map<number, number>();
  let alive = all;
  const rungs = halvingRungs(epochs, options);
  rungs.forEach((rung, i) => {
    const last = i === rungs.length - 1;
    for (const going of alive) advance(going, last ? Number.POSITIVE_INFINITY : rung);
    if (last) return;
    const ranked = rankAtRung(alive.filter((g) => !g.ended).map((going) => ({ index: going.run.index, last: going.last, going })), metric);
    const keep = keptAtRung(ranked.length, options.eta);
    for (const { going } of ranked.slice(keep)) stoppedAt.set(going.run.index, rung);
    alive = ranked.slice(0, keep).map((r) => r.going);
  });
  return all.map((g) => ({ index: g.run.index, epochs: g.epochs, last: g.last, stoppedAt: stoppedAt.get(g.run.index) ?? null, done: g.done }));
}
