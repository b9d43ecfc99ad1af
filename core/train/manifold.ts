import { type ModelSummary } from '../analysis';
import type { Dataset } from '../data';
import { parameterCount, readParameters, writeParameters } from '../inspect/parameter-vector';
import { pca } from '../inspect/pca';
import { isCut } from '../nn/forward-from';
import { FrameSchedule } from './frame-schedule';
import { imageShapeOf, isImageData } from './image-shape';
import type { GridAxes } from './panel-data';
import type { ManifoldData, ManifoldFrame } from './panel-data-images';
import { roundedToScale } from './rounding';
import type { TrainingRun } from './run';

/**
 * The Latent manifold tab's data for a model trained to rebuild its input (`target: input`): an
 * autoencoder or a VAE. The code is the output of the model's `reparameterize()` layer (μ in
 * evaluation) or else of its bottleneck (the smallest value that cuts the graph, `isCut`); the
 * decoder is the rest of the graph, run from the code by `TrainingRun.forwardEvalFrom`.
 *
 * Per kept epoch: the validation split encoded (its first `maxPoints` samples) onto the latent
 * plane — the code itself when it has 2 numbers, else its first two principal components — the
 * decoder's output on an n × n grid over that plane (z = μ + u·c₁ + v·c₂ in PCA's case: the mean
 * code moved along the components), and the reconstructions of the first validation samples.
 */

export interface ManifoldOptions {
  /** Grid points per side (default: as many as fit about 30,000 decoded values, 5 to 12: 12 for 8×8 digits, 6 for 28×28; more tiles would be too small to read a digit on a panel-sized plane). */
  readonly grid?: number;
  /** At most this many encoded validation samples. */
  readonly maxPoints?: number;
  /** Reconstructions shown beside their originals. */
  readonly reconstructions?: number;
  /** At most about this many kept epochs (the images are most of a record). */
  readonly maxFrames?: number;
  /** Rows per forward pass. */
  readonly chunk?: number;
  /** The kept frames' weights (for `decodeAt`) take at most this many bytes; the oldest go first (default 64 MiB). */
  readonly maxWeightBytes?: number;
}

/** A point (u, v) of a frame's plane → the code it stands for, written at `offset` of `out`. */
type ToCode = (u: number, v: number, out: Float32Array, offset: number) => void;

/** Most points one `decodeAt` decodes (the panel asks for an interpolation strip of 10). */
export const maxDecodedPoints = 64;

/** The code's node: the reparameterize layer, or the last of the smallest values that cut the graph (a bottleneck smaller than the input). */
export function latentNode(model: ModelSummary): number | null {
  const { graph } = model;
  const sizeOf = (shape: readonly number[] | undefined): number => (shape ? shape.reduce((a, b) => a * b, 1) : Infinity);
  const variational = graph.nodes.findIndex((node) => node.layer.kind === 'reparameterize');
  if (variational >= 0) return isCut(graph, variational) ? variational : null;
  let best: number | null = null;
  let bestSize = sizeOf(model.input);
  // `<=`: of equal sizes, the later value (a named `code` after a pooling of the same size).
  for (let id = 0; id < graph.output; id++) {
    const size = sizeOf(graph.nodes[id]!.layer.outputShape);
    if (size <= bestSize && size < sizeOf(model.input) && isCut(graph, id)) [best, bestSize] = [id, size];
  }
  return best;
}

/** True for a run this recorder can describe: it rebuilds its input and has a code to decode from. */
export function recordsManifold(run: TrainingRun): boolean {
  return run.plan.target === 'input' && run.data.validation.count >= 2 && latentNode(run.plan.model) !== null;
}

/** The 2nd and 98th percentiles (so a few far codes do not shrink the rest), widened by 5 %. */
function axisRange(values: Float64Array): [number, number] {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  let [low, high] = [at(0.02), at(0.98)];
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const margin = (high - low) * 0.05;
  return [low - margin, high + margin];
}

const round4 = (value: number): number => (value === 0 || !Number.isFinite(value) ? 0 : Number(value.toPrecision(4)));

export class ManifoldRecorder {
  private readonly frames: ManifoldFrame[] = [];
  private readonly node: number;
  private readonly layer: string;
  private readonly latentSize: number;
  private readonly count: number;
  private readonly schedule: FrameSchedule;
  private readonly base: Omit<ManifoldData, 'frames'>;
  /** Per kept frame: the weights it was decoded with and its plane's mapping to codes, so points off the grid decode later. */
  private readonly kept = new Map<number, { readonly weights: Float32Array; readonly toCode: ToCode }>();

  constructor(
    private readonly run: TrainingRun,
    private readonly options: ManifoldOptions = {},
  ) {
    const { model } = run.plan;
    this.node = latentNode(model) ?? -1;
    const layer = model.graph.nodes[this.node]!.layer;
    this.layer = layer.name;
    this.latentSize = (layer.outputShape ?? []).reduce((a, b) => a * b, 1);
    const validation: Dataset = run.data.validation;
    this.count = Math.min(validation.count, options.maxPoints ?? 600);
    this.schedule = new FrameSchedule(run.plan.epochs, options.maxFrames ?? 12);
    const shown = Math.min(this.count, options.reconstructions ?? 12);
    const labels = validation.targetKind === 'classes' ? validation : validation.labels;
    this.base = {
      layer: this.layer,
      latentSize: this.latentSize,
      variational: layer.kind === 'reparameterize',
      image: imageShapeOf(validation, isImageData(run.plan.data.name)),
      labels: labels ? Array.from(labels.targets.subarray(0, this.count)) : null,
      classes: labels?.classCount ?? 0,
      ...(labels?.classNames ? { classNames: labels.classNames } : {}),
      originals: roundedToScale(validation.inputs.subarray(0, shown * validation.sampleSize), 3),
    };
  }

