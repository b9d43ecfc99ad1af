import type { DocumentAnalysis, ModelSummary, TrainSummary } from '../analysis';
import { maxEpochs, type TrainTarget } from '../analysis/catalog';
import { formatList } from '../common/format';
import type { DataDescription } from '../analysis/data-probe';
import type { FileAccess } from '../analysis/file-access';
import { batchesPerEpoch, type Augmentation, type BatchSize, type DataSetRequest } from '../data';
import type { LossSetting } from '../nn/losses';
import type { OptimizerSetting } from '../nn/optimizers';
import { oneCycleProblem, type ScheduleSetting, type WarmupSetting } from '../nn/schedule';
import { augmentationsOf, lossSettingOf, optimizerSettingOf, scheduleSettingOf } from '../nn/settings';
import { dataRequestOf } from './data-request';
import { validationCount } from '../data/split';

/** Everything a run needs, resolved from one checked `train` block (and its data files' bytes). */
export interface TrainPlan {
  /** The block's name, or undefined for an unnamed block. */
  readonly trainName?: string;
  readonly train: TrainSummary;
  readonly model: ModelSummary;
  readonly loss: LossSetting;
  readonly optimizer: OptimizerSetting;
  readonly schedule: ScheduleSetting;
  /** Linear warmup before an epoch schedule; absent for none. */
  readonly warmup?: WarmupSetting;
  /** The global gradient norm is clipped to this before each step; absent for no clipping. */
  readonly clipNorm?: number;
  /** Stop after `patience` epochs without a validation improvement of more than `minDelta`, keeping the best weights. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta: number };
  readonly batch: BatchSize;
  readonly epochs: number;
  readonly seed: number;
  readonly validation: number;
  readonly data: DataSetRequest;
  /** What the run trains on: the data set's description, with `target: input` its samples as real targets. */
  readonly dataDescription: DataDescription;
  /** `labels`: the data set's targets; `input`: its samples (an autoencoder). */
  readonly target: TrainTarget;
  /** Image augmentations of training batches, in order (`augment: […]`); empty for none. */
  readonly augment: readonly Augmentation[];
}

export interface PlanOptions {
  /** Which block to run; may be omitted when the file has exactly one. */
  readonly trainName?: string;
  /** Reads data files (already path-checked); needed for csv, idx and text. */
  readonly fileAccess?: FileAccess;
  /** Workspace-relative folder of the document ('' at the root). */
  readonly documentFolder?: string;
  /** Overrides of the block's values (`--epochs`, `--seed`). */
  readonly epochs?: number;
  readonly seed?: number;
  /** Overrides a policy block's `episodes` (`--episodes`). */
  readonly episodes?: number;
  /**
   * Where the caller's user finds the document's errors, for the refusal to train a file with
   * errors: 'run dlmodel check' on the command line, the Problems panel in the editor.
   */
  readonly whereErrorsAre?: string;
}

export type PlanResult = { readonly ok: true; readonly plan: TrainPlan } | { readonly ok: false; readonly message: string };

const fail = (message: string): PlanResult => ({ ok: false, message });

/** The description a run trains on: with `target: input`, real targets shaped like the samples. */
export function trainingDescription(data: DataDescription, target: TrainTarget): DataDescription {
  return target === 'input' ? { ...data, target: { kind: 'real', shape: data.sampleShape } } : data;
}

/** The train block to run: the named one, or the only one. */
export function selectTrain(analysis: DocumentAnalysis, trainName: string | undefined): TrainSummary | string {
  const trains = analysis.trains;
  if (trains.length === 0) return 'this file has no train block — add one: train { data: …, loss: …, optimizer: … }';
  if (trainName !== undefined) {
    const found = trains.find((t) => t.name === trainName);
    if (found) return found;
    const names = trains.map((t) => t.name).filter((n): n is string => n !== undefined);
    return `no train block named '${trainName}'${names.length > 0 ? ` (train blocks: ${formatList(names)})` : ' (its train block has no name)'}`;
  }
  if (trains.length === 1) return trains[0]!;
  return `this file has ${trains.length} train blocks — choose one with --train NAME (${formatList(trains.map((t) => t.name ?? '(unnamed)'))})`;
}

/** Minibatches per epoch of a data set of `samples` with this validation fraction and batch. */
function stepsPerEpoch(samples: number, validation: number, batch: BatchSize): number {
  return batchesPerEpoch(samples - validationCount(samples, validation), batch);
}

/**
 * Resolves a train block into a plan. Refuses while the document has errors: a model with an error
 * has no well-defined shape, and a run must never start from a half-understood file.
 */
export function planTraining(analysis: DocumentAnalysis, options: PlanOptions = {}): PlanResult {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    return fail(`the file has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${first.code} ${first.message}) — ${options.whereErrorsAre ?? 'run dlmodel check'} and fix ${errors.length === 1 ? 'it' : 'them'}`);
  }
  const train = selectTrain(analysis, options.trainName);
  if (typeof train === 'string') return fail(train);
  const model = analysis.models.find((m) => m.name === train.modelName);
  const { settings } = train;
  if (!model) return fail('the train block names no model that can be trained');
  if (settings.env) return fail('this train block trains a policy in an environment (env: …), which plays episodes (core/rl/policy-plan.ts plans it) — it has no data set to plan');
  if (!settings.loss || !settings.optimizer || !settings.data || !train.data) return fail('the train block needs data, loss and optimizer');
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs >= 1 && options.epochs <= maxEpochs)) return fail(`epochs must be an integer from 1 to ${maxEpochs}; got ${options.epochs}`);
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)) return fail(`seed must be an integer in [0, 4294967295]; got ${options.seed}`);
  const epochs = options.epochs ?? settings.epochs;
  if (settings.warmup >= epochs) return fail(`warmup (${settings.warmup} epochs) must be shorter than the run (${epochs} epochs) — use fewer warmup epochs or more epochs`);
  const data = dataRequestOf(settings.data, train.data, options.fileAccess, options.documentFolder ?? '');
  if (!data.ok) return fail(data.message);
  const schedule = scheduleSettingOf(settings.schedule);
  if (schedule.name === 'one_cycle') {
    const problem = oneCycleProblem(schedule, epochs * stepsPerEpoch(train.data.samples, settings.validation, settings.batch));
    if (problem) return fail(problem);
  }
  return {
    ok: true,
    plan: {
      ...(train.name === undefined ? {} : { trainName: train.name }),
      train,
      model,
      loss: lossSettingOf(settings.loss),
      optimizer: optimizerSettingOf(settings.optimizer),
      schedule,
      ...(settings.warmup > 0 ? { warmup: { epochs: settings.warmup, startFactor: settings.warmupFactor } } : {}),
      ...(settings.clipNorm === undefined ? {} : { clipNorm: settings.clipNorm }),
      ...(settings.earlyStopping === undefined ? {} : { earlyStopping: { patience: settings.earlyStopping, minDelta: settings.minDelta } }),
      batch: settings.batch,
      epochs,
      seed: options.seed ?? settings.seed,
      validation: settings.validation,
      data: data.request,
      dataDescription: trainingDescription(train.data, settings.target),
      target: settings.target,
      augment: augmentationsOf(settings.augment),
    },
  };
}
