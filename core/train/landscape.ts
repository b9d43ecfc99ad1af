import { Random } from '../common/random';
import { targetRowSize } from '../data';
import { createLandscapeEvaluator, gradientField, interpolateLoss, lossSurface, projectPath, randomPlane, readParameters, symmetricAxis, trajectoryAxes, trajectoryPlane, writeParameters, type Plane, type Progress } from '../inspect';
import type { OptimizerSetting } from '../nn/optimizers';
import type { LandscapeData } from './panel-data';
import type { TrainPlan } from './plan';
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

/** The optimizers of the race: the run's own, then SGD, SGD with momentum 0.9, Adam and RMSProp at the run's learning rate. */
export function raceOptimizers(own: OptimizerSetting): { name: string; setting: OptimizerSetting }[] {
  const lr = Number(own.args['lr']);
  const all: { name: string; setting: OptimizerSetting }[] = [
    { name: 'sgd', setting: { name: 'sgd', args: { lr, momentum: 0, nesterov: false, weight_decay: 0 } } },
    { name: 'sgd + momentum 0.9', setting: { name: 'sgd', args: { lr, momentum: 0.9, nesterov: false, weight_decay: 0 } } },
    { name: 'adam', setting: { name: 'adam', args: { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } } },
    { name: 'rmsprop', setting: { name: 'rmsprop', args: { lr, alpha: 0.99, eps: 1e-8, momentum: 0, weight_decay: 0 } } },
  ];
  const same = (a: OptimizerSetting, b: OptimizerSetting): boolean => a.name === b.name && JSON.stringify(a.args) === JSON.stringify(b.args);
  return all.filter((entry) => !same(entry.setting, own));
}

/** Trains the same plan (same seed: same data, initial weights and batch order) with another optimizer, recording its path. */
export function racePath(plan: TrainPlan, setting: OptimizerSetting, progress: Progress = {}): { snapshots: Float32Array[]; epochs: number[] } | undefined {
  const created = createRun({ ...plan, optimizer: setting });
  if (!created.ok) return undefined;
  const path = new PathRecorder(created.run);
  let steps = 0;
  for (const event of created.run.events()) {
    if (progress.shouldStop?.()) return undefined;
    if (event.type === 'failed') break;
    if (event.type === 'step') progress.onProgress?.(++steps, created.run.totalSteps);
    if (event.type === 'epoch') path.afterEpoch(event.epoch);
  }
  return { snapshots: path.snapshots, epochs: path.epochs };
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

const finite = (value: number): number | null => (Number.isFinite(value) ? Number(value.toPrecision(6)) : null);

/** Computes the landscape of a finished run; `path` is its PathRecorder. Progress counts loss evaluations. */
export function computeLandscape(run: TrainingRun, path: PathRecorder, request: LandscapeRequest, progress: Progress = {}): LandscapeData | undefined {
  const trained = readParameters(run.network);
  try {
    return landscapeOf(run, path, request, progress);
  } finally {
    // The evaluators move the network's weights around; leave the trained ones in place.
    writeParameters(run.network, trained);
  }
}

function landscapeOf(run: TrainingRun, path: PathRecorder, request: LandscapeRequest, progress: Progress): LandscapeData | undefined {
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
  const surface = lossSurface(evaluator, plane, xs, ys, part(base));
  if (!surface.complete) return undefined;
  base += size * size;
  const field = gradientField(evaluator, plane, xs, ys, { stride, ...part(base) });
  if (!field.complete) return undefined;
  base += arrowsCount;
  const line = interpolateLoss(evaluator, path.snapshots[0]!, final, part(base));
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
