/** Semantic analysis: names, arguments, shapes, parameter counts, MACs and training setup. */
export { checkDocument, maxDocumentLength, oversizedDocument, type CheckOptions } from './check-document';
export type { DocumentAnalysis, GraphNode, LayerInput, LayerSummary, ModelGraph, ModelSummary, OutputReference, TrainSummary, Shape } from './summary';
export { modelInputValue } from './summary';
export { isSequential } from './model-graph';
export { isMergeKind } from './catalog/merges';
export { resolveDataPath, type FileAccess, type FileReadResult } from './file-access';
export { probeDataSet, type DataDescription } from './data-probe';
export { outputActivation } from './train-checker';
export { validationCount } from '../data/split';
export * as catalog from './catalog';
export { checkSweep, type SweepAxis, type SweepHalving, type SweepMethod, type SweepSpec } from './sweep-checker';
export { maxSweepRuns, sweepMetrics, type SweepMetric } from './catalog';
