import type { LossTerms } from '../nn/losses';
import type { TextRange } from '../common/range';
import type { DiagnosticCode } from '../common/codes';

/**
 * What a training run reports, as plain data: the CLI prints these as JSON lines, the worker posts
 * them to the extension host. Every number is finite or null (JSON has no NaN).
 */

/** A training-health finding (DL6xx), tied to the source it is about. */
export interface HealthFinding {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The layer it is about (`dense_2`), when it is about one. */
  readonly layer?: string;
  /** Where to show it: the layer's statement, or the train block's entry. */
  readonly range: TextRange;
}

export interface StartEvent {
  readonly type: 'start';
  readonly model: string;
  readonly train: string | null;
  readonly trainableParams: number;
  /** Batch-norm running statistics: updated by training, not by the optimizer. */
  readonly nonTrainableParams: number;
  readonly trainSamples: number;
  readonly validationSamples: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  readonly seed: number;
  /** The loss on the probe batch before training (eval mode). */
  readonly initialLoss: number | null;
  /** ln K for cross-entropy over K classes (ln 2 for binary cross-entropy), else null. */
  readonly expectedInitialLoss: number | null;
  /** The names of the layers that have parameters, in order (the panels' rows). */
  readonly layers: readonly string[];
  /** Which kernels the engine ran (core/tensor's `fastKernelsVariant`); absent in records from before it was reported. */
  readonly kernels?: 'fma' | 'simd' | 'reference';
  /** How many threads the large kernels were split across (core/tensor's `kernelThreadCount`); absent in older records. */
  readonly threads?: number;
  /** What the run was configured with (core/train/run-settings.ts), to compare runs; absent in older records and policy runs. */
  readonly settings?: readonly RunSetting[];
  /**
   * A policy run (`env: …`) only: what it plays. Its `epochs` then counts policy updates (one
   * `step` each), `batchSize` the episodes per update, and it has no samples.
   */
  readonly policy?: PolicyStart;
}

/** The most settings a start event carries: a model of a few hundred layers still fits; beyond, the rest is left out. */
export const maxRunSettings = 512;
/** The longest key and value text of a setting (a long `function(...)` expression is cut with `…`). */
export const maxSettingKey = 256;
export const maxSettingValue = 1024;

/** One configured value of a run as text: `lr` → `0.01`, `hidden.units` → `32`. */
export interface RunSetting {
  readonly key: string;
  readonly value: string;
}

/** What a policy run plays: the environment, its observation shape and actions, and how many episodes. */
export interface PolicyStart {
  readonly env: string;
  readonly observationShape: readonly number[];
  readonly actions: number;
  readonly episodes: number;
  /** The average return over 100 consecutive episodes that counts as solved (CartPole's 475); null if none. */
  readonly solvedReturn: number | null;
}

/** One finished episode of a policy run, posted after the update that learned from it. */
export interface EpisodeEvent {
  readonly type: 'episode';
  /** 1-based over the run. */
  readonly episode: number;
  /** The undiscounted sum of the episode's rewards. */
  readonly return: number;
  /** Steps played. */
  readonly length: number;
  /** The policy-gradient loss of the update this episode was part of. */
  readonly loss: number;
  /** Mean entropy (nats) of the policy over the episode's steps, as it played them. */
  readonly entropy: number;
  /** The value model's loss in the update (`baseline: value` only). */
  readonly valueLoss?: number;
  /** The spread of the update's gradient estimate without and with a baseline (core/rl/gradient-variance.ts). */
  readonly variance?: GradientVariance;
  /** What the environment view draws (panel runs only: the CLI leaves it out). */
  readonly view?: PolicyView;
}

/**
 * The trace of the covariance over the update's T steps of the per-step policy-gradient term
 * g_t = ∇_z log π(a_t|s_t)·A_t (z the logits), on the same episodes and the same policy, with
 * A_t = G_t (`none`) and A_t = G_t − b_t (`baseline`: the run's baseline, the mean when it has none).
 */
export interface GradientVariance {
  readonly none: number;
  readonly baseline: number;
  /** ‖mean g_t‖ with each advantage: the size of the estimate itself (equal in expectation). */
  readonly meanNone: number;
  readonly meanBaseline: number;
}

/** The environment view of a policy run at one episode. */
export type PolicyView = GridView | BanditView | CartPoleView;

/** The gridworld: the policy's probabilities [up, right, down, left] per cell (row-major, null on walls, goal and pit) and V(s) when a value model exists. */
export interface GridView {
  readonly kind: 'gridworld';
  readonly layout: readonly string[];
  readonly probabilities: readonly (readonly number[] | null)[];
  readonly values: readonly (number | null)[] | null;
}

/** The bandit: each arm's true mean, the average reward it paid so far (null if never pulled), pulls, and the policy's probability. */
export interface BanditView {
  readonly kind: 'bandit';
  readonly trueValues: readonly number[];
  readonly estimates: readonly (number | null)[];
  readonly pulls: readonly number[];
  readonly probabilities: readonly number[];
}

