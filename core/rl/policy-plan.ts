import type { DocumentAnalysis, ModelSummary, TrainSummary } from '../analysis';
import { findEnvironment, maxEpisodes, type Baseline } from '../analysis/catalog';
import type { PolicyEnvironment } from '../analysis/policy-checker';
import type { OptimizerSetting } from '../nn/optimizers';
import { optimizerSettingOf } from '../nn/settings';

/** `reinforce(…)`'s settings. */
export interface ReinforceSetting {
  readonly gamma: number;
  readonly baseline: Baseline;
  readonly entropy: number;
  readonly normalize: boolean;
  /** Episodes per policy update. */
  readonly batch: number;
}

/** Everything a policy run needs, resolved from one checked policy `train` block (`env: …`). */
export interface PolicyPlan {
  readonly kind: 'policy';
  readonly trainName?: string;
  readonly train: TrainSummary;
  readonly model: ModelSummary;
  /** The value model V(s) of `baseline: value` (a second model, see docs/reinforcement-learning.md). */
  readonly valueModel?: ModelSummary;
  readonly env: PolicyEnvironment;
  /** The 100-episode average return that counts as solved, if the environment has one. */
  readonly solvedReturn?: number;
  readonly algorithm: ReinforceSetting;
  readonly optimizer: OptimizerSetting;
  readonly clipNorm?: number;
  readonly episodes: number;
  readonly seed: number;
}

export interface PolicyPlanOptions {
  readonly episodes?: number;
  readonly seed?: number;
}

export type PolicyPlanResult = { readonly ok: true; readonly plan: PolicyPlan } | { readonly ok: false; readonly message: string };

/** True when the block is a policy block (it has `env:`), whatever else it has. */
export function isPolicyTrain(train: TrainSummary): boolean {
  return train.settings.env !== undefined || train.declaration.body?.items.some((item) => item.kind === 'TrainEntry' && item.key.text === 'env') === true;
}

/** Resolves a checked policy block (the caller refused documents with errors already). */
export function planPolicy(analysis: DocumentAnalysis, train: TrainSummary, options: PolicyPlanOptions = {}): PolicyPlanResult {
  const model = analysis.models.find((m) => m.name === train.modelName);
  const { settings } = train;
  if (!model) return { ok: false, message: 'the train block names no model that can be trained' };
  const valueModel = settings.valueModel === undefined ? undefined : analysis.models.find((m) => m.name === settings.valueModel);
  if (!settings.env || !settings.algorithm || !settings.optimizer) return { ok: false, message: 'the policy train block needs env and optimizer' };
  if (options.episodes !== undefined && !(Number.isInteger(options.episodes) && options.episodes >= 1 && options.episodes <= maxEpisodes)) return { ok: false, message: `episodes must be an integer from 1 to ${maxEpisodes}; got ${options.episodes}` };
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)) return { ok: false, message: `seed must be an integer in [0, 4294967295]; got ${options.seed}` };
  const args = settings.algorithm.args;
  const solvedReturn = findEnvironment(settings.env.name)?.solvedReturn;
  return {
    ok: true,
    plan: {
      kind: 'policy',
      ...(train.name === undefined ? {} : { trainName: train.name }),
      train,
      model,
      ...(valueModel ? { valueModel } : {}),
      env: settings.env,
      ...(solvedReturn === undefined ? {} : { solvedReturn }),
      algorithm: { gamma: args.number('gamma'), baseline: args.text('baseline') as Baseline, entropy: args.number('entropy'), normalize: args.flag('normalize'), batch: args.number('batch') },
      optimizer: optimizerSettingOf(settings.optimizer),
      ...(settings.clipNorm === undefined ? {} : { clipNorm: settings.clipNorm }),
      episodes: options.episodes ?? settings.episodes,
      seed: options.seed ?? settings.seed,
    },
  };
}
