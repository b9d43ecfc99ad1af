/**
 * Paces a computation that pauses (a `Work`): it counts the operations of the steps run since the
 * last pause and says when they reach `operationsPerPause`. Pausing after every row of a 256×256
 * decomposition would cost more in resumptions than it bounds; pausing by work done keeps each
 * stretch about the same length whatever the matrix's size.
 *
 * The steps themselves are plain functions called from the generator: V8 runs the hot loops of a
 * generator's own body several times slower (measured 3× on a 256×1,024 PCA), so no generator
 * holds an inner loop.
 */
export class PauseBudget {
  private spent = 0;

  /** About 1M multiply-adds: about a millisecond of float64 work on one core. */
  constructor(private readonly operationsPerPause = 1 << 20) {}

  /** Counts `operations` done; true when a pause is due (and the count starts again). */
  spend(operations: number): boolean {
    this.spent += operations;
    if (this.spent < this.operationsPerPause) return false;
    this.spent = 0;
    return true;
  }
}
