import type { Dataset } from './dataset';

/** Per-feature statistics of a training split: x' = (x − mean) / std. */
export interface Standardization {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/**
 * Standardises every input feature with the mean and the population standard deviation (ddof 0, as
 * scikit-learn's StandardScaler) of `train` only, so no statistic of the validation data leaks into
 * training; a constant feature gets std 1 (it becomes 0, not NaN). Rewrites the inputs of `train` and
 * of every other data set given, in place, and returns the statistics (for an exported script or
 * for new data at prediction time). Sums run in float64.
 */
export function standardize(train: Dataset, ...others: Dataset[]): Standardization {
  const size = train.sampleSize;
  const mean = new Float64Array(size);
  const std = new Float64Array(size);
  const { inputs, count } = train;
  for (let i = 0; i < count; i++) for (let f = 0; f < size; f++) mean[f]! += inputs[i * size + f] as number;
  for (let f = 0; f < size; f++) mean[f] = count > 0 ? (mean[f] as number) / count : 0;
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < size; f++) {
      const d = (inputs[i * size + f] as number) - (mean[f] as number);
      std[f]! += d * d;
    }
  }
  for (let f = 0; f < size; f++) {
    const deviation = count > 0 ? Math.sqrt((std[f] as number) / count) : 0;
    std[f] = deviation > 0 ? deviation : 1;
  }
  for (const dataset of [train, ...others]) applyStandardization(dataset, { mean, std });
  return { mean, std };
}

/** Applies known statistics to a data set's inputs, in place. */
export function applyStandardization(dataset: Dataset, statistics: Standardization): void {
  const size = dataset.sampleSize;
  if (statistics.mean.length !== size) throw new RangeError(`standardization has ${statistics.mean.length} features; the data has ${size}`);
  const { inputs } = dataset;
  for (let i = 0; i < inputs.length; i++) {
    const f = i % size;
    inputs[i] = ((inputs[i] as number) - (statistics.mean[f] as number)) / (statistics.std[f] as number);
  }
}
