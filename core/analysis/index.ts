/** Semantic analysis: names, arguments, shapes, parameter counts, MACs and training setup. */
export { checkDocument, maxDocumentLength, oversizedDocument, type CheckOptions } from './check-document';
export type { DocumentAnalysis, ModelSummary, ModelStep, LayerSummary, TrainSummary, Shape } from './summary';
export { resolveDataPath, type FileAccess, type FileReadResult } from './file-access';
export { probeDataSet, type DataDescription } from './data-probe';
export { outputActivation } from './train-checker';
export { validationCount } from '../data/split';
export * as catalog from './catalog';
