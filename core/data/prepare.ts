import type { RunStreams } from '../common/random';
import { buildDataSet, type DataSetRequest } from './build';
import type { Dataset } from './dataset';
import { dataOk, type DataResult } from './result';
import { reconstructionDataset } from './reconstruction';
import { splitContiguous, splitDataset } from './split';
import { standardize, type Standardization } from './standardize';

/** The data of one run, ready to train on. */
export interface PreparedData {
  readonly train: Dataset;
  readonly validation: Dataset;
  /** The training statistics the inputs were standardised with (`csv(…, normalize: true)`). */
  readonly standardization?: Standardization;
}

/**
 * Builds a data set with the run's data stream, splits it with the split stream
 * (`validation` = the train block's fraction; `text(…, split: contiguous)`: the text's tail), then — for `csv(…, normalize: true)` only —
 * standardises both parts with the training part's statistics. With `target: input` each part's
 * samples then become their own targets (after standardisation: the model reconstructs what it reads).
 */
export function prepareData(request: DataSetRequest, validation: number, streams: Pick<RunStreams, 'data' | 'split'>, target: 'labels' | 'input' = 'labels'): DataResult<PreparedData> {
  const built = buildDataSet(request, streams.data);
  if (!built.ok) return built;
  const split = request.name === 'text' && request.split === 'contiguous' ? splitContiguous(built.value, validation) : splitDataset(built.value, validation, streams.split);
  const standardization = request.name === 'csv' && request.normalize ? { standardization: standardize(split.train, split.validation) } : {};
  if (target === 'input') return dataOk({ train: reconstructionDataset(split.train), validation: reconstructionDataset(split.validation), ...standardization });
  return dataOk({ ...split, ...standardization });
}
