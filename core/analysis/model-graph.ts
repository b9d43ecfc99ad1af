import { modelInputValue, type ModelGraph } from './summary';

/** True when every node reads the one before it (the first reads the input) and the last is the output: a plain stack of layers. */
export function isSequential(graph: ModelGraph): boolean {
  const readsPrevious = graph.nodes.every((node, i) => node.inputs.length === 1 && node.inputs[0] === (i === 0 ? modelInputValue : i - 1));
  return readsPrevious && graph.output === (graph.nodes.length === 0 ? modelInputValue : graph.nodes.length - 1);
}
