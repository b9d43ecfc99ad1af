import { objectArray } from '../common/object-array';
import { runStreams, type RunStreams } from '../common/random';
import { augmentBatch, firstValueOutsideUnit, MinibatchOrder, prepareData, type PreparedData } from '../data';
import { computeLoss, expectedInitialLoss, lossScores, scoreRows, type LossTerms } from '../nn/losses';
import { Network } from '../nn/network';
import { forwardFrom, type PartialForwardResult } from '../nn/forward-from';
import { createOptimizer, type Optimizer } from '../nn/optimizers';
import { clipGradientNorm } from '../nn/clip';
import { LearningRateSchedule } from '../nn/lr-schedule';
import { EarlyStopping } from './early-stopping';
import { latentValues, LossTermSums } from './loss-terms';
import * as t from '../tensor';
import { BatchBuffers, identityOrder } from './batch-buffers';
import { Evaluator, isClassification, type ScoresObserver } from './evaluate';
import { gradientPercentiles, type ControlEvent, type ControlRequest, type DoneEvent, type EpochEvent, type GradientDistribution, type HealthFinding, type LayerActivationStats, type LayerStepStats, type StartEvent, type TrainEvent } from './events';
import { healthFindings } from './health';
import { lastLayer, parameterLayers, weightStepStats, type ParameterLayer } from './layer-parameters';
import type { TrainPlan } from './plan';
import { runSettings } from './run-settings';
import type { TrainingState } from './training-state';
import { plannedSteps } from './memory';
import { activationStatistics, correctCount, predictionEntropy } from './probe-statistics';
import { addSquares, finiteOrNull, median, percentiles } from './statistics';
import { defaultThresholds, type HealthThresholds } from './thresholds';
import { onTapeWithoutGrad, workYield, type WorkYield } from './work-yield';

/**
 * The most steps one run may take: each parameter layer keeps a float per step (the health checks
 * read the run's whole gradient history), and a typed array holds at most 2³² values.
 */
export const maxRunSteps = 1_000_000_000;

export type RunResult = { readonly ok: true; readonly run: TrainingRun } | { readonly ok: false; readonly message: string };

/** Builds the data of a plan (generators draw from the run's seed) and a run ready to start. */
export function createRun(plan: TrainPlan, thresholds: HealthThresholds = defaultThresholds): RunResult {
  // Refused from the plan's sizes, before the data set is built (it may be a 1 GiB file).
  const steps = plannedSteps(plan);
  if (steps > maxRunSteps) return { ok: false, message: `this run would take ${steps.toLocaleString('en-US')} steps (epochs × batches per epoch), more than ${maxRunSteps.toLocaleString('en-US')} — use fewer epochs or a larger batch` };
  const streams = runStreams(plan.seed);
  const prepared = prepareData(plan.data, plan.validation, streams, plan.target);
  if (!prepared.ok) return { ok: false, message: prepared.error.message };
  if (prepared.value.train.count === 0) return { ok: false, message: 'the training split is empty — use more points or a smaller validation fraction' };
  const outside = unitTargetProblem(plan, prepared.value);
  if (outside) return { ok: false, message: outside };
  return { ok: true, run: new TrainingRun(plan, prepared.value, streams, thresholds) };
}

/**
 * binary_cross_entropy against `target: input` needs every input in [0, 1] (a probability); the
 * checker knows this for the built-in data sets (DL533), a CSV file's raw columns only now.
 */
function unitTargetProblem(plan: TrainPlan, data: PreparedData): string | undefined {
  if (plan.loss.name !== 'binary_cross_entropy' || plan.target !== 'input') return undefined;
  for (const [split, dataset] of [['training', data.train], ['validation', data.validation]] as const) {
    const found = firstValueOutsideUnit(dataset);
    if (found) return `binary_cross_entropy with target: input reads each input value as a probability in [0, 1], but the ${split} data has the value ${found.value} — use mse (or huber) to reconstruct it, or scale the data to [0, 1]`;
  }
  return undefined;
}

/**
 * One training run as an iterator of events: no I/O, no timers, no clock. The caller pulls
 * `events()` as fast as it likes (the CLI in a loop, the worker between messages) and may stop
 * pulling at any time. The same plan and seed give bit-identical events on one machine.
 */
