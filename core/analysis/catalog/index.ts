/**
 * The one declarative catalog of the language: layers, activations, initialisers, losses,
 * optimizers, schedules, data sets and `train` keys. Checking, hover, completion and signature
 * help all read it, so documentation and rules cannot drift apart.
 */
export * from './types';
export * from './entry';
export { activations, activationNames, findActivation, type ActivationName, type ActivationSpec } from './activations';
export { layers, layerNames, findLayer, layerEntry, initialisers, type LayerKind } from './layers';
export { appliedActivation, type AppliedActivation } from './layer-activation';
export { losses, lossNames, findLoss, maxEpisodes, maxEpochs, optimizers, schedules, trainKeys, trainTargets, type LossSpec, type LossTarget, type TrainTarget } from './training';
export { dataSets, findDataSet } from './datasets';
export { batchAxis, findMerge, inputArgument, isMergeKind, isMergeProblem, layerArguments, mergeNames, merges, type MergeContext, type MergeEntry, type MergeInput, type MergeKind, type MergeProblem, type MergeSpec } from './merges';
export { augmentations } from './augmentations';
export { algorithms, baselines, environments, findEnvironment, type Baseline, type EnvironmentSpec } from './environments';
export { earlyStops, halvingDefaults, maxHalvingRuns, maxSweepRuns, sweepArgument, sweepMetrics, sweeps, type SweepMetric } from './sweeps';

import type { CallFamily, CallableSpec } from './types';
import { losses, optimizers, schedules } from './training';
import { dataSets } from './datasets';
import { augmentations } from './augmentations';
import { algorithms, environments } from './environments';
import { earlyStops, sweeps } from './sweeps';

/** The callables of one family. */
export function callablesOf(family: CallFamily): readonly CallableSpec[] {
  switch (family) {
    case 'optimizer':
      return optimizers;
    case 'schedule':
      return schedules;
    case 'data':
      return dataSets;
    case 'loss':
      return losses;
    case 'augmentation':
      return augmentations;
    case 'env':
      return environments;
    case 'algorithm':
      return algorithms;
    case 'sweep':
      return sweeps;
    case 'early_stop':
      return earlyStops;
    default: {
      const unreachable: never = family;
      return unreachable;
    }
  }
}
