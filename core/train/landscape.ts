import { Random } from '../common/random';
import { targetRowSize, type PreparedData } from '../data';
import { createLandscapeEvaluator, drain, gradientFieldWork, interpolateLossWork, lossSurfaceWork, projectPath, randomPlane, readParameters, symmetricAxis, trajectoryAxes, trajectoryPlane, writeParameters, type Plane, type Progress, type Work } from '../inspect';
import type { Network } from '../nn/network';
import { copyNetwork } from '../nn/network-copy';
import type { OptimizerSetting } from '../nn/optimizers';
import type { LandscapeData } from './panel-data';
import type { TrainPlan } from './plan';
import { raceOptimizerLabels, defaultRace, type RaceChoice } from './race-choice';
import { createRun, type TrainingRun } from './run';

/**
 * The loss landscape around a run's trained weights (Li et al. 2018) with the optimizer's path on
 * it, as panel-data.ts's LandscapeData:
 * - plane `random`: two filter-normalised Gaussian directions (biases and norm parameters zero)
 *   over the symmetric grid [−1, 1]², whose centre is the trained loss;
 * - plane `path`: the first two principal components of (θ_t − θ_final), with their explained
 *   variance, on axes that cover the path.
 * Both carry the run's path (and any race paths) projected onto the plane with each point's
 * distance from it, the negative gradient at a subsample of grid points, and the 1-D interpolation
 * from the initial to the final weights.
 */

/** Parameter snapshots of a run: θ₀ and the weights after recorded epochs. */
export class PathRecorder {
  readonly snapshots: Float32Array[] = [];
  readonly epochs: number[] = [];
  private readonly every: number;

  /** Keeps at most `maxSnapshots` epochs and at most `maxBytes` of snapshots. */
  constructor(
    private readonly run: TrainingRun,
    maxSnapshots = 100,
    maxBytes = 256 * 1024 * 1024,
  ) {
    const count = readParameters(run.network).length;
    const byBytes = Math.max(2, Math.floor(maxBytes / (4 * Math.max(1, count))));
    this.every = Math.max(1, Math.ceil(run.plan.epochs / Math.min(maxSnapshots, byBytes)));
    this.take(0);
  }

  /** Call after each epoch (1-based); the last epoch is always kept. */
  afterEpoch(epoch: number): void {
    if (epoch % this.every === 0 || epoch === this.run.plan.epochs) this.take(epoch);
  }

  private take(epoch: number): void {
    this.snapshots.push(readParameters(this.run.network));
    this.epochs.push(epoch);
  }
}

/** The optimizer setting and legend name of a choice; the name carries the rate when it is not the run's. */
function raceEntry(choice: RaceChoice, runLr: number): { name: string; setting: OptimizerSetting } {
  const lr = choice.lr ?? runLr;
  const rate = choice.lr === null || choice.lr === runLr ? '' : ` · lr ${choice.lr}`;
  switch (choice.optimizer) {
    case 'sgd':
      return { name: `${raceOptimizerLabels.sgd}${rate}`, setting: { name: 'sgd', args: { lr, momentum: 0, nesterov: false, weight_decay: 0 } } };
    case 'momentum':
      return { name: `${raceOptimizerLabels.momentum}${rate}`, setting: { name: 'sgd', args: { lr, momentum: 0.9, nesterov: false, weight_decay: 0 } } };
    case 'adam':
      return { name: `${raceOptimizerLabels.adam}${rate}`, setting: { name: 'adam', args: { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } } };
    case 'rmsprop':
      return { name: `${raceOptimizerLabels.rmsprop}${rate}`, setting: { name: 'rmsprop', args: { lr, alpha: 0.99, eps: 1e-8, momentum: 0, weight_decay: 0 } } };
    default: {
      const unreachable: never = choice.optimizer;
      return unreachable;
    }
  }
}

/**
 * The optimizers of the race (by default SGD, SGD with momentum 0.9, Adam and RMSProp at the run's
 * learning rate), leaving out any that is the run's own optimizer with the run's settings.
 */
export function raceOptimizers(own: OptimizerSetting, choices: readonly RaceChoice[] = defaultRace): { name: string; setting: OptimizerSetting }[] {
  const runLr = Number(own.args['lr']);
  const same = (a: OptimizerSetting, b: OptimizerSetting): boolean => a.name === b.name && JSON.stringify(a.args) === JSON.stringify(b.args);
  return choices.map((choice) => raceEntry(choice, runLr)).filter((entry) => !same(entry.setting, own));
}