export class TrainingRun {
  /** Tells it from a `PolicyRun` (core/rl) where either may come. */
  readonly kind = 'supervised';
  readonly network: Network;
  readonly optimizer: Optimizer;
  readonly order: MinibatchOrder;
  readonly layers: readonly ParameterLayer[];
  readonly totalSteps: number;
  /** The fixed probe batch: the first (up to) `thresholds.probeSize` training samples. */
  readonly probeCount: number;
  private readonly tape = new t.Tape();
  private readonly probeTape = new t.Tape();
  /** The sliced probe's own tape: `forwardEval` (a decode request between two slices) resets `probeTape`. */
  private readonly slicedProbeTape = new t.Tape();
  private readonly batches: BatchBuffers;
  private readonly probeBuffers: BatchBuffers;
  private readonly probeOrder: Int32Array;
  private readonly validationEvaluator: Evaluator | undefined;
  private validationWatcher: ((epoch: number) => ScoresObserver | undefined) | undefined;
  private readonly baseLr: number;
  private readonly schedule: LearningRateSchedule;
  /** The network's parameter tensors, once: an array built at every step made V8 deoptimise the step. */
  private readonly parameterTensors: readonly t.Tensor[];
  private readonly trainable: readonly { data: Float32Array; grad: Float32Array }[];
  private lossGrad = new Float32Array(0);
  /** One image, for augmentations that move pixels. */
  private readonly augmentScratch: Float32Array;
  private readonly previousWeights: Float32Array[];
  private readonly gradNorms: Float32Array[];
  private stepsDone = 0;
  private epochsDone = 0;
  /** Changes asked for while suspended, applied at the next step boundary in the order asked. */
  private readonly pendingControls: ControlRequest[] = [];
  /** The factor `set-lr` put on the schedule's rates (1 until the first change). */
  private lrScale = 1;

  constructor(
    readonly plan: TrainPlan,
    readonly data: PreparedData,
    private readonly streams: RunStreams,
    readonly thresholds: HealthThresholds = defaultThresholds,
  ) {
    this.network = new Network(plan.model, streams.init);
    this.parameterTensors = this.network.parameters.map((p) => p.tensor);
    this.trainable = this.parameterTensors as readonly { data: Float32Array; grad: Float32Array }[];
    this.optimizer = createOptimizer(plan.optimizer, this.trainable);
    this.baseLr = this.optimizer.lr;
    this.order = new MinibatchOrder(data.train.count, plan.batch, streams.shuffle);
    this.schedule = new LearningRateSchedule({ schedule: plan.schedule, ...(plan.warmup ? { warmup: plan.warmup } : {}), baseLr: this.baseLr, epochs: plan.epochs, stepsPerEpoch: this.order.batchesPerEpoch });
    this.layers = parameterLayers(this.network);
    this.totalSteps = this.order.batchesPerEpoch * plan.epochs;
    this.batches = new BatchBuffers(data.train, this.order.batchSize);
    this.probeCount = Math.min(thresholds.probeSize, data.train.count);
    this.probeBuffers = new BatchBuffers(data.train, Math.max(1, this.probeCount));
    this.probeOrder = identityOrder(this.probeCount);
    this.augmentScratch = new Float32Array(plan.augment.length > 0 ? data.train.sampleSize : 0);
    this.validationEvaluator = data.validation.count > 0 ? new Evaluator(this.network, data.validation, plan.loss) : undefined;
    // The weights before the next step (updated in the same pass that measures each step's change).
    this.previousWeights = this.layers.map((layer) => Float32Array.from(layer.weight?.data ?? []));
    this.gradNorms = this.layers.map(() => new Float32Array(Math.max(1, this.totalSteps)));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.stepsDone;
  }

  /**
   * Asks for a change while the run is suspended between events (a worker between slices): it
   * takes effect before the next step, where a `control` event reports it. Refuses an lr that is
   * not a finite positive number.
   */
  control(request: ControlRequest): string | undefined {
    if (request.action === 'set-lr' && !(Number.isFinite(request.lr) && request.lr > 0)) return `the learning rate must be a positive number; got ${request.lr}`;
    this.pendingControls.push(request);
    return undefined;
  }

  /** Applies the changes asked for, as the events that report them. */
  private *applyControls(epoch: number, batch: number): Generator<ControlEvent, void, undefined> {
    for (const request of this.pendingControls.splice(0)) {
      if (request.action === 'set-lr') {
        this.lrScale = request.lr / this.schedule.rateAt(epoch, batch);
        yield { type: 'control', action: 'set-lr', step: this.stepsDone, epoch: epoch + 1, lr: request.lr };
      } else yield { type: 'control', action: request.action, step: this.stepsDone, epoch: epoch + 1 };
    }
  }

