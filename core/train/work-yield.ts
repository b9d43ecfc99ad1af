import type { Work } from '../inspect/progress';
import * as t from '../tensor';

/**
 * A point between two units of a run's work (a training step, a validation chunk, the probe, one
 * layer's latent projection) where a caller that owns a clock may stop pulling: the training
 * worker checks its slice's time and its messages there, so Stop is answered within one unit of
 * work even at the end of an epoch. `TrainingRun.events()` never shows it; `work()` does.
 */
export const workYield: unique symbol = Symbol('work yield');
export type WorkYield = typeof workYield;

/**
 * A pausing computation of core/inspect (a `Work`: a PCA, an eigen-decomposition) as units of a
 * run's work: `workYield` at each of its pauses, then its result.
 */
export function* yieldsOf<T>(work: Work<T>): Generator<WorkYield, T, undefined> {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
    yield workYield;
  }
}

/**
 * A pausing computation on tensors (`Network.forwardWork`) run on `tape` without gradients, one
 * piece per pull: the tape is active, and recording off, only within each pull, so whatever runs
 * between two pieces (a landscape unit, a decode request) uses its own tape undisturbed.
 */
export function* onTapeWithoutGrad<T>(tape: t.Tape, work: Work<T>): Generator<WorkYield, T, undefined> {
  for (;;) {
    const next = tape.run(() => t.noGrad(() => work.next()));
    if (next.done) return next.value;
    yield workYield;
  }
}
