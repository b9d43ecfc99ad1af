import * as t from '../../tensor';
import type { TraceTensorRole } from './trace';

/** A tensor on the path from the example to the scores, with the node that made it (none for a leaf). */
export interface TapeTensor {
  readonly tensor: t.Tensor;
  readonly node: t.Node | undefined;
  readonly role: TraceTensorRole;
}

/**
 * Every tensor the tape recorded on the way to `scores`, in the engine's own topological order
 * (`topologicalOrder`, the order `backward` reverses): each node's inputs the first time they
 * appear, then its output. Read-only: nothing here runs an op or touches a gradient.
 */
export function tapeTensors(scores: t.Tensor, input: t.Tensor, isWeight: (tensor: t.Tensor) => boolean): { readonly order: readonly t.Node[]; readonly tensors: readonly TapeTensor[] } {
  const order = t.topologicalOrder(scores);
  const tensors: TapeTensor[] = [];
  const seen = new Set<t.Tensor>();
  const add = (tensor: t.Tensor, node: t.Node | undefined, role: TraceTensorRole): void => {
    if (seen.has(tensor)) return;
    seen.add(tensor);
    tensors.push({ tensor, node, role });
  };
  for (const node of order) {
    for (const leaf of node.inputs) if (leaf.node === undefined) add(leaf, undefined, leafRole(leaf, input, isWeight));
    add(node.output, node, 'value');
  }
  return { order, tensors };
}

function leafRole(leaf: t.Tensor, input: t.Tensor, isWeight: (tensor: t.Tensor) => boolean): TraceTensorRole {
  if (leaf === input) return 'input';
  return isWeight(leaf) ? 'weight' : 'constant';
}

/** The inputs of a node that receive a gradient, each once (mul(x, x) names x twice). */
export function gradientInputs(node: t.Node): t.Tensor[] {
  return [...new Set(node.inputs)].filter((input) => input.requiresGrad);
}
