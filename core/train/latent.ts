import { pcaWork } from '../inspect/pca';
import { procrustes } from '../inspect/procrustes';
import type { Dataset } from '../data';
import type * as t from '../tensor';
import { comparesElements, lossScores, type LossName } from '../nn/losses';
import type { InputPlaneFrame, LatentData, LatentFrame, NeuronGrid } from './panel-data';
import type { TrainingRun } from './run';
import { workYield, yieldsOf, type WorkYield } from './work-yield';
import { FitRecorder, recordsFit } from './fit';
import { PredictionRecorder, recordsPredictions } from './predictions';
import { recordsSequence, SequenceRecorder } from './sequence';
import { ConvolutionRecorder, recordsConvolutions } from './convolutions';
import { ManifoldRecorder, recordsManifold } from './manifold';

/**
 * What the latent-space panel shows, computed from a run as it trains (panel-data.ts's LatentData):
 * - every layer's activations on the probe batch, projected on their first two principal
 *   components, one frame per recorded epoch, each aligned to the previous frame by orthogonal
 *   Procrustes so the picture does not flip or spin between epochs;
 * - for a model with a 2-D input, the model over a 31×31 grid of the input plane: its decision per
 *   grid point and, in a few frames (always the first and the last), the output of each unit of the
 *   hidden layers (TensorFlow Playground's heatmaps), which the panel shows one layer at a time.
 */

export interface LatentOptions {
  /** Record at most this many epochs (evenly spaced, always the first and the last). */
  readonly maxFrames?: number;
  /** Grid points per side of the input plane. */
  readonly grid?: number;
  /**
   * Heatmaps of at most this many units per hidden layer (the first ones), and at most `maxNeurons`
   * in all, taken from the last hidden layer backwards (the panel shows the last one first).
   */
  readonly maxUnits?: number;
  readonly maxNeurons?: number;
  /** Heatmaps in at most this many recorded frames (always the first and the last): they are most of the data. */
  readonly maxNeuronFrames?: number;
}

/**
 * Four significant digits: a picture needs no more, and it keeps a 200-epoch run's latent data
 * (thousands of points and grid values per frame) to a few megabytes of JSON.
 */
const round = (value: number): number => (value === 0 || !Number.isFinite(value) ? 0 : Number(value.toPrecision(4)));

/**
 * What colours the probe points: the classes, the first target value, or for an autoencoder
 * (`target: input`) the data set's class labels — a pixel would say nothing about the code.
 */
function latentTargets(train: Dataset, count: number): LatentData['targets'] {
  const classes = (c: { classCount: number; targets: Int32Array; classNames?: readonly string[] }, positions = 1): LatentData['targets'] => ({
    kind: 'classes',
    classes: c.classCount,
    // With a class per position (text(…, targets: all)), a sample is coloured by its last position's: the character after its context.
    labels: Array.from({ length: count }, (_, i) => c.targets[i * positions + positions - 1]!),
    ...(c.classNames ? { classNames: c.classNames } : {}),
  });
  if (train.targetKind === 'classes') return classes(train, train.positions);
  if (train.labels) return classes(train.labels);
  return { kind: 'values', values: Array.from(train.targets.subarray(0, count * train.targetSize).filter((_, i) => i % train.targetSize === 0)).map(round) };
}

/** Records the latent-space data of a run, epoch by epoch. */
export class LatentRecorder {
  private readonly frames = new Map<string, LatentFrame[]>();
  private readonly previous = new Map<string, Float64Array>();
  private readonly planeFrames: InputPlaneFrame[] = [];
  private readonly every: number;
  private readonly neuronEvery: number;
  private readonly plane: { axes: { nx: number; ny: number; x: [number, number]; y: [number, number] }; grid: Float32Array; points: number[] } | undefined;
  private readonly targets: LatentData['targets'];
  /** The Predictions and Fit tabs' recorders ride on the latent frames: same epochs, same message. */
  private readonly predictions: PredictionRecorder | undefined;
  private readonly fit: FitRecorder | undefined;
  private readonly sequence: SequenceRecorder | undefined;
  /** The Convolutions and Latent manifold tabs' recorders keep fewer of these epochs (their images are most of the data). */
  private readonly convolutions: ConvolutionRecorder | undefined;
  private readonly manifold: ManifoldRecorder | undefined;
  readonly layers: readonly string[];

