import { runStreams, type RunStreams } from '../common/random';
import { clipGradientNorm } from '../nn/clip';
import { Network } from '../nn/network';
import { createOptimizer, type Optimizer } from '../nn/optimizers';
import * as t from '../tensor';
import type { DoneEvent, EpisodeEvent, FailedEvent, LayerStepStats, StartEvent, StepEvent, TrainEvent } from '../train/events';
import { parameterLayers, weightStepStats, type ParameterLayer } from '../train/layer-parameters';
import { sumOfSquares } from '../train/statistics';
import type { Environment } from './environment';
import { EpisodeBuffer } from './episode-buffer';
import { makeEnvironment } from './make-environment';
import { comparisonBaseline, gradientVariance } from './gradient-variance';
import { advantagesOf, discountedReturns, policyGradientLoss, valueLoss } from './policy-gradient';
import type { PolicyPlan } from './policy-plan';
import { BanditTally, CartPoleRecorder, policySnapshot } from './policy-view';
import { greedyAction, sampleAction } from './sample';
import { Bandit } from './bandit';
import { CartPole } from './cartpole';
import type { CartPoleView, GradientVariance, PolicyView } from '../train/events';

export interface PolicyRunOptions {
  /** Attach environment views to episode events (the panel's worker; the CLI leaves them out). */
  readonly views?: boolean;
}

/** Grid and bandit views are sent at most this many times per run (plus the last update). */
const maxViews = 100;
/** A cart-pole episode is recorded for replay every this many episodes (and whenever it is the best so far). */
const replayEvery = 10;

/** Episodes over which the solved average is taken (Gymnasium's convention). */
export const solvedWindow = 100;

/**
 * One policy run (REINFORCE) as an iterator of events, like `TrainingRun`: no I/O, no clock. Per
 * update it plays `batch` episodes, sampling each action from the policy's softmax (the run's
 * `policy` stream) in an environment seeded by its `env` stream, then takes one optimizer step on
 * the policy-gradient loss of core/rl/policy-gradient.ts. It yields `start`, per update a `step`
 * and an `episode` per episode played, and `done` (or `failed` on a non-finite loss).
 */
export class PolicyRun {
  readonly kind = 'policy';
  readonly network: Network;
  /** The value model V(s) of `baseline: value`: a second network, trained in the same step. */
  readonly valueNetwork: Network | undefined;
  readonly optimizer: Optimizer;
  readonly env: Environment;
  readonly layers: readonly ParameterLayer[];
  /** Policy updates in the whole run. */
  readonly totalSteps: number;
  private readonly streams: RunStreams;
  private readonly tape = new t.Tape();
  private readonly actTape = new t.Tape();
  private readonly buffer: EpisodeBuffer;
  private readonly trainable: readonly { data: Float32Array; grad: Float32Array }[];
  private readonly previousWeights: Float32Array[];
  private readonly returns: number[] = [];
  private stepsDone = 0;
  private readonly bandit: BanditTally | undefined;
  private readonly recorder: CartPoleRecorder | undefined;
  private bestReturn = -Infinity;

  constructor(
    readonly plan: PolicyPlan,
    readonly options: PolicyRunOptions = {},
  ) {
    this.streams = runStreams(plan.seed);
    this.network = new Network(plan.model, this.streams.init);
    // Initialised after the policy, from the same stream: train.py creates the two models in this order.
    this.valueNetwork = plan.valueModel ? new Network(plan.valueModel, this.streams.init) : undefined;
    this.trainable = [...this.network.parameters, ...(this.valueNetwork?.parameters ?? [])].map((p) => p.tensor as { data: Float32Array; grad: Float32Array });
    this.optimizer = createOptimizer(plan.optimizer, this.trainable);
    this.env = makeEnvironment(plan.env, this.streams.env);
    this.layers = parameterLayers(this.network);
    this.totalSteps = Math.ceil(plan.episodes / plan.algorithm.batch);
    this.buffer = new EpisodeBuffer(this.env.observationShape.reduce((a, b) => a * b, 1));
    this.previousWeights = this.layers.map((layer) => Float32Array.from(layer.weight?.data ?? []));
    this.bandit = options.views && this.env instanceof Bandit ? new BanditTally(this.env.actions) : undefined;
    this.recorder = options.views && this.env instanceof CartPole ? new CartPoleRecorder(this.env) : undefined;
  }

  /** Policy updates taken so far. */
  get steps(): number {
    return this.stepsDone;
  }

  /** Every episode's return so far, in order. */
  get episodeReturns(): readonly number[] {
    return this.returns;
  }