/** Trains the same plan (same seed: same data, initial weights and batch order) with another optimizer, recording its path. */
export function racePath(plan: TrainPlan, setting: OptimizerSetting, progress: Progress = {}): { snapshots: Float32Array[]; epochs: number[] } | undefined {
  return drain(racePathWork(plan, setting, progress));
}

/** `racePath` as work that pauses after each training step. */
export function* racePathWork(plan: TrainPlan, setting: OptimizerSetting, progress: Progress = {}): Work<{ snapshots: Float32Array[]; epochs: number[] } | undefined> {
  const created = createRun({ ...plan, optimizer: setting });
  if (!created.ok) return undefined;
  const path = new PathRecorder(created.run);
  let steps = 0;
  for (const event of created.run.events()) {
    if (progress.shouldStop?.()) return undefined;
    if (event.type === 'failed') break;
    if (event.type === 'step') {
      progress.onProgress?.(++steps, created.run.totalSteps);
      yield;
    }
    if (event.type === 'epoch') path.afterEpoch(event.epoch);
  }
  return { snapshots: path.snapshots, epochs: path.epochs };
}

/** A raced path: the optimizer's name and its snapshots. */
export interface RacedPath {
  readonly name: string;
  readonly snapshots: readonly Float32Array[];
  readonly epochs: readonly number[];
}

/** The race for `plan` as work; `onStage` names each optimizer as its training starts. */
export function* raceWork(plan: TrainPlan, choices: readonly RaceChoice[], progress: (stage: string) => Progress): Work<RacedPath[]> {
  const race: RacedPath[] = [];
  for (const other of raceOptimizers(plan.optimizer, choices)) {
    const raced = yield* racePathWork(plan, other.setting, progress(`race: ${other.name}`));
    if (raced) race.push({ name: other.name, ...raced });
  }
  return race;
}

/**
 * What a landscape is computed on: a network (whose weights the evaluators move about), the run's
 * data and plan, and its path so far. For a finished run it is the run itself; for a run that is
 * still training, `snapshotOf` makes a copy so that training goes on meanwhile.
 */
export interface LandscapeSubject {
  readonly network: Network;
  readonly data: PreparedData;
  readonly plan: TrainPlan;
  readonly snapshots: readonly Float32Array[];
  readonly epochs: readonly number[];
  /** Epochs the race trains: the snapshot's for a run still training, the plan's otherwise. */
  readonly raceEpochs: number;
}

/**
 * A copy of a run as it stands: every tensor of its network, and its path so far, ending at the
 * current weights when the run stands at an epoch boundary the recorder did not keep.
 */
export function snapshotOf(run: TrainingRun, path: PathRecorder): LandscapeSubject & { readonly epoch: number } {
  const network = copyNetwork(run.network);
  const snapshots = [...path.snapshots];
  const epochs = [...path.epochs];
  if (run.atEpochBoundary && epochs.at(-1) !== run.epochs) {
    snapshots.push(readParameters(network));
    epochs.push(run.epochs);
  }
  return { network, data: run.data, plan: run.plan, snapshots, epochs, raceEpochs: Math.max(1, run.epochs), epoch: run.epochs };
}

export interface LandscapeRequest {
  readonly plane: 'random' | 'path';
  /** Grid points per axis (odd keeps the centre on the grid for `random`). */
  readonly resolution: number;
  /** At most this many training samples are used to evaluate the loss (default 1,000). */
  readonly maxSamples?: number;
  /** Other paths from the same start (the optimizer race). */
  readonly race?: readonly { readonly name: string; readonly snapshots: readonly Float32Array[]; readonly epochs: readonly number[] }[];
}

/**
 * A landscape request as the panel makes it, as work: the race (each chosen optimizer trained from
 * the same start for the subject's `raceEpochs`), then the surface with every path on it.
 */
export function* landscapeJob(subject: LandscapeSubject, request: Omit<LandscapeRequest, 'race'> & { readonly race: readonly RaceChoice[] }, progress: (stage: string) => Progress): Work<LandscapeData | undefined> {
  const race = request.race.length === 0 ? [] : yield* raceWork({ ...subject.plan, epochs: subject.raceEpochs }, request.race, progress);
  return yield* landscapeWork(subject, { ...request, race }, progress('loss surface'));
}

const finite = (value: number): number | null => (Number.isFinite(value) ? Number(value.toPrecision(6)) : null);

