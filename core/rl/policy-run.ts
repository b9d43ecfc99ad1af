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
import { advantagesOf, discountedReturns, policyGradientLoss } from './policy-gradient';
import type { PolicyPlan } from './policy-plan';
import { greedyAction, sampleAction } from './sample';

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

  constructor(readonly plan: PolicyPlan) {
    this.streams = runStreams(plan.seed);
    this.network = new Network(plan.model, this.streams.init);
    this.trainable = this.network.parameters.map((p) => p.tensor as { data: Float32Array; grad: Float32Array });
    this.optimizer = createOptimizer(plan.optimizer, this.trainable);
    this.env = makeEnvironment(plan.env, this.streams.env);
    this.layers = parameterLayers(this.network);
    this.totalSteps = Math.ceil(plan.episodes / plan.algorithm.batch);
    this.buffer = new EpisodeBuffer(this.env.observationShape.reduce((a, b) => a * b, 1));
    this.previousWeights = this.layers.map((layer) => Float32Array.from(layer.weight?.data ?? []));
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
      for (const record of records) {
        played++;
        this.returns.push(record.return);
        yield { type: 'episode', episode: played, return: record.return, length: record.length, loss: update.loss, entropy: record.entropy } satisfies EpisodeEvent;
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
  private playEpisodes(count: number): { return: number; length: number; entropy: number }[] {
    this.buffer.clear();
    const records: { return: number; length: number; entropy: number }[] = [];
    for (let e = 0; e < count; e++) {
      let observation = this.env.reset();
      let total = 0;
      let entropy = 0;
      let length = 0;
      for (;;) {
        const sampled = sampleAction(this.logits(observation), this.streams.policy);
        const result = this.env.step(sampled.action);
        this.buffer.push(observation, sampled.action, result.reward);
        total += result.reward;
        entropy += sampled.entropy;
        length++;
        observation = result.observation;
        if (result.terminated || result.truncated) break;
      }
      this.buffer.endEpisode();
      records.push({ return: total, length, entropy: entropy / length });
    }
    return records;
  }

  /** One optimizer step on the buffer's episodes. */
  private update(): { loss: number; step: StepEvent } | { failed: FailedEvent } {
    const { plan, buffer } = this;
    const steps = buffer.steps;
    const returns = discountedReturns(buffer.rewards.subarray(0, steps), buffer.ends, plan.algorithm.gamma);
    const advantages = advantagesOf(returns, plan.algorithm.baseline, plan.algorithm.normalize);
    const actions = buffer.actions.subarray(0, steps);
    this.tape.reset();
    const loss = this.tape.run(() => {
      const input = t.tensor(buffer.observations.subarray(0, steps * buffer.size), [steps, ...this.env.observationShape]);
      const logits = this.network.forward(input, { training: true, random: this.streams.dropout }).logits;
      const grad = new Float32Array(logits.size);
      const result = policyGradientLoss(logits.data, actions, advantages, plan.algorithm.entropy, grad);
      if (Number.isFinite(result.loss)) t.backward(logits, grad);
      return result.loss;
    });
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
    t.zeroGrad(this.network.parameters.map((p) => p.tensor));
    return { loss, step: { type: 'step', epoch: step, step, loss, lr: this.optimizer.lr, layers } };
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