  /** The policy's logits for one observation (eval mode, no tape kept). */
  logits(observation: Float32Array): Float32Array {
    this.actTape.reset();
    try {
      return this.actTape.run(() => t.noGrad(() => Float32Array.from(this.network.forward(t.tensor(observation, [1, ...this.env.observationShape]), { training: false }).logits.data)));
    } finally {
      this.actTape.reset();
    }
  }

  /** V(s) for one observation (eval mode), or undefined without a value model. */
  value(observation: Float32Array): number | undefined {
    const network = this.valueNetwork;
    if (!network) return undefined;
    this.actTape.reset();
    try {
      return this.actTape.run(() => t.noGrad(() => network.forward(t.tensor(observation, [1, ...this.env.observationShape]), { training: false }).output.data[0]!));
    } finally {
      this.actTape.reset();
    }
  }

  /** Plays one episode with the most probable action at each step; returns its return and length. */
  playGreedy(env: Environment, first: Float32Array): { return: number; length: number; terminal: boolean; lastReward: number } {
    let observation = first;
    let total = 0;
    for (let length = 1; ; length++) {
      const result = env.step(greedyAction(this.logits(observation)));
      total += result.reward;
      observation = result.observation;
      if (result.terminated || result.truncated) return { return: total, length, terminal: result.terminated, lastReward: result.reward };
    }
  }

  *events(): Generator<TrainEvent, void, undefined> {
    yield this.startEvent();
    const { episodes, algorithm } = this.plan;
    let played = 0;
    let lastLoss = 0;
    while (played < episodes) {
      const count = Math.min(algorithm.batch, episodes - played);
      const records = this.playEpisodes(count);
      const update = this.update();
      if ('failed' in update) {
        yield update.failed;
        return;
      }
      lastLoss = update.loss;
      yield update.step;
      const snapshot = this.options.views && (this.stepsDone % Math.max(1, Math.ceil(this.totalSteps / maxViews)) === 0 || played + count >= episodes) ? policySnapshot(this, this.bandit) : undefined;
      for (const [i, record] of records.entries()) {
        played++;
        this.returns.push(record.return);
        const view: PolicyView | undefined = record.replay ?? (i === records.length - 1 ? snapshot : undefined);
        yield {
          type: 'episode',
          episode: played,
          return: record.return,
          length: record.length,
          loss: update.loss,
          entropy: record.entropy,
          ...(update.valueLoss === undefined ? {} : { valueLoss: update.valueLoss }),
          variance: update.variance,
          ...(view ? { view } : {}),
        } satisfies EpisodeEvent;
      }
    }
    yield this.doneEvent(lastLoss);
  }

  private startEvent(): StartEvent {
    const { plan } = this;
    return {
      type: 'start',
      model: plan.model.name,
      train: plan.trainName ?? null,
      trainableParams: this.network.parameters.reduce((n, p) => n + p.tensor.size, 0),
      nonTrainableParams: 0,
      trainSamples: 0,
      validationSamples: 0,
      epochs: this.totalSteps,
      stepsPerEpoch: 1,
      batchSize: plan.algorithm.batch,
      seed: plan.seed,
      initialLoss: null,
      expectedInitialLoss: null,
      layers: this.layers.map((l) => l.name),
      policy: { env: plan.env.name, observationShape: [...this.env.observationShape], actions: this.env.actions, episodes: plan.episodes, solvedReturn: plan.solvedReturn ?? null },
    };
  }

  /** Plays `count` episodes into the buffer with actions sampled from the policy. */
  private playEpisodes(count: number): PlayedEpisode[] {
    this.buffer.clear();
    const records: PlayedEpisode[] = [];
    for (let e = 0; e < count; e++) {
      let observation = this.env.reset();
      this.recorder?.begin();
      let total = 0;
      let entropy = 0;
      let length = 0;
      for (;;) {
        const sampled = sampleAction(this.logits(observation), this.streams.policy);
        const result = this.env.step(sampled.action);
        this.buffer.push(observation, sampled.action, result.reward);
        this.recorder?.record();
        this.bandit?.add(sampled.action, result.reward);
        total += result.reward;
        entropy += sampled.entropy;
        length++;
        observation = result.observation;
        if (result.terminated || result.truncated) break;
      }
      this.buffer.endEpisode();
      records.push({ return: total, length, entropy: entropy / length, ...this.replayOf(total) });
    }
    return records;
  }

