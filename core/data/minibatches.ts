import type { Random } from '../common/random';

/** A minibatch size, or `full` for full-batch gradient descent. */
export type BatchSize = number | 'full';

/** Batches in every epoch over `sampleCount` samples: ceil(N / batch), 1 for `full`, 0 for an empty split. */
export function batchesPerEpoch(sampleCount: number, batch: BatchSize): number {
  return Math.ceil(sampleCount / (batch === 'full' ? Math.max(1, sampleCount) : batch));
}

/**
 * The order of a training split's samples in each epoch, cut into minibatches. Each epoch starts
 * from 0 … N−1 and shuffles it with Fisher–Yates on the run's shuffle stream (so one epoch's order
 * does not depend on the last); batches are consecutive slices of `batchSize`, the last one shorter
 * when N is not a multiple (PyTorch's DataLoader with drop_last=False). `full` is one batch of all
 * samples in their stored order, and draws nothing from the stream: the order cannot change a mean.
 * The order array is reused, so an epoch allocates nothing.
 */
export class MinibatchOrder {
  /** Samples per batch (N for `full`, at least 1). */
  readonly batchSize: number;
  /** Batches in every epoch: ceil(N / batchSize), 0 for an empty split. */
  readonly batchesPerEpoch: number;
  private readonly order: Int32Array;
  private readonly shuffles: boolean;

  /** An order over `sampleCount` samples; `random` is the run's shuffle stream. */
  constructor(
    readonly sampleCount: number,
    batch: BatchSize,
    private readonly random: Random,
  ) {
    if (batch !== 'full' && !(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batch must be a positive integer or 'full'; got ${batch}`);
    this.shuffles = batch !== 'full';
    this.batchSize = batch === 'full' ? Math.max(1, sampleCount) : batch;
    this.batchesPerEpoch = batchesPerEpoch(sampleCount, batch);
    this.order = new Int32Array(sampleCount);
    this.resetOrder();
  }

  private resetOrder(): void {
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
  }

  /** Prepares the next epoch's order (shuffled unless full-batch) and returns it. */
  nextEpoch(): Int32Array {
    if (this.shuffles) {
      this.resetOrder();
      this.random.shuffle(this.order);
    }
    return this.order;
  }

  /** The current epoch's order: batch b is order[batchStart(b), batchEnd(b)). */
  get currentOrder(): Int32Array {
    return this.order;
  }

  /** Index in the order where batch b starts. */
  batchStart(b: number): number {
    return b * this.batchSize;
  }

  /** Index in the order just past batch b. */
  batchEnd(b: number): number {
    return Math.min(this.sampleCount, (b + 1) * this.batchSize);
  }

  /** Starts the next epoch and yields its batches as views of the order (one small view per batch). */
  *epoch(): Generator<Int32Array, void, undefined> {
    const order = this.nextEpoch();
    for (let b = 0; b < this.batchesPerEpoch; b++) yield order.subarray(this.batchStart(b), this.batchEnd(b));
  }
}
