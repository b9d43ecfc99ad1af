/**
 * Recognises the models the fast evaluator can run: a plain stack of dense layers and element-wise
 * activations on a rank-1 input (dropout and flatten are the identity in eval mode), possibly
 * ending in a softmax/sigmoid that the loss reads around (cross-entropy from logits). Anything else
 * (convolutions, normalisation, embeddings, residual blocks, a softmax the loss reads) has no plan
 * and is evaluated by the network itself.
 */
import type { LayerSummary } from '../analysis';
import type { LossName } from '../nn/losses';
import type { Network } from '../nn/network';
import { readsLogits } from './loss-data';
import { parameterLayout } from './parameter-vector';

export type ElementwiseKind = 'relu' | 'leaky_relu' | 'elu' | 'gelu' | 'tanh' | 'sigmoid' | 'softplus';

/** An element-wise activation; `parameter` is leaky_relu's slope or elu's α. */
export interface ElementwiseStep {
  readonly kind: ElementwiseKind;
  readonly parameter: number;
}

export interface DenseStep {
  readonly inputs: number;
  readonly units: number;
  /** Offsets of the [inputs, units] weight and of the bias (−1: none) in θ. */
  readonly weightOffset: number;
  readonly biasOffset: number;
  /** The activations applied to this layer's output, in order. */
  readonly after: readonly ElementwiseStep[];
}

export interface DenseStackPlan {
  readonly inputSize: number;
  /** Activations applied to the input before the first dense layer. */
  readonly before: readonly ElementwiseStep[];
  readonly layers: readonly DenseStep[];
  /** Values per row of the scores the loss reads. */
  readonly outputWidth: number;
}

const elementwise = new Set<string>(['relu', 'leaky_relu', 'elu', 'gelu', 'tanh', 'sigmoid', 'softplus']);

/** The plan of `network` under `loss`, or undefined when the network must evaluate itself. */
export function denseStackPlan(network: Network, loss: LossName): DenseStackPlan | undefined {
  const model = network.model;
  if (model.input?.length !== 1) return undefined;
  if (model.steps.some((step) => step.kind !== 'layer')) return undefined;
  const offsets = new Map(parameterLayout(network).map((slice) => [slice.name, slice.offset]));
  const before: ElementwiseStep[] = [];
  const layers: Array<{ step: DenseStep; after: ElementwiseStep[] }> = [];
  let width = model.input[0]!;
  const lastLayer = model.layers[model.layers.length - 1];
  const append = (step: ElementwiseStep): void => {
    (layers.length === 0 ? before : layers[layers.length - 1]!.after).push(step);
  };
  /** softmax/sigmoid ending the last layer, when the loss reads the scores before it: dropped. */
  const readAround = (name: string, layer: LayerSummary): boolean => (name === 'softmax' || name === 'sigmoid') && layer === lastLayer && readsLogits(loss);
  for (const layer of model.layers) {
    const args = layer.args;
    if (!args) return undefined;
    if (layer.kind === 'dense') {
      const units = args.number('units');
      const after: ElementwiseStep[] = [];
      layers.push({ step: { inputs: width, units, weightOffset: offsets.get(`${layer.name}.weight`)!, biasOffset: offsets.get(`${layer.name}.bias`) ?? -1, after }, after });
      width = units;
      const activation = args.text('activation');
      if (activation === 'linear' || readAround(activation, layer)) continue;
      // Network applies a dense layer's activation with its default slope/α (no arguments reach it).
      if (!elementwise.has(activation)) return undefined;
      append({ kind: activation as ElementwiseKind, parameter: activation === 'leaky_relu' ? 0.01 : 1 });
    } else if (layer.kind === 'dropout' || layer.kind === 'flatten' || layer.kind === 'linear' || readAround(layer.kind, layer)) {
      continue;
    } else if (elementwise.has(layer.kind)) {
      // As Network: the layer's own argument when given, else the default.
      const name = layer.kind === 'leaky_relu' ? 'slope' : layer.kind === 'elu' ? 'alpha' : undefined;
      const parameter = name === undefined || args.get(name) === undefined ? (layer.kind === 'leaky_relu' ? 0.01 : 1) : args.number(name);
      append({ kind: layer.kind as ElementwiseKind, parameter });
    } else {
      return undefined;
    }
  }
  if (layers.length === 0) return undefined;
  return { inputSize: model.input[0]!, before, layers: layers.map((l) => l.step), outputWidth: width };
}