  constructor(
    private readonly run: TrainingRun,
    private readonly options: LatentOptions = {},
  ) {
    const epochs = run.plan.epochs;
    this.every = Math.max(1, Math.ceil(epochs / (options.maxFrames ?? 50)));
    const recorded = Math.ceil(epochs / this.every);
    this.neuronEvery = Math.max(1, Math.ceil(recorded / (options.maxNeuronFrames ?? 5)));
    this.layers = run.plan.model.layers.filter((l) => l.outputShape).map((l) => l.name);
    for (const layer of this.layers) this.frames.set(layer, []);
    const train = run.data.train;
    const count = run.probeCount;
    this.targets = latentTargets(train, count);
    this.predictions = recordsPredictions(run) ? new PredictionRecorder(run, {}, (epoch) => this.records(epoch)) : undefined;
    this.fit = recordsFit(run) ? new FitRecorder(run) : undefined;
    this.sequence = recordsSequence(run) ? new SequenceRecorder(run) : undefined;
    this.convolutions = recordsConvolutions(run) ? new ConvolutionRecorder(run) : undefined;
    this.manifold = recordsManifold(run) ? new ManifoldRecorder(run) : undefined;
    if (train.sampleSize === 2 && !train.tokens) {
      const points: number[] = [];
      let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let i = 0; i < count; i++) {
        const x = train.inputs[2 * i]!;
        const y = train.inputs[2 * i + 1]!;
        points.push(x, y);
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      }
      // A margin of 10% so the boundary is visible around the outermost points.
      const mx = Math.max(1e-6, (x1 - x0) * 0.1);
      const my = Math.max(1e-6, (y1 - y0) * 0.1);
      const n = options.grid ?? 31;
      const axes = { nx: n, ny: n, x: [round(x0 - mx), round(x1 + mx)] as [number, number], y: [round(y0 - my), round(y1 + my)] as [number, number] };
      const grid = new Float32Array(n * n * 2);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          grid[2 * (j * n + i)] = axes.x[0] + ((axes.x[1] - axes.x[0]) * i) / (n - 1);
          grid[2 * (j * n + i) + 1] = axes.y[0] + ((axes.y[1] - axes.y[0]) * j) / (n - 1);
        }
      }
      this.plane = { axes, grid, points: points.map(round) };
    }
  }

  /** True when this epoch (1-based) is one the recorder keeps. */
  records(epoch: number): boolean {
    return epoch === 1 || epoch === this.run.plan.epochs || (epoch - 1) % this.every === 0;
  }

  /** Captures the current weights' latent data as `epoch`'s frame. */
  capture(epoch: number): void {
    for (const unit of this.captureWork(epoch)) void unit;
  }

  /**
   * `capture` one unit of work per `next()`: the probe's forward pass one layer at a time (its
   * activations copied out of the tape), then each layer's projection (a PCA, itself paused every O(n²) operations:
   * `pcaWork`), then the input plane, with `workYield` between, so the worker can answer Stop in the middle of a capture. The weights must not change
   * until it is drained (the worker drains it before pulling the next training event).
   */
  *captureWork(epoch: number): Generator<WorkYield, void, undefined> {
    const rows = this.run.probeCount;
    const activations = yield* this.run.probeWork((result) => this.layers.map((layer) => ({ layer, data: result.activations.get(layer)?.data.slice() })));
    yield workYield;
    for (const { layer, data } of activations) {
      if (!data) continue;
      const cols = data.length / rows;
      const frame = yield* this.projectWork(layer, data, rows, cols);
      this.frames.get(layer)!.push({ epoch, ...frame });
      yield workYield;
    }
    if (this.plane) {
      const index = this.planeFrames.length;
      // The first frame has heatmaps too, so the units show from the first recorded epoch on.
      const withNeurons = epoch === this.run.plan.epochs || index % this.neuronEvery === 0;
      this.planeFrames.push(this.capturePlane(epoch, withNeurons));
    }
    if (this.predictions) {
      yield workYield;
      this.predictions.capture(epoch);
    }
    if (this.fit) {
      yield workYield;
      this.fit.capture(epoch);
    }
    if (this.sequence) {
      yield workYield;
      yield* this.sequence.captureWork(epoch);
    }
    if (this.convolutions?.keeps(epoch)) {
      yield workYield;
      this.convolutions.capture(epoch);
    }
    if (this.manifold?.keeps(epoch)) {
      yield workYield;
      this.manifold.capture(epoch);
    }
  }

  /** A layer's probe activations on their first two principal components, aligned to its previous frame; pausing within the PCA. */
  private *projectWork(layer: string, data: Float32Array, rows: number, cols: number): Generator<WorkYield, { points: number[]; explainedVariance: [number, number] }, undefined> {
    if (cols < 2 || rows < 2) {
      // One feature (or one sample): the value itself on the x axis.
      const points: number[] = [];
      for (let r = 0; r < rows; r++) points.push(round(data[r * cols]!), 0);
      return { points, explainedVariance: [1, 0] };
    }
    const result = yield* yieldsOf(pcaWork(data, rows, cols, { components: 2 }));
    let projected = result.projections;
    const previous = this.previous.get(layer);
    if (previous) projected = procrustes(projected, previous, rows, 2).aligned;
    this.previous.set(layer, projected);
    return { points: Array.from(projected, round), explainedVariance: [result.explainedVarianceRatio[0]!, result.explainedVarianceRatio[1]!] };
  }

  private capturePlane(epoch: number, withNeurons: boolean): InputPlaneFrame {
    const plane = this.plane!;
    const { plan } = this.run;
    const cells = plane.axes.nx * plane.axes.ny;
    const maxUnits = this.options.maxUnits ?? 16;
    let budget = withNeurons ? (this.options.maxNeurons ?? 64) : 0;
    return this.run.forwardEval(plane.grid, cells, (result) => {
      const scores = lossScores(plan.loss, result).data;
      const byLayer: NeuronGrid[][] = [];
      for (const layer of hiddenLayers(plan.model.layers).reverse()) {
        const activation: t.Tensor | undefined = result.activations.get(layer.name);
        if (!activation || budget === 0) continue;
        const units = activation.size / cells;
        const shown = Math.min(units, maxUnits, budget);
        budget -= shown;
        byLayer.unshift(Array.from({ length: shown }, (_, unit) => ({ layer: layer.name, unit, values: Array.from({ length: cells }, (_, c) => round(activation.data[c * units + unit]!)) })));
      }
      // Frames without heatmaps keep `neurons: []`; the panel shows the nearest frame that has them.
      return { epoch, decision: decisionOf(plan.loss.name, scores, cells), neurons: byLayer.flat() };
    });
  }

  /** Points of a kept Latent manifold frame's plane decoded afresh (`ManifoldRecorder.decodeAt`); undefined without a manifold or that epoch's weights. */
  decodeManifold(epoch: number, points: readonly number[]): Float32Array | undefined {
    return this.manifold?.decodeAt(epoch, points);
  }

  /** Everything recorded so far. */
  snapshot(): LatentData {
    return {
      layers: this.layers,
      targets: this.targets,
      projections: this.layers.map((layer) => ({ layer, frames: this.frames.get(layer)! })),
      inputPlane: this.plane ? { axes: this.plane.axes, points: this.plane.points, xLabel: 'x₁', yLabel: 'x₂', frames: this.planeFrames } : null,
      ...(this.predictions ? { predictions: this.predictions.snapshot() } : {}),
      ...(this.fit ? { fit: this.fit.snapshot() } : {}),
      ...(this.sequence ? { sequence: this.sequence.snapshot() } : {}),
      ...(this.convolutions ? { convolutions: this.convolutions.snapshot() } : {}),
      ...(this.manifold ? { manifold: this.manifold.snapshot() } : {}),
    };
  }
}