  /** The rate of a step: the schedule's, scaled by the last `set-lr` (exactly the schedule's until then). */
  private rateAt(epoch: number, batch: number): number {
    const scheduled = this.schedule.rateAt(epoch, batch);
    return this.lrScale === 1 ? scheduled : scheduled * this.lrScale;
  }

  /** Epochs completed so far. */
  get epochs(): number {
    return this.epochsDone;
  }

  /** Whether the run stands between two epochs (before the first, after the last, or where it was stopped between them). */
  get atEpochBoundary(): boolean {
    return this.stepsDone === this.epochsDone * this.order.batchesPerEpoch;
  }

  /** The state a checkpoint stores next to the weights; only meaningful at an epoch boundary. */
  trainingState(): TrainingState {
    return {
      epochsDone: this.epochsDone,
      steps: this.stepsDone,
      epochs: this.plan.epochs,
      seed: this.plan.seed,
      optimizer: this.plan.optimizer.name,
      optimizerState: this.optimizer.saveState(),
      streams: { shuffle: this.streams.shuffle.snapshot(), dropout: this.streams.dropout.snapshot(), augment: this.streams.augment.snapshot() },
      plateau: this.schedule.saveState(),
      lrScale: this.lrScale,
    };
  }

  /**
   * Continues a run from a checkpoint's state (before `events()` is pulled): the next epoch is the
   * one after `state.epochsDone`. Returns why the state does not fit this run (then nothing changed
   * that the run reads, except possibly the optimizer's state on a late refusal: callers discard the run).
   */
  resume(state: TrainingState): string | undefined {
    if (this.stepsDone > 0) return 'the run has already started';
    if (state.seed !== this.plan.seed) return `it was trained with seed ${state.seed}; this run uses seed ${this.plan.seed} (the split and order depend on it) — pass --seed ${state.seed}`;
    if (state.optimizer !== this.plan.optimizer.name) return `its optimizer state is ${state.optimizer}'s; this run uses ${this.plan.optimizer.name}`;
    if (state.epochsDone >= this.plan.epochs) return `it has trained ${state.epochsDone} epochs and this run has ${this.plan.epochs} — pass --epochs with more than ${state.epochsDone} to train on`;
    if (state.steps !== state.epochsDone * this.order.batchesPerEpoch) return `it took ${state.steps} steps in ${state.epochsDone} epochs; this run takes ${this.order.batchesPerEpoch} per epoch (another batch size or data set)`;
    const problem = this.schedule.loadState(state.plateau) ?? this.optimizer.loadState(state.optimizerState);
    if (problem !== undefined) return problem;
    this.streams.shuffle.restore(state.streams.shuffle);
    this.streams.dropout.restore(state.streams.dropout);
    this.streams.augment.restore(state.streams.augment);
    this.stepsDone = state.steps;
    this.epochsDone = state.epochsDone;
    this.lrScale = state.lrScale;
    return undefined;
  }

  /**
   * Hands each epoch's validation scores, chunk by chunk, to the observer `watch(epoch)` returns
   * (1-based epoch; undefined: not this epoch), so whoever needs the validation split's predictions
   * reads the epoch's one validation forward pass. One watcher: a second replaces the first.
   */
  watchValidation(watch: (epoch: number) => ScoresObserver | undefined): void {
    this.validationWatcher = watch;
  }

  /** Runs the model on the probe batch in eval mode; `use` reads the activations before the tape is reset. */
  probe<T>(use: (result: ProbeResult) => T): T {
    const batch = this.probeBuffers.fill(this.probeOrder, 0, this.probeCount);
    return this.forwardEval(batch.input.data, batch.rows, (result) => use({ ...result, targets: batch.targets, rows: batch.rows }));
  }

  /**
   * `probe` one layer per pull (`workYield` between layers), for the end of an epoch: the weights
   * must not change until it is drained. The same result as `probe`, bit for bit.
   */
  *probeWork<T>(use: (result: ProbeResult) => T): Generator<WorkYield, T, undefined> {
    const tape = this.slicedProbeTape;
    tape.reset();
    try {
      const batch = this.probeBuffers.fill(this.probeOrder, 0, this.probeCount);
      const input = tape.run(() => t.tensor(batch.input.data, [batch.rows, ...this.data.train.sampleShape]));
      const result = yield* onTapeWithoutGrad(tape, this.network.forwardWork(input, { training: false }));
      return tape.run(() => t.noGrad(() => use({ ...result, targets: batch.targets, rows: batch.rows })));
    } finally {
      tape.reset();
    }
  }