/** One recorded cart-pole episode: the cart position and pole angle (radians) after reset and after each step. */
export interface CartPoleView {
  readonly kind: 'cartpole';
  readonly x: readonly number[];
  readonly theta: readonly number[];
}

/** Per-layer numbers of one step (norms over all of the layer's parameters). */
export interface LayerStepStats {
  readonly layer: string;
  readonly gradNorm: number;
  readonly weightNorm: number;
  /** ‖Δw‖ / ‖w‖ of the layer's weight tensor in this step (0 when the layer has no `weight`). */
  readonly updateRatio: number;
}

export interface StepEvent {
  readonly type: 'step';
  /** 1-based epoch and step count over the whole run. */
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly layers: readonly LayerStepStats[];
  /** A VAE loss's reconstruction and KL terms of this step (loss = reconstruction + β·kl); absent for other losses. */
  readonly terms?: LossTerms;
}

/** Activation statistics of one layer on the probe batch (eval mode). */
export interface LayerActivationStats {
  readonly layer: string;
  readonly activation: string;
  readonly mean: number;
  readonly std: number;
  /** Units (channels for conv) whose output is ≤ 0 on every probe value; null unless the layer ends in relu. */
  readonly deadFraction: number | null;
  /** Units saturated on most probe values; null unless the layer ends in tanh or sigmoid. */
  readonly saturatedFraction: number | null;
}

/** Percentiles of one layer's gradient values at the epoch's last step (TensorBoard's distribution bands). */
export interface GradientDistribution {
  readonly layer: string;
  /** The values at `gradientPercentiles` (0, 7, 16, 31, 50, 69, 84, 93, 100). */
  readonly percentiles: readonly number[];
}

export const gradientPercentiles: readonly number[] = [0, 6.68, 15.87, 30.85, 50, 69.15, 84.13, 93.32, 100];

export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done so far in the run (the count at the end of this epoch). */
  readonly step: number;
  /** Mean training loss over the epoch's batches (train mode, weighted by batch size). */
  readonly loss: number;
  /** Training accuracy over the epoch's batches, null for regression. */
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  /** A VAE loss's terms: the epoch's training means and the validation split's; absent for other losses. */
  readonly terms?: LossTerms;
  readonly valTerms?: LossTerms;
  readonly valAccuracy: number | null;
  readonly lr: number;
  /** Mean entropy (nats) of the predicted distribution on the probe batch; null for regression. */
  readonly predictionEntropy: number | null;
  readonly activations: readonly LayerActivationStats[];
  readonly gradients: readonly GradientDistribution[];
  /** Median over the epoch of each layer's update ratio. */
  readonly updateRatios: readonly { readonly layer: string; readonly median: number }[];
}

export interface HealthEvent {
  readonly type: 'health';
  readonly epoch: number;
  readonly findings: readonly HealthFinding[];
}

export interface DoneEvent {
  readonly type: 'done';
  readonly epochs: number;
  readonly steps: number;
  readonly loss: number;
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly findings: readonly HealthFinding[];
  /**
   * With `early_stopping` only: whether the run ended before its last epoch, and the 1-based epoch
   * whose weights it keeps (the lowest validation loss); loss, accuracy, valLoss and valAccuracy
   * are then that epoch's, and `epochs` counts the epochs that ran.
   */
  readonly stoppedEarly?: boolean;
  readonly bestEpoch?: number;
  /** A policy run only: the episodes played and the mean return of the last 100 (or all, if fewer). */
  readonly episodes?: number;
  readonly meanReturn?: number;
  /** A policy run with a solved threshold only: the episode that first completed 100 consecutive episodes averaging at least it; null if none did. */
  readonly solvedAt?: number | null;
}

/** The run stopped: a non-finite loss or gradient (DL605/DL602). */
export interface FailedEvent {
  readonly type: 'failed';
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly epoch: number;
  readonly step: number;
  readonly findings: readonly HealthFinding[];
}

/**
 * A change made while the run trained (`TrainingRun.control`), reported where it took effect: at
 * the step boundary after `step` steps, before step `step + 1`. `set-lr` sets that step's rate and
 * scales the schedule's later rates by the same factor; the others change no number and are kept
 * so that the record says what happened. `dlmodel train --replay` re-applies them at the same steps.
 */
export interface ControlEvent {
  readonly type: 'control';
  readonly action: ControlAction;
  /** Steps taken before it took effect. */
  readonly step: number;
  /** The 1-based epoch of the next step. */
  readonly epoch: number;
  /** For `set-lr`: the learning rate asked for. */
  readonly lr?: number;
}

export type ControlAction = 'set-lr' | 'pause' | 'resume' | 'checkpoint';

/** What a caller asks of a running run; it takes effect at the next step boundary. */
export type ControlRequest = { readonly action: 'set-lr'; readonly lr: number } | { readonly action: 'pause' | 'resume' | 'checkpoint' };

export type TrainEvent = StartEvent | StepEvent | EpochEvent | EpisodeEvent | HealthEvent | DoneEvent | FailedEvent | ControlEvent;
