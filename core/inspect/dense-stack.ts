/**
 * Recognises the models the fast evaluator can run: a plain stack of dense layers and element-wise
 * activations on a rank-1 input (dropout and flatten are the identity in eval mode), possibly
 * ending in a softmax/sigmoid that the loss reads around (cross-entropy from logits). Anything else
 * (convolutions, normalisation, embeddings, residual blocks, a softmax the loss reads) has no plan
 * and is evaluated by the network itself.
 */
import { isSequential, type LayerSummary } from '../analysis';
import { appliedActivation, type ActivationEntry } from '../analysis/catalog';
import type { LossSetting } from '../nn/losses';
import type { Network } from '../nn/network';
import { readsLogits } from './loss-data';
import { parameterLayout } from './parameter-vector';

/** An element-wise activation, as its catalog entry's scalar form with the layer's arguments bound. */
export interface ElementwiseStep {
  readonly name: string;
  readonly apply: (x: number) => number;
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

/** The plan of `network` under `loss`, or undefined when the network must evaluate itself. */
export function denseStackPlan(network: Network, loss: LossSetting): DenseStackPlan | undefined {
  const model = network.model;
  if (model.input?.length !== 1) return undefined;
  if (!isSequential(model.graph)) return undefined;
  const offsets = new Map(parameterLayout(network).map((slice) => [slice.name, slice.offset]));
  const before: ElementwiseStep[] = [];
  const layers: Array<{ step: Omit<DenseStep, 'after'>; after: ElementwiseStep[] }> = [];
  let width = model.input[0]!;
  const lastLayer = model.layers[model.layers.length - 1];
  /** softmax/sigmoid ending the last layer, when the loss reads the scores before it: dropped. */
  const readAround = (activation: ActivationEntry, layer: LayerSummary): boolean => activation.outputUnit && layer === lastLayer && readsLogits(loss);
  for (const layer of model.layers) {
    const args = layer.args;
    if (!args) return undefined;
    if (layer.kind === 'dense') {
      const units = args.number('units');
      layers.push({ step: { inputs: width, units, weightOffset: offsets.get(`${layer.name}.weight`)!, biasOffset: offsets.get(`${layer.name}.bias`) ?? -1 }, after: [] });
      width = units;
    } else if (layer.kind === 'dropout' || layer.kind === 'flatten') {
      continue; // the identity in evaluation, on a rank-1 input
    }
    // Dense's `activation:` (its defaults) or an activation layer (its arguments), as the network applies them.
    const activation = appliedActivation(layer);
    if (!activation) return undefined;
    if (layer.kind !== 'dense' && !activation.isLayer) return undefined;
    const form = activation.entry.elementwise;
    if (form === 'identity' || readAround(activation.entry, layer)) continue;
    if (form === 'none') return undefined;
    const step = { name: activation.entry.name, apply: form(activation.args) };
    (layers.length === 0 ? before : layers[layers.length - 1]!.after).push(step);
  }
  if (layers.length === 0) return undefined;
  return { inputSize: model.input[0]!, before, layers: layers.map((l) => ({ ...l.step, after: l.after })), outputWidth: width };
}
