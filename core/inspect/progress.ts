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

/** Runs `count` steps of `step(i)`, reporting progress; returns how many ran (fewer when stopped). */
export function runSteps(count: number, progress: Progress, step: (index: number) => void): number {
  for (let i = 0; i < count; i++) {
    if (progress.shouldStop?.()) return i;
    step(i);
    progress.onProgress?.(i + 1, count);
  }
  return count;
}