  /** True when this epoch (offered in ascending order) gets a frame. */
  keeps(epoch: number): boolean {
    return this.schedule.keeps(epoch);
  }

  capture(epoch: number): void {
    this.frames.push(this.frameAt(epoch));
  }

  /**
   * The decoder's output at points (u, v pairs) of a kept frame's plane, under the weights of that
   * frame's epoch (the current weights are put back after): the interpolation strip's images
   * decoded at their own points, not at the nearest grid point. Undefined when the epoch's weights
   * were not kept. Batch-norm statistics, which are not parameters, are used as they stand.
   */
  decodeAt(epoch: number, points: readonly number[]): Float32Array | undefined {
    const kept = this.kept.get(epoch);
    const rows = points.length / 2;
    if (!kept || !Number.isInteger(rows) || rows < 1 || rows > maxDecodedPoints) return undefined;
    const codes = new Float32Array(rows * this.latentSize);
    for (let r = 0; r < rows; r++) kept.toCode(points[2 * r]!, points[2 * r + 1]!, codes, r * this.latentSize);
    const network = this.run.network;
    const current = readParameters(network);
    writeParameters(network, kept.weights);
    try {
      return this.decode(codes, rows);
    } finally {
      writeParameters(network, current);
    }
  }

  /** Keeps the current weights and the plane's mapping for `epoch`, dropping the oldest beyond the byte cap. */
  private keepWeights(epoch: number, toCode: ToCode): void {
    const bytes = 4 * parameterCount(this.run.network);
    const cap = this.options.maxWeightBytes ?? 64 * 1024 * 1024;
    if (bytes > cap) return;
    this.kept.set(epoch, { weights: readParameters(this.run.network), toCode });
    for (const old of this.kept.keys()) if (this.kept.size * bytes > cap) this.kept.delete(old);
  }
  /** The validation codes, the plane, the decoded grid and the reconstructions under the current weights. */
  frameAt(epoch: number): ManifoldFrame {
    const { codes, reconstructions } = this.encode();
    const d = this.latentSize;
    const n = this.count;
    let plane: Float64Array;
    let toCode: ToCode;
    let explainedVariance: [number, number] | null = null;
    if (d === 2) {
      plane = Float64Array.from(codes);
      toCode = (u, v, out, offset) => {
        out[offset] = u;
        out[offset + 1] = v;
      };
    } else {
      const fitted = pca(codes, n, d, { components: 2 });
      plane = fitted.projections;
      explainedVariance = [round4(fitted.explainedVarianceRatio[0]!), round4(fitted.explainedVarianceRatio[1] ?? 0)];
      const { mean, components } = fitted;
      toCode = (u, v, out, offset) => {
        for (let k = 0; k < d; k++) out[offset + k] = mean[k]! + u * components[k]! + v * (components[d + k] ?? 0);
      };
    }
    const axes = this.gridAxes(plane);
    const decoded = this.decodeGrid(axes, toCode);
    this.keepWeights(epoch, toCode);
    return { epoch, points: Array.from(plane, round4), explainedVariance, axes, decoded: roundedToScale(decoded, 3), reconstructions: roundedToScale(reconstructions, 3) };
  }

  /** The points of `axes`' grid (row-major, y outer) as codes, decoded by the rest of the model. */
  decodeGrid(axes: GridAxes, toCode: ToCode): Float32Array {
    const { nx, ny } = axes;
    const latent = new Float32Array(nx * ny * this.latentSize);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const u = axes.x[0] + ((axes.x[1] - axes.x[0]) * i) / (nx - 1);
        const v = axes.y[0] + ((axes.y[1] - axes.y[0]) * j) / (ny - 1);
        toCode(u, v, latent, (j * nx + i) * this.latentSize);
      }
    }
    return this.decode(latent, nx * ny);
  }

  /** The decoder's output for `rows` codes (the model run from the code's node). */
  decode(codes: Float32Array, rows: number): Float32Array {
    return this.run.forwardEvalFrom(this.node, codes, rows, (result) => result.output.data.slice(0, rows * (result.output.size / rows)));
  }

  /** The first `count` validation samples' codes (n × d) and the reconstructions of the first few. */
  private encode(): { codes: Float32Array; reconstructions: Float32Array } {
    const validation = this.run.data.validation;
    const size = validation.sampleSize;
    const chunk = this.options.chunk ?? 256;
    const codes = new Float32Array(this.count * this.latentSize);
    const shown = this.base.originals.length / size;
    let reconstructions = new Float32Array(0);
    for (let start = 0; start < this.count; start += chunk) {
      const rows = Math.min(chunk, this.count - start);
      this.run.forwardEval(validation.inputs.subarray(start * size, (start + rows) * size), rows, (result) => {
        codes.set(result.activations.get(this.layer)!.data.subarray(0, rows * this.latentSize), start * this.latentSize);
        if (start === 0) reconstructions = result.output.data.slice(0, shown * (result.output.size / rows));
      });
    }
    return { codes, reconstructions };
  }

  private gridAxes(plane: Float64Array): GridAxes {
    const n = this.options.grid ?? Math.max(5, Math.min(12, Math.floor(Math.sqrt(30_000 / this.run.data.validation.sampleSize))));
    const xs = plane.filter((_, i) => i % 2 === 0);
    const ys = plane.filter((_, i) => i % 2 === 1);
    const [x0, x1] = axisRange(xs);
    const [y0, y1] = axisRange(ys);
    return { nx: n, ny: n, x: [round4(x0), round4(x1)], y: [round4(y0), round4(y1)] };
  }

  snapshot(): ManifoldData {
    return { ...this.base, frames: this.frames };
  }
}