  /**
   * Runs the model in eval mode on any inputs (`rows` samples of the model's input shape, e.g. a grid
   * over a 2-D input plane); `use` reads the result before the tape is reset.
   */
  forwardEval<T>(inputs: Float32Array, rows: number, use: (result: { output: t.Tensor; logits: t.Tensor; activations: ReadonlyMap<string, t.Tensor>; latent?: t.Tensor }) => T): T {
    return this.onProbeTape(() => use(this.network.forward(t.tensor(inputs, [rows, ...this.data.train.sampleShape]), { training: false })));
  }

  /**
   * Runs the rest of the model in eval mode from value `from` (a node's index that cuts the graph,
   * `isCut`), on `rows` values of that node's output shape: a decoder on points of its latent space.
   */
  forwardEvalFrom<T>(from: number, inputs: Float32Array, rows: number, use: (result: PartialForwardResult) => T): T {
    const shape = this.plan.model.graph.nodes[from]?.layer.outputShape;
    if (!shape) throw new Error(`model ${this.plan.model.name}: no value ${from} to run from`);
    return this.onProbeTape(() => use(forwardFrom(this.network, from, t.tensor(inputs, [rows, ...shape]), { training: false })));
  }

  /** Runs `body` without gradients on the probe tape, which is reset before and after. */
  private onProbeTape<T>(body: () => T): T {
    this.probeTape.reset();
    try {
      return this.probeTape.run(() => t.noGrad(body));
    } finally {
      this.probeTape.reset();
    }
  }

  /** The loss of an eval-mode pass over the probe batch. */
  private lossOf(r: ProbeResult): number {
    return computeLoss(this.plan.loss, lossScores(this.plan.loss, r).data, r.targets, r.rows, undefined, latentValues(r.latent)).value;
  }

  /** ln K for cross-entropy over K classes, ln 2 for binary cross-entropy; else null. */
  private expectedInitialLoss(): { expected: number; classes: number } | null {
    const target = this.plan.dataDescription.target;
    if (target.kind !== 'classes') return null;
    const expected = expectedInitialLoss(this.plan.loss, target.count);
    return expected === null ? null : { expected, classes: this.plan.loss.name === 'binary_cross_entropy' ? 2 : target.count };
  }

  /** The run's events (what `work()` yields, without its yield points). */
  *events(): Generator<TrainEvent, void, undefined> {
    for (const item of this.work()) if (item !== workYield) yield item;
  }

  /**
   * The run's events with `workYield` between units of epoch-end work (each validation chunk, the
   * probe, the health checks), so that no stretch between two yields is longer than one step or
   * one chunk of at most 256 samples; the worker answers Stop at any of them.
   */
  *work(): Generator<TrainEvent | WorkYield, void, undefined> {
    // Kept small: V8 resumes this generator at every step and optimises it; its parts are separate
    // methods so that the optimising compile (done again after each deoptimisation) stays cheap —
    // one function of every part cost a sweep's worker about a fifth of its CPU in compilation.
    const { plan } = this;
    // Weights may have been replaced since construction (`--init`): measure the first step from these.
    this.layers.forEach((layer, i) => {
      if (layer.weight) this.previousWeights[i]!.set(layer.weight.data);
    });
    const initial = this.expectedInitialLoss();
    const initialLoss = finiteOrNull(yield* this.probeWork((r) => this.lossOf(r)));
    yield this.startEvent(initialLoss, initial);
    let findings: HealthFinding[] = [];
    const stopping = plan.earlyStopping ? new EarlyStopping(this.network, plan.earlyStopping.patience, plan.earlyStopping.minDelta) : undefined;
    const epochEvents = objectArray<EpochEvent>();
    for (let epoch = this.epochsDone; epoch < plan.epochs; epoch++) {
      // The epoch's lr is its first step's (one_cycle changes it every step), after changes asked for before it.
      yield* this.applyControls(epoch, 0);
      const lr = this.rateAt(epoch, 0);
      const sums = new EpochSums(this.layers.length, this.order.batchesPerEpoch);
      if (!(yield* this.epochSteps(epoch, sums))) return;
      const { epochEvent, activations, medians, validationLoss } = yield* this.epochEnd(epoch, lr, sums);
      yield workYield;
      yield epochEvent;
      epochEvents.push(epochEvent);
      findings = this.findings(activations, medians, epoch + 1, lr < this.baseLr, initialLoss, initial);
      this.schedule.endEpoch(validationLoss);
      this.epochsDone = epoch + 1;
      // Yielded once the epoch is complete: a caller that stops pulling here holds a run at an epoch boundary.
      yield { type: 'health', epoch: epoch + 1, findings };
      if (stopping?.observe(epoch + 1, validationLoss)) break;
    }
    yield this.done(epochEvents, findings, stopping);
  }

