import type { LayerSummary } from '../analysis';
import { FrameSchedule } from './frame-schedule';
import { imageShapeOf } from './image-shape';
import type { ConvolutionsData, ConvolutionsFrame } from './panel-data-images';
import { roundedToScale } from './rounding';
import type { TrainingRun } from './run';

/**
 * The Convolutions tab's data for a model with conv2d layers on images: per kept epoch, the first
 * conv2d's filters (weight [out, in/groups, kh, kw]: an RGB picture per output channel when it
 * reads 3 channels, else its input channels averaged), and every conv layer's feature maps — its
 * output, after its activation, from the eval forward pass — on a few validation images the panel
 * lets the person choose between.
 */

export interface ConvolutionOptions {
  /** At most this many validation images. */
  readonly maxImages?: number;
  /** At most this many channels of a layer's maps. */
  readonly maxChannels?: number;
  /** At most about this many map values per frame (images are chosen to fit it, at least one). */
  readonly mapValues?: number;
  /** At most about this many kept epochs. */
  readonly maxFrames?: number;
}

const convolutionKinds: ReadonlySet<string> = new Set(['conv2d', 'conv_transpose2d']);

/** The conv layers whose output is a [C, H, W] map, in graph order. */
function convLayers(run: TrainingRun): LayerSummary[] {
  return run.plan.model.graph.nodes.map((node) => node.layer).filter((layer) => convolutionKinds.has(layer.kind) && layer.outputShape?.length === 3);
}

/** True for a model with a conv2d layer reading images, and a validation split to show. */
export function recordsConvolutions(run: TrainingRun): boolean {
  const { validation } = run.data;
  return validation.count > 0 && validation.sampleShape.length === 3 && convLayers(run).some((layer) => layer.kind === 'conv2d');
}

export class ConvolutionRecorder {
  private readonly frames: ConvolutionsFrame[] = [];
  private readonly schedule: FrameSchedule;
  private readonly layers: ConvolutionsData['layers'];
  private readonly filterLayer: string;
  private readonly base: Omit<ConvolutionsData, 'frames'>;
  private readonly imageCount: number;

  constructor(
    private readonly run: TrainingRun,
    options: ConvolutionOptions = {},
  ) {
    const convs = convLayers(run);
    const maxChannels = options.maxChannels ?? 32;
    this.layers = convs.map((layer) => {
      const [c, h, w] = layer.outputShape as [number, number, number];
      return { name: layer.name, shape: [c, h, w] as const, shown: Math.min(c, maxChannels) };
    });
    const perImage = this.layers.reduce((sum, l) => sum + l.shown * l.shape[1] * l.shape[2], 0);
    const { validation } = run.data;
    this.imageCount = Math.max(1, Math.min(validation.count, options.maxImages ?? 8, Math.floor((options.mapValues ?? 40_000) / Math.max(1, perImage))));
    this.schedule = new FrameSchedule(run.plan.epochs, options.maxFrames ?? 12);
    const first = convs.find((layer) => layer.kind === 'conv2d')!;
    this.filterLayer = first.name;
    const weight = this.weightShape();
    const image = imageShapeOf(validation, true)!;
    // A classifier's labels, or an autoencoder's kept class labels (`target: input`).
    const labels = validation.targetKind === 'classes' ? validation.targets : validation.labels?.targets;
    this.base = {
      filters: { layer: first.name, count: weight[0], inputChannels: weight[1], rgb: weight[1] === 3, height: weight[2], width: weight[3] },
      images: { ...image, labels: labels ? Array.from(labels.subarray(0, this.imageCount)) : [], values: roundedToScale(validation.inputs.subarray(0, this.imageCount * validation.sampleSize), 4) },
      layers: this.layers,
    };
  }

  private weightShape(): readonly [number, number, number, number] {
    const weight = this.run.network.stateOf(this.filterLayer)?.weight;
    if (!weight || weight.shape.length !== 4) throw new Error(`layer ${this.filterLayer}: a conv2d without a 4-D weight`);
    return weight.shape as unknown as [number, number, number, number];
  }

  keeps(epoch: number): boolean {
    return this.schedule.keeps(epoch);
  }

  capture(epoch: number): void {
    this.frames.push(this.frameAt(epoch));
  }

  frameAt(epoch: number): ConvolutionsFrame {
    return { epoch, filters: roundedToScale(this.filterPictures(), 4), maps: this.featureMaps().map((values) => roundedToScale(values, 3)) };
  }

  /** Each output channel's filter: its 3 input channels as RGB, or its input channels' mean. */
  filterPictures(): Float32Array {
    const [out, inputs, kh, kw] = this.weightShape();
    const weight = this.run.network.stateOf(this.filterLayer)!.weight!.data;
    const area = kh * kw;
    if (inputs === 3) return weight.slice(0, out * 3 * area);
    const pictures = new Float32Array(out * area);
    for (let o = 0; o < out; o++) {
      for (let c = 0; c < inputs; c++) for (let p = 0; p < area; p++) pictures[o * area + p]! += weight[(o * inputs + c) * area + p]! / inputs;
    }
    return pictures;
  }

  /** Per conv layer: images × shown channels × H × W, from one eval forward pass over the images. */
  featureMaps(): Float32Array[] {
    const { validation } = this.run.data;
    const n = this.imageCount;
    return this.run.forwardEval(validation.inputs.subarray(0, n * validation.sampleSize), n, (result) =>
      this.layers.map(({ name, shape: [c, h, w], shown }) => {
        const output = result.activations.get(name)!.data;
        const maps = new Float32Array(n * shown * h * w);
        for (let i = 0; i < n; i++) maps.set(output.subarray(i * c * h * w, (i * c + shown) * h * w), i * shown * h * w);
        return maps;
      }),
    );
  }

  snapshot(): ConvolutionsData {
    return { ...this.base, frames: this.frames };
  }
}