  /** The just-played cart-pole episode for replay, when it is the best so far or every `replayEvery`th. */
  private replayOf(total: number): { replay?: CartPoleView } {
    if (!this.recorder) return {};
    const episode = this.returns.length + this.buffer.ends.length;
    const best = total > this.bestReturn;
    if (best) this.bestReturn = total;
    return best || episode % replayEvery === 0 || episode === this.plan.episodes ? { replay: this.recorder.view() } : {};
  }

  /** One optimizer step on the buffer's episodes: the policy loss, plus the value model's loss with `baseline: value`. */
  private update(): { loss: number; valueLoss: number | undefined; variance: GradientVariance; step: StepEvent } | { failed: FailedEvent } {
    const { plan, buffer } = this;
    const steps = buffer.steps;
    const returns = discountedReturns(buffer.rewards.subarray(0, steps), buffer.ends, plan.algorithm.gamma);
    const actions = buffer.actions.subarray(0, steps);
    this.tape.reset();
    const outcome = this.tape.run(() => {
      const input = t.tensor(buffer.observations.subarray(0, steps * buffer.size), [steps, ...this.env.observationShape]);
      const value = this.valueNetwork?.forward(input, { training: true, random: this.streams.dropout }).output;
      const valueGrad = value ? new Float32Array(value.size) : undefined;
      const valueError = value ? valueLoss(value.data, returns, valueGrad) : undefined;
      const advantages = advantagesOf(returns, plan.algorithm.baseline, plan.algorithm.normalize, value?.data);
      const logits = this.network.forward(input, { training: true, random: this.streams.dropout }).logits;
      const grad = new Float32Array(logits.size);
      const result = policyGradientLoss(logits.data, actions, advantages, plan.algorithm.entropy, grad);
      const total = result.loss + (valueError ?? 0);
      if (Number.isFinite(total)) {
        t.backward(logits, grad);
        if (value && valueGrad) t.backward(value, valueGrad);
      }
      const variance = gradientVariance(logits.data, actions, returns, comparisonBaseline(returns, value?.data));
      return { loss: total, valueLoss: valueError, variance };
    });
    const loss = outcome.loss;
    this.stepsDone++;
    const step = this.stepsDone;
    if (!Number.isFinite(loss)) {
      const message = `The policy-gradient loss is not finite (${loss}) at update ${step} — the weights diverged: lower the learning rate`;
      const range = plan.train.declaration.keyword;
      return { failed: { type: 'failed', code: 'DL605', message, epoch: step, step, findings: [{ code: 'DL605', severity: 'error', message, range }] } };
    }
    const gradNorms = this.layers.map((layer) => Math.sqrt(sumOfSquares(layer.tensors.map((p) => p.grad))));
    if (plan.clipNorm !== undefined) clipGradientNorm(this.trainable, plan.clipNorm);
    this.optimizer.step();
    const layers: LayerStepStats[] = this.layers.map((layer, i) => ({ layer: layer.name, gradNorm: gradNorms[i]!, ...weightStepStats(layer, this.previousWeights[i]!) }));
    t.zeroGrad([...this.network.parameters, ...(this.valueNetwork?.parameters ?? [])].map((p) => p.tensor));
    return { loss, valueLoss: outcome.valueLoss, variance: outcome.variance, step: { type: 'step', epoch: step, step, loss, lr: this.optimizer.lr, layers } };
  }


  private doneEvent(loss: number): DoneEvent {
    const last = this.returns.slice(-solvedWindow);
    const meanReturn = last.reduce((a, b) => a + b, 0) / Math.max(1, last.length);
    const solved = this.plan.solvedReturn;
    return {
      type: 'done',
      epochs: this.stepsDone,
      steps: this.stepsDone,
      loss,
      accuracy: null,
      valLoss: null,
      valAccuracy: null,
      findings: [],
      episodes: this.returns.length,
      meanReturn,
      ...(solved === undefined ? {} : { solvedAt: solvedEpisode(this.returns, solved) }),
    };
  }
}

/** The episode that completes the first `solvedWindow` consecutive episodes averaging ≥ threshold; null if none. */
export function solvedEpisode(returns: readonly number[], threshold: number): number | null {
  let sum = 0;
  for (let i = 0; i < returns.length; i++) {
    sum += returns[i]!;
    if (i >= solvedWindow) sum -= returns[i - solvedWindow]!;
    if (i >= solvedWindow - 1 && sum / solvedWindow >= threshold) return i + 1;
  }
  return null;
}

interface PlayedEpisode {
  readonly return: number;
  readonly length: number;
  readonly entropy: number;
  /** The episode's recording, for the cart-pole replay. */
  readonly replay?: CartPoleView;
}
