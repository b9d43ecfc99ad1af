import type { Network } from '../nn/network';

/**
 * Every array of a network's state that training changes: each layer's weight and bias and
 * batch-norm's running statistics (the live arrays, in model order).
 */
function stateArrays(network: Network): Float32Array[] {
  const arrays: Float32Array[] = [];
  for (const layer of network.model.layers) {
    const state = network.stateOf(layer.name);
    if (!state || state.layer !== layer) continue;
    for (const array of [state.weight?.data, state.bias?.data, state.runningMean, state.runningVariance]) if (array) arrays.push(array);
  }
  return arrays;
}

/**
 * `early_stopping: patience` with `min_delta`, as Keras's EarlyStopping(monitor='val_loss',
 * restore_best_weights=True) and Lightning's EarlyStopping count: an epoch improves when its
 * validation loss is below best − min_delta; the run stops once `patience` epochs in a row have not.
 * The best epoch's weights are copied when it happens, and put back when the run ends.
 */
export class EarlyStopping {
  private readonly live: Float32Array[];
  private readonly best: Float32Array[];
  private bestLoss = Number.POSITIVE_INFINITY;
  private epochsWithout = 0;
  /** 1-based epoch of the lowest validation loss so far, 0 before any. */
  bestEpoch = 0;

  constructor(
    network: Network,
    private readonly patience: number,
    private readonly minDelta: number,
  ) {
    this.live = stateArrays(network);
    this.best = this.live.map((array) => new Float32Array(array.length));
  }

  /** Records 1-based `epoch`'s validation loss; true when the run must stop now. */
  observe(epoch: number, validationLoss: number): boolean {
    if (validationLoss < this.bestLoss - this.minDelta) {
      this.bestLoss = validationLoss;
      this.bestEpoch = epoch;
      this.epochsWithout = 0;
      this.live.forEach((array, i) => this.best[i]!.set(array));
      return false;
    }
    this.epochsWithout++;
    return this.epochsWithout >= this.patience;
  }

  /** Puts the best epoch's weights back (nothing when no epoch had a finite validation loss). */
  restoreBest(): void {
    if (this.bestEpoch === 0) return;
    this.live.forEach((array, i) => array.set(this.best[i]!));
  }
}
