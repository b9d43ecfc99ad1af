/**
 * The training core: a checked `train` block becomes a plan, a plan becomes a run, and a run is an
 * iterator of events (start, step, epoch, health, done or failed). No I/O, no timers.
 */
export { planTraining, selectTrain, type PlanOptions, type PlanResult, type TrainPlan } from './plan';
export { dataRequestOf } from './data-request';
export { createRun, TrainingRun, type RunResult } from './run';
export { workYield, type WorkYield } from './work-yield';
export type { TrainingState } from './training-state';
export { Evaluator, isClassification, type Evaluation } from './evaluate';
export { defaultThresholds, type HealthThresholds } from './thresholds';
export { estimateTrainingBytes } from './memory';
export type * from './events';
export { gradientPercentiles, maxRunSettings, maxSettingKey, maxSettingValue } from './events';
export { LatentRecorder, type LatentOptions } from './latent';
export { PredictionRecorder, recordsPredictions, validationProbabilities, type PredictionOptions } from './predictions';
export { FitRecorder, recordsFit, type FitOptions } from './fit';
export { recordsSequence, SequenceRecorder, type SequenceOptions } from './sequence';
export { computeLandscape, landscapeJob, landscapeWork, PathRecorder, racePath, raceOptimizers, snapshotOf, type LandscapeRequest, type LandscapeSubject } from './landscape';
export { defaultRace, raceOptimizerLabels, raceOptimizerNames, type RaceChoice, type RaceOptimizerName } from './race-choice';
export type * from './panel-data';
export type * from './panel-data-images';
export { ConvolutionRecorder, recordsConvolutions, type ConvolutionOptions } from './convolutions';
export { latentNode, ManifoldRecorder, recordsManifold, type ManifoldOptions } from './manifold';
export { prepareRun, type PrepareOptions, type PreparedRun, type PrepareResult } from './prepare';
export { buildBackpropTrace, backpropLimits, tracedIterations } from './backprop';
export { applyConfigurationEdits, applyTextEdits, describeConfiguration, expandSweep, sweepPoints, sweepTrain, type SweepConfiguration, type SweepSetting, type SweepTextEdit } from './sweep';
export { higherIsBetter, metricValue, rankRuns, rankWithStopped, type SweepMetrics } from './sweep-ranking';
export { runSettings } from './run-settings';
export { defaultHalving, halvingEpochs, halvingOptionsOf, halvingRungs, keptAtRung, rankAtRung, successiveHalving, type RungEntry, type HalvingOptions, type HalvingOutcome, type HalvingRun } from './sweep-halving';