/** Computes the landscape of a finished run; `path` is its PathRecorder. Progress counts loss evaluations. */
export function computeLandscape(run: TrainingRun, path: PathRecorder, request: LandscapeRequest, progress: Progress = {}): LandscapeData | undefined {
  const trained = readParameters(run.network);
  try {
    return drain(landscapeWork({ network: run.network, data: run.data, plan: run.plan, snapshots: path.snapshots, epochs: path.epochs, raceEpochs: run.plan.epochs }, request, progress));
  } finally {
    // The evaluators move the network's weights around; leave the trained ones in place.
    writeParameters(run.network, trained);
  }
}

/**
 * The landscape of a subject as work that pauses after each loss evaluation (so a worker can
 * interleave it with training steps). Equal to `computeLandscape` on the same weights and path.
 */
export function* landscapeWork(run: LandscapeSubject, request: LandscapeRequest, progress: Progress = {}): Work<LandscapeData | undefined> {
  const path = run;
  const train = run.data.train;
  const rows = Math.min(train.count, request.maxSamples ?? 1000);
  const targetWidth = targetRowSize(train);
  const data = {
    inputs: train.inputs.subarray(0, rows * train.sampleSize),
    targets: train.targets.subarray(0, rows * targetWidth),
    rows,
    loss: run.plan.loss,
  };
  const evaluator = createLandscapeEvaluator(run.network, data);
  const final = evaluator.centre;
  // The random plane's grid is symmetric about θ*, so it needs an odd size (the centre on the grid).
  const size = request.plane === 'random' && request.resolution % 2 === 0 ? request.resolution + 1 : request.resolution;
  let plane: Plane;
  let xs: Float64Array;
  let ys: Float64Array;
  let explainedVariance: readonly [number, number] | null = null;
  if (request.plane === 'path' && path.snapshots.length >= 3) {
    const trajectory = trajectoryPlane(path.snapshots, final);
    plane = trajectory.plane;
    ({ xs, ys } = trajectoryAxes(trajectory, { size }));
    explainedVariance = trajectory.explainedVarianceRatio;
  } else {
    plane = randomPlane(run.network, new Random(run.plan.seed).fork('landscape'));
    xs = symmetricAxis(size, 1);
    ys = symmetricAxis(size, 1);
  }
  const stride = Math.max(2, Math.round(size / 8));
  const arrowsCount = Math.ceil(size / stride) ** 2;
  const total = size * size + arrowsCount + 61;
  let base = 0;
  const part = (offset: number): Progress => ({ onProgress: (done) => progress.onProgress?.(offset + done, total), ...(progress.shouldStop ? { shouldStop: progress.shouldStop } : {}) });
  const surface = yield* lossSurfaceWork(evaluator, plane, xs, ys, part(base));
  if (!surface.complete) return undefined;
  base += size * size;
  const field = yield* gradientFieldWork(evaluator, plane, xs, ys, { stride, ...part(base) });
  if (!field.complete) return undefined;
  base += arrowsCount;
  const line = yield* interpolateLossWork(evaluator, path.snapshots[0]!, final, part(base));
  if (!line.complete) return undefined;
  const positions: number[] = [];
  const vectors: number[] = [];
  for (let i = 0; i < field.alphas.length; i++) {
    positions.push(field.alphas[i]!, field.betas[i]!);
    vectors.push(field.descentAlpha[i]!, field.descentBeta[i]!);
  }
  const projected = (name: string, snapshots: readonly Float32Array[], epochs: readonly number[]) => {
    const { coordinates, offPlane } = projectPath(plane, snapshots);
    return { name, points: Array.from(coordinates, (v) => finite(v) ?? 0), offPlane: Array.from(offPlane, (v) => finite(v) ?? 0), epochs: [...epochs] };
  };
  return {
    plane: explainedVariance ? 'path' : 'random',
    explainedVariance,
    axes: { nx: xs.length, ny: ys.length, x: [xs[0]!, xs[xs.length - 1]!], y: [ys[0]!, ys[ys.length - 1]!] },
    loss: Array.from(surface.losses, finite),
    arrows: { positions, vectors },
    paths: [projected(run.plan.optimizer.name, path.snapshots, path.epochs), ...(request.race ?? []).map((r) => projected(r.name, r.snapshots, r.epochs))],
    interpolation: { alphas: Array.from(line.ts), loss: Array.from(line.losses, finite) },
  };
}
