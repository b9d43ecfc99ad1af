import { modelInputValue, type ModelGraph } from '../analysis';
import { findMerge } from '../analysis/catalog';
import * as t from '../tensor';
import type { ForwardOptions, Network } from './network';

/**
 * Running the rest of a model from one of its values: a decoder from its code (the Latent manifold
 * decodes points of the latent plane), or any later part of a network fed a value of the caller's
 * choosing. Nothing here knows about autoencoders: it runs the graph's nodes after `from`, with
 * value `from` replaced by the given tensor, exactly as `Network.forward` runs them.
 */

/**
 * True when value `from` (a node's index) cuts the graph: every later node reads only `from` or
 * values computed after it, so the rest of the model is a function of that one value alone (a
 * U-Net's skip connection, which reads an earlier value, is no cut).
 */
export function isCut(graph: ModelGraph, from: number): boolean {
  if (from < 0 || from >= graph.nodes.length) return false;
  if (graph.output < from) return false;
  return graph.nodes.slice(from + 1).every((node) => node.inputs.every((input) => input !== modelInputValue && input >= from));
}

export interface PartialForwardResult {
  /** The model's output computed from the given value. */
  readonly output: t.Tensor;
  /** The outputs of the layers after `from`, by name. */
  readonly activations: ReadonlyMap<string, t.Tensor>;
}

/**
 * Runs the nodes after value `from` on `value` ([batch, ...that node's output shape]). Throws when
 * `from` is not a cut (`isCut`): the rest of the model would need values this call does not have.
 */
export function forwardFrom(network: Network, from: number, value: t.Tensor, options: ForwardOptions): PartialForwardResult {
  const { graph } = network.model;
  if (!isCut(graph, from)) throw new Error(`model ${network.model.name}: the layers after value ${from} read earlier values, so they cannot run from it alone`);
  const values = new Map<number, t.Tensor>([[from, value]]);
  const activations = new Map<string, t.Tensor>();
  for (let id = from + 1; id < graph.nodes.length; id++) {
    const { layer, inputs } = graph.nodes[id]!;
    const read = inputs.map((input) => values.get(input)!);
    const merge = findMerge(layer.kind);
    const output = merge ? merge.forward(t, read, layer.args) : network.forwardLayer(layer, read[0]!, options);
    values.set(id, output);
    activations.set(layer.name, output);
  }
  return { output: values.get(graph.output)!, activations };
}
