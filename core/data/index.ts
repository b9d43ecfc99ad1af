/**
 * Data sets: seeded generators, loaders that take bytes (never paths), the seeded split, feature
 * standardisation and the per-epoch minibatch order. Formulas: docs/data-sets.md.
 */
export type { ClassDataset, Dataset, RealDataset } from './dataset';
export { gatherRows, permuteSamples, selectSamples, shapeSize, sliceSamples, targetRowSize } from './dataset';
export type { DataError, DataResult } from './result';
export { buildDataSet, type DataSetRequest } from './build';
export { prepareData, type PreparedData } from './prepare';
export { firstValueOutsideUnit, reconstructionDataset } from './reconstruction';
export { augmentBatch, type Augmentation } from './augment';
export { splitDataset, type DatasetSplit } from './split';
export { applyStandardization, standardize, type Standardization } from './standardize';
export { MinibatchOrder, batchesPerEpoch, type BatchSize } from './minibatches';
export { generateXor } from './generators/xor';
export { generateCircles } from './generators/circles';
export { generateMoons } from './generators/moons';
export { generateSpirals } from './generators/spirals';
export { generateSignals, signalWaves } from './generators/signals';
export { generateGaussians } from './generators/gaussians';
export { generatePlane, planeCoefficients } from './generators/plane';
export { generateFunction } from './generators/function-samples';
export { classCounts } from './generators/labelled-points';
export { loadDigits } from './builtin/digits';
export { digitsCount } from './builtin/digits-info';
export { loadCsv, type CsvOptions } from './csv';
export { loadIdx } from './idx';
export { loadText, textTargets, type TextTargets } from './text';
export { parseExpression, evaluateExpression, type Expression, type ExpressionError } from './expression';