  private startEvent(initialLoss: number | null, initial: { expected: number } | null): StartEvent {
    const { plan } = this;
    return {
      type: 'start',
      model: plan.model.name,
      train: plan.trainName ?? null,
      // Exact: the network holds every one of them, so there are far fewer than 2^53.
      trainableParams: Number(plan.model.trainableParams),
      nonTrainableParams: Number(plan.model.nonTrainableParams),
      trainSamples: this.data.train.count,
      validationSamples: this.data.validation.count,
      epochs: plan.epochs,
      stepsPerEpoch: this.order.batchesPerEpoch,
      batchSize: this.order.batchSize,
      seed: plan.seed,
      initialLoss,
      expectedInitialLoss: initial?.expected ?? null,
      layers: this.layers.map((l) => l.name),
      kernels: t.fastKernelsVariant(),
      threads: t.kernelThreadCount(),
      settings: runSettings(plan),
    };
  }

  /**
   * An epoch's steps, each reported by a step event, adding up into `sums`; false once a step
   * failed (its failed event yielded: the run ends there).
   */
  private *epochSteps(epoch: number, sums: EpochSums): Generator<TrainEvent, boolean, undefined> {
    const order = this.order.nextEpoch();
    for (let b = 0; b < this.order.batchesPerEpoch; b++) {
      if (b > 0) yield* this.applyControls(epoch, b);
      const stepLr = (this.optimizer.lr = this.rateAt(epoch, b));
      const step = this.step(order, b, b === this.order.batchesPerEpoch - 1);
      if ('failed' in step) {
        yield { type: 'failed', code: step.code, message: step.failed, epoch: epoch + 1, step: this.stepsDone, findings: [step.finding] };
        return false;
      }
      sums.add(step);
      yield { type: 'step', epoch: epoch + 1, step: this.stepsDone, loss: step.loss, lr: stepLr, layers: step.layers, ...(step.terms ? { terms: step.terms } : {}) };
    }
    return true;
  }

  /** The end of an epoch: validation, the probe's statistics, and the epoch event (yield points between units). */
  private *epochEnd(epoch: number, lr: number, sums: EpochSums): Generator<WorkYield, { epochEvent: EpochEvent; activations: LayerActivationStats[]; medians: number[]; validationLoss: number }, undefined> {
    const { plan } = this;
    const outputLayer = lastLayer(plan.model);
    const validation = this.validationEvaluator ? yield* this.validationEvaluator.chunks(this.validationWatcher?.(epoch + 1)) : undefined;
    const probe = yield* this.probeWork((r) => ({
      activations: activationStatistics(plan.model.layers, r.activations, outputLayer, this.thresholds),
      // A reconstruction's outputs are pixels, not a prediction over classes.
      entropy: plan.target === 'input' ? null : predictionEntropy(plan.loss.name, lossScores(plan.loss, r).data, scoreRows(plan.loss.name, r.targets, r.rows)),
    }));
    const medians = sums.updateRatioMedians();
    const epochEvent: EpochEvent = {
      type: 'epoch',
      epoch: epoch + 1,
      epochs: plan.epochs,
      step: this.stepsDone,
      loss: sums.lossSum / sums.lossWeight,
      accuracy: isClassification(this.data.train) ? sums.correct / sums.seen : null,
      valLoss: validation ? finiteOrNull(validation.loss) : null,
      ...termFields(sums.terms.mean(), validation?.terms),
      valAccuracy: validation?.accuracy ?? null,
      lr,
      predictionEntropy: probe.entropy === null ? null : finiteOrNull(probe.entropy),
      activations: probe.activations,
      gradients: sums.distributions,
      updateRatios: this.layers.map((layer, i) => ({ layer: layer.name, median: finiteOrNull(medians[i]!) ?? 0 })),
    };
    return { epochEvent, activations: probe.activations, medians, validationLoss: validation?.loss ?? Number.NaN };
  }