/**
 * The hidden layers of a flat model: those with a flat output before the output layer, which is
 * the last layer with parameters (the final `dense`; an activation after it belongs to the output).
 */
export function hiddenLayers<L extends { readonly outputShape: readonly number[] | undefined; readonly trainableParams: bigint }>(layers: readonly L[]): L[] {
  let output = layers.length - 1;
  while (output > 0 && layers[output]!.trainableParams === 0n) output--;
  return layers.slice(0, Math.max(0, output)).filter((l) => l.outputShape !== undefined && l.outputShape.length === 1);
}

/** The model's decision at each grid point: class and its probability, or the predicted value. */
function decisionOf(loss: LossName, scores: Float32Array, cells: number): InputPlaneFrame['decision'] {
  if (comparesElements(loss)) return { kind: 'values', values: Array.from(scores.subarray(0, cells), round) };
  const width = scores.length / cells;
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let c = 0; c < cells; c++) {
    if (width === 1) {
      const s = scores[c]!;
      // binary cross-entropy: p = sigmoid(logit); hinge: the side of the margin, with sigmoid as a confidence.
      const p = 1 / (1 + Math.exp(-s));
      predicted.push(s > 0 ? 1 : 0);
      confidence.push(round(s > 0 ? p : 1 - p));
    } else {
      let best = 0;
      let max = -Infinity;
      for (let k = 0; k < width; k++) if (scores[c * width + k]! > max) [max, best] = [scores[c * width + k]!, k];
      let z = 0;
      for (let k = 0; k < width; k++) z += Math.exp(scores[c * width + k]! - max);
      predicted.push(best);
      confidence.push(round(1 / z));
    }
  }
  return { kind: 'classes', predicted, confidence };
}
