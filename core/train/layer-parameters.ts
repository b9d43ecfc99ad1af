import type { LayerSummary, ModelSummary } from '../analysis';
import { appliedActivation, isMergeKind, tensorRole } from '../analysis/catalog';
import type { Network } from '../nn/network';
import type * as t from '../tensor';
import { addSquares, stepDelta } from './statistics';

/** A layer with trainable parameters: what the gradient panels and health checks call a row. */
export interface ParameterLayer {
  readonly name: string;
  readonly summary: LayerSummary;
  /** Every trainable tensor of the layer (weight, then bias). */
  readonly tensors: readonly t.Parameter[];
  /**
   * The weight matrix or filter bank (`<layer>.weight` of dense, conv2d, embedding; attention's `in_proj_weight`; lstm's and gru's `weight_ih_l0`) whose update
   * ratio the spec watches; a norm layer's γ is a scale, not a weight matrix, and is not watched.
   */
  readonly weight?: t.Parameter;
}

/** Groups the network's parameters by the layer they belong to, in model order. */
export function parameterLayers(network: Network): ParameterLayer[] {
  const byLayer = new Map<string, t.Parameter[]>();
  const weights = new Map<string, t.Parameter>();
  for (const { layer, spec, tensor } of network.parameters) {
    let list = byLayer.get(layer);
    if (!list) byLayer.set(layer, (list = []));
    list.push(tensor);
    // The first weight matrix: dense's `weight`, attention's `in_proj_weight`, a recurrent layer's `weight_ih_l0`.
    if (tensorRole(spec.name) === 'weight' && tensor.shape.length >= 2 && !weights.has(layer)) weights.set(layer, tensor);
  }
  const layers: ParameterLayer[] = [];
  for (const summary of network.model.layers) {
    const tensors = byLayer.get(summary.name);
    if (!tensors) continue;
    const weight = weights.get(summary.name);
    layers.push({ name: summary.name, summary, tensors, ...(weight ? { weight } : {}) });
  }
  return layers;
}

/** The non-linearity a layer's output has been through: an activation layer's own, an `activation:` value, else the layer's kind. */
export function outputNonlinearity(layer: LayerSummary): string {
  return appliedActivation(layer)?.entry.name ?? layer.kind;
}

/** The last layer that is not a merge (a residual's sum, add, concat): its activation, if sigmoid/softmax, belongs to the output. */
export function lastLayer(model: ModelSummary): LayerSummary | undefined {
  for (let i = model.layers.length - 1; i >= 0; i--) if (!isMergeKind(model.layers[i]!.kind)) return model.layers[i];
  return undefined;
}

/**
 * A layer's weight norm (all its trainable tensors) and its weight's update ratio ‖Δw‖ / ‖w_prev‖
 * after an optimizer step; `previous` holds the weight before the step and is set to the new one.
 */
export function weightStepStats(layer: ParameterLayer, previous: Float32Array): { weightNorm: number; updateRatio: number } {
  let weightSquares = 0;
  for (let k = 0; k < layer.tensors.length; k++) if (layer.tensors[k] !== layer.weight) weightSquares = addSquares(weightSquares, layer.tensors[k]!.data);
  let updateRatio = 0;
  if (layer.weight) {
    const delta = stepDelta(layer.weight.data, previous);
    weightSquares += delta.currentSquares;
    updateRatio = delta.previousSquares > 0 ? Math.sqrt(delta.deltaSquares / delta.previousSquares) : 0;
  }
  return { weightNorm: Math.sqrt(weightSquares), updateRatio };
}