  /**
   * The run's end. With early stopping the best epoch's weights are put back first, and the
   * numbers reported are that epoch's: they describe the weights the run leaves (and saves).
   */
  private done(epochEvents: readonly EpochEvent[], findings: HealthFinding[], stopping: EarlyStopping | undefined): DoneEvent {
    const last = epochEvents[epochEvents.length - 1]!;
    stopping?.restoreBest();
    const final = stopping && stopping.bestEpoch > 0 ? epochEvents[stopping.bestEpoch - 1]! : last;
    return {
      type: 'done',
      epochs: last.epoch,
      steps: this.stepsDone,
      loss: final.loss,
      accuracy: final.accuracy,
      valLoss: final.valLoss,
      valAccuracy: final.valAccuracy,
      findings,
      ...(stopping ? { stoppedEarly: last.epoch < this.plan.epochs, bestEpoch: final.epoch } : {}),
    };
  }

  private findings(activations: readonly LayerActivationStats[], medians: readonly number[], epoch: number, annealed: boolean, initialLoss: number | null, initial: { expected: number; classes: number } | null): HealthFinding[] {
    return healthFindings({
      thresholds: this.thresholds,
      layers: this.layers.map((l) => ({ name: l.name, summary: l.summary, hasWeight: l.weight !== undefined })),
      modelLayers: this.plan.model.layers,
      gradNorms: this.gradNorms,
      steps: this.stepsDone,
      activations,
      updateRatioMedians: medians,
      epoch,
      annealed,
      probeCount: this.probeCount,
      initialLoss,
      expectedInitialLoss: initial?.expected ?? null,
      classCount: initial?.classes ?? null,
      outputLayer: lastLayer(this.plan.model),
    });
  }

  /**
   * Augments a training batch in place (`augment: […]`, from the augment stream); with
   * `target: input` the augmented images are also the targets, as a torchvision transform on the
   * data set would make them.
   */
  private augment(batch: { input: t.Tensor; targets: Int32Array | Float32Array; rows: number }): void {
    if (this.plan.augment.length === 0) return;
    augmentBatch(batch.input.data, batch.rows, this.data.train.sampleShape, this.plan.augment, this.streams.augment, this.augmentScratch);
    if (this.plan.target === 'input') batch.targets.set(batch.input.data.subarray(0, batch.targets.length));
  }

