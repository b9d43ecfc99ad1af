import { gatherRows, targetRowSize, type Dataset } from '../data';
import * as t from '../tensor';

/**
 * Preallocated input and target buffers for batches of up to `capacity` rows of one data set, so a
 * step copies rows instead of allocating.
 */
export class BatchBuffers {
  private readonly inputs: Float32Array;
  private readonly targets: Int32Array | Float32Array;
  private readonly targetWidth: number;

  constructor(
    private readonly dataset: Dataset,
    readonly capacity: number,
  ) {
    this.inputs = new Float32Array(capacity * dataset.sampleSize);
    this.targetWidth = targetRowSize(dataset);
    this.targets = dataset.targetKind === 'classes' ? new Int32Array(capacity * this.targetWidth) : new Float32Array(capacity * this.targetWidth);
  }

  /** Copies rows order[start, end) and returns them as an input tensor and a target view. */
  fill(order: ArrayLike<number>, start: number, end: number): { input: t.Tensor; targets: Int32Array | Float32Array; rows: number } {
    const rows = end - start;
    gatherRows(this.dataset, order, start, end, this.inputs, this.targets);
    const input = t.tensor(this.inputs.subarray(0, rows * this.dataset.sampleSize), [rows, ...this.dataset.sampleShape]);
    return { input, targets: this.targets.subarray(0, rows * this.targetWidth), rows };
  }
}

/** 0, 1, …, n − 1. */
export function identityOrder(n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
