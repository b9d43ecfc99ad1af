import type { Random } from '../common/random';
import { permuteSamples, sliceSamples, type Dataset } from './dataset';

/** The training and validation parts of a data set. */
export interface DatasetSplit {
  readonly train: Dataset;
  readonly validation: Dataset;
}

/** The number of validation samples for a split fraction: rounded up, as scikit-learn's train_test_split does. */
export function validationCount(samples: number, fraction: number): number {
  return Math.ceil(samples * fraction);
}

/**
 * Holds out the last ceil(N·fraction) samples, in order, and trains on the ones before (in order:
 * the minibatches shuffle each epoch). For text (`text(…, split: contiguous)`) the samples are the
 * characters in file order, so the validation part is the text's tail, and every training window's
 * targets lie before it. Views of the data set's memory, like splitDataset.
 */
export function splitContiguous(dataset: Dataset, validationFraction: number): DatasetSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) throw new RangeError(`validation must be in [0, 1); got ${validationFraction}`);
  const trained = dataset.count - validationCount(dataset.count, validationFraction);
  return { train: sliceSamples(dataset, 0, trained), validation: sliceSamples(dataset, trained, dataset.count) };
}

/**
 * Splits as scikit-learn's ShuffleSplit does: shuffle the indices 0 … N−1 with Fisher–Yates
 * (`random.shuffle`, the run's split stream), hold out the first ceil(N·fraction) of them for
 * validation (validationCount, the checker's rule) and train on the rest, each in shuffled order.
 * A fraction of 0 gives an empty validation set and still shuffles, so the training order does not
 * depend on whether validation is on.
 *
 * The data set is consumed: its rows are reordered in place and both parts are views of its
 * memory, so splitting 60,000 images needs no second copy of them.
 */
export function splitDataset(dataset: Dataset, validationFraction: number, random: Random): DatasetSplit {
  if (!(validationFraction >= 0 && validationFraction < 1)) throw new RangeError(`validation must be in [0, 1); got ${validationFraction}`);
  const order = new Int32Array(dataset.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  random.shuffle(order);
  permuteSamples(dataset, order);
  const held = validationCount(dataset.count, validationFraction);
  return { validation: sliceSamples(dataset, 0, held), train: sliceSamples(dataset, held, dataset.count) };
}
