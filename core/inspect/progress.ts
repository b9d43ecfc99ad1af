/**
 * How the heavy computations (loss grids, gradient fields, interpolations) report progress and
 * learn that they should stop. They run in the training worker's thread, so they cannot be
 * interrupted from outside: they ask `shouldStop()` before each evaluation and return what they
 * have, marked incomplete.
 */
export interface Progress {
  /** Called after each evaluation with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Asked before each evaluation; true stops the computation. */
  readonly shouldStop?: () => boolean;
}

/**
 * A computation that pauses after each evaluation: the caller pulls it one evaluation at a time
 * (the training worker interleaves a landscape with training steps this way) and gets the result
 * when it is done. `drain` runs one to the end at once.
 */
export type Work<T> = Generator<void, T, void>;

/** Pulls a piece of work (or any generator that pauses, whatever it yields) to its end and returns its result. */
export function drain<T>(work: Generator<unknown, T, undefined>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
  }
}

/** `count` steps of `step(i)` as work, pausing after each and reporting progress; returns how many ran (fewer when stopped). */
export function* stepsWork(count: number, progress: Progress, step: (index: number) => void): Work<number> {
  for (let i = 0; i < count; i++) {
    if (progress.shouldStop?.()) return i;
    step(i);
    progress.onProgress?.(i + 1, count);
    yield;
  }
  return count;
}