  /**
   * One minibatch: forward in train mode, the fused loss from the scores, backward, per-layer
   * gradient norms, the optimizer's update and its size relative to the weights.
   */
  private step(order: Int32Array, b: number, captureDistributions: boolean): { loss: number; weight: number; predictions: number; correct: number; terms?: LossTerms; layers: LayerStepStats[]; distributions?: GradientDistribution[] } | { failed: string; code: 'DL605' | 'DL602'; finding: HealthFinding } {
    const { plan, network } = this;
    this.tape.reset();
    const outcome = this.tape.run(() => {
      const batch = this.batches.fill(order, this.order.batchStart(b), this.order.batchEnd(b));
      this.augment(batch);
      const forward = network.forward(batch.input, { training: true, random: this.streams.dropout, noise: this.streams.noise });
      const scores = lossScores(plan.loss, forward);
      if (this.lossGrad.length < scores.size) this.lossGrad = new Float32Array(scores.size);
      const grad = this.lossGrad.subarray(0, scores.size);
      const latent = latentValues(forward.latent);
      const { value: loss, weight, terms } = computeLoss(plan.loss, scores.data, batch.targets, batch.rows, grad, latent);
      // Accuracy counts predictions: one per sample, or per position with text(…, targets: all).
      const predictions = scoreRows(plan.loss.name, batch.targets, batch.rows);
      if (!Number.isFinite(loss)) return { loss, weight, predictions, correct: 0 };
      const correct = correctCount(plan.loss.name, scores.data, batch.targets, batch.rows);
      t.backward(scores, grad);
      // The KL term's gradient enters at the reparameterize layer's input; parameter gradients add up across the two passes.
      if (forward.latent && latent && terms) t.backward(forward.latent, latent.grad);
      return { loss, weight, predictions, correct, ...(terms ? { terms } : {}) };
    });
    const step = this.stepsDone;
    if (!Number.isFinite(outcome.loss)) {
      const entry = plan.train.declaration.body?.items.find((item) => item.kind === 'TrainEntry' && item.key.text === 'loss');
      const message = `Loss is not finite (${outcome.loss}) at step ${step + 1} — the weights diverged: lower the learning rate or standardise the inputs`;
      return { failed: message, code: 'DL605', finding: { code: 'DL605', severity: 'error', message, range: entry?.range ?? plan.train.declaration.keyword } };
    }
    const stats: LayerStepStats[] = [];
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      let gradSquares = 0;
      for (let k = 0; k < layer.tensors.length; k++) gradSquares = addSquares(gradSquares, layer.tensors[k]!.grad);
      if (!Number.isFinite(gradSquares)) {
        const message = `Gradient of ${layer.name} is not finite at step ${step + 1} — the gradients exploded: lower the learning rate, standardise the inputs, or add batchnorm`;
        return { failed: message, code: 'DL602', finding: { code: 'DL602', severity: 'error', message, layer: layer.name, range: layer.summary.statementRange } };
      }
      const gradNorm = Math.sqrt(gradSquares);
      this.gradNorms[i]![step] = gradNorm;
      stats.push({ layer: layer.name, gradNorm, weightNorm: 0, updateRatio: 0 });
    }
    const distributions = captureDistributions ? this.layers.map((layer) => ({ layer: layer.name, percentiles: percentiles(layer.tensors.map((p) => p.grad), gradientPercentiles) })) : undefined;
    // The health record above sees the gradients as computed; the update uses them clipped.
    if (plan.clipNorm !== undefined) clipGradientNorm(this.trainable, plan.clipNorm);
    this.optimizer.step();
    for (let i = 0; i < this.layers.length; i++) stats[i] = { ...stats[i]!, ...weightStepStats(this.layers[i]!, this.previousWeights[i]!) };
    t.zeroGrad(this.parameterTensors);
    this.stepsDone++;
    return { ...outcome, layers: stats, ...(distributions ? { distributions } : {}) };
  }
}

/** The model's eval-mode pass over the probe batch, with the batch's targets. */
export interface ProbeResult {
  readonly output: t.Tensor;
  readonly logits: t.Tensor;
  readonly activations: ReadonlyMap<string, t.Tensor>;
  readonly latent?: t.Tensor;
  readonly targets: Int32Array | Float32Array;
  readonly rows: number;
}

/** What an epoch's steps add up to: the training numbers of its epoch event. */
class EpochSums {
  /**
   * Each layer's update ratio at each step, in typed arrays: number arrays that grew by push changed
   * their maps from run to run, and V8 deoptimised the step loop on them.
   */
  private readonly ratios: Float64Array[];
  private steps = 0;
  lossSum = 0;
  lossWeight = 0;
  correct = 0;
  seen = 0;
  readonly terms = new LossTermSums();
  /** The last step's gradient percentiles (the epoch's last step captures them). */
  distributions: GradientDistribution[] = [];

  constructor(layers: number, stepsPerEpoch: number) {
    this.ratios = Array.from({ length: layers }, () => new Float64Array(stepsPerEpoch));
  }

  add(step: { loss: number; weight: number; predictions: number; correct: number; terms?: LossTerms; layers: readonly LayerStepStats[]; distributions?: GradientDistribution[] }): void {
    for (let i = 0; i < this.ratios.length; i++) this.ratios[i]![this.steps] = step.layers[i]!.updateRatio;
    this.steps++;
    this.lossSum += step.loss * step.weight;
    this.lossWeight += step.weight;
    this.terms.add(step.terms, step.weight);
    this.correct += step.correct;
    this.seen += step.predictions;
    if (step.distributions) this.distributions = step.distributions;
  }

  /** The median of each layer's update ratios over the epoch's steps. */
  updateRatioMedians(): number[] {
    return this.ratios.map((ratios) => median(ratios.subarray(0, this.steps)));
  }
}

/** An epoch event's VAE terms (absent for other losses). */
function termFields(train: LossTerms | undefined, validation: LossTerms | undefined): { terms?: LossTerms; valTerms?: LossTerms } {
  return { ...(train ? { terms: train } : {}), ...(validation ? { valTerms: validation } : {}) };
}
