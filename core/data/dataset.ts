/**
 * A data set in memory: flat typed arrays, one row per sample, so training copies a minibatch's rows
 * into preallocated buffers without allocating. Inputs are float32 even for text, whose token ids
 * (small integers) are exact in float32.
 */

interface DatasetCommon {
  /** Number of samples, N. */
  readonly count: number;
  /** N × sampleSize values, row-major: sample i is inputs[i·sampleSize, (i+1)·sampleSize). */
  readonly inputs: Float32Array;
  /** The shape of one sample, without the batch axis (`[2]`, `[1, 8, 8]`). */
  readonly sampleShape: readonly number[];
  /** The product of sampleShape. */
  readonly sampleSize: number;
  /** True when inputs are integer token ids (text), which only an `embedding` reads. */
  readonly tokens: boolean;
  /** The name of each input value, when the data has names (CSV columns). */
  readonly featureNames?: readonly string[];
}

/** A data set whose targets are class indices in [0, classCount). */
export interface ClassDataset extends DatasetCommon {
  readonly targetKind: 'classes';
  /** N class indices, or N × positions with per-position targets. */
  readonly targets: Int32Array;
  /**
   * With `text(…, targets: all)`: class targets per sample, one per position (the model outputs
   * [positions, classCount] and the loss averages over positions). Absent: one class per sample.
   */
  readonly positions?: number;
  readonly classCount: number;
  /** What each class index stands for, when the data has names (CSV text targets, text characters). */
  readonly classNames?: readonly string[];
}

/** A data set whose targets are real values of one shape. */
export interface RealDataset extends DatasetCommon {
  readonly targetKind: 'real';
  /** N × targetSize values, row-major. */
  readonly targets: Float32Array;
  readonly targetShape: readonly number[];
  readonly targetSize: number;
  /** With `target: input`, the data set's class labels, kept to colour pictures (never a target). */
  readonly labels?: { readonly classCount: number; readonly targets: Int32Array; readonly classNames?: readonly string[] };
}

export type Dataset = ClassDataset | RealDataset;

/** The number of values in one sample of this shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, d) => product * d, 1);
}

/** Values per target row: 1 class index (or one per position), targetSize for real targets. */
export function targetRowSize(dataset: Dataset): number {
  return dataset.targetKind === 'classes' ? (dataset.positions ?? 1) : dataset.targetSize;
}

/** A new data set holding the given samples, in the given order, with the same metadata. */
export function selectSamples(dataset: Dataset, indices: ArrayLike<number>): Dataset {
  const count = indices.length;
  const inputs = new Float32Array(count * dataset.sampleSize);
  const rowSize = targetRowSize(dataset);
  const targets = dataset.targetKind === 'classes' ? new Int32Array(count * rowSize) : new Float32Array(count * rowSize);
  gatherRows(dataset, indices, 0, count, inputs, targets);
  return dataset.targetKind === 'classes' ? { ...dataset, count, inputs, targets: targets as Int32Array } : { ...dataset, count, inputs, targets: targets as Float32Array };
}

/** A view of samples [start, end): the arrays are subarrays sharing the data set's memory. */
export function sliceSamples(dataset: Dataset, start: number, end: number): Dataset {
  const count = end - start;
  const inputs = dataset.inputs.subarray(start * dataset.sampleSize, end * dataset.sampleSize);
  const rowSize = targetRowSize(dataset);
  return dataset.targetKind === 'classes'
    ? { ...dataset, count, inputs, targets: dataset.targets.subarray(start * rowSize, end * rowSize) }
    : { ...dataset, count, inputs, targets: dataset.targets.subarray(start * rowSize, end * rowSize) };
}

/**
 * Reorders the samples in place so that row p becomes the old row order[p] (`order` a permutation).
 * Follows each cycle of the permutation with one spare row, so a 188 MB image set is reordered
 * without a second copy.
 */
export function permuteSamples(dataset: Dataset, order: ArrayLike<number>): void {
  if (order.length !== dataset.count) throw new RangeError(`permutation of ${order.length} for ${dataset.count} samples`);
  permuteRows(dataset.inputs, dataset.sampleSize, order);
  if (dataset.targetKind === 'classes') permuteRows(dataset.targets, targetRowSize(dataset), order);
  else permuteRows(dataset.targets, dataset.targetSize, order);
}

function permuteRows<T extends Float32Array | Int32Array>(values: T, rowSize: number, order: ArrayLike<number>): void {
  const placed = new Uint8Array(order.length);
  const spare = values.slice(0, rowSize);
  const copyRow = (from: number, to: number) => values.copyWithin(to * rowSize, from * rowSize, (from + 1) * rowSize);
  for (let start = 0; start < order.length; start++) {
    if (placed[start]) continue;
    spare.set(values.subarray(start * rowSize, (start + 1) * rowSize));
    let position = start;
    for (;;) {
      placed[position] = 1;
      const source = order[position] as number;
      if (source === start) break;
      copyRow(source, position);
      position = source;
    }
    values.set(spare, position * rowSize);
  }
}

/**
 * Copies the rows indices[start, end) into the front of preallocated buffers — the minibatch copy of
 * a training step, which allocates nothing. `targetsOut` must have the data set's target array type.
 */
export function gatherRows(dataset: Dataset, indices: ArrayLike<number>, start: number, end: number, inputsOut: Float32Array, targetsOut: Int32Array | Float32Array): void {
  const size = dataset.sampleSize;
  const rowSize = targetRowSize(dataset);
  const { inputs, targets } = dataset;
  // Plain loops rather than subarray().set(): a subarray is an allocation per row.
  for (let k = start; k < end; k++) {
    const index = indices[k] as number;
    const row = k - start;
    for (let from = index * size, to = row * size, stop = from + size; from < stop; from++, to++) inputsOut[to] = inputs[from] as number;
    for (let from = index * rowSize, to = row * rowSize, stop = from + rowSize; from < stop; from++, to++) targetsOut[to] = targets[from] as number;
  }
}
