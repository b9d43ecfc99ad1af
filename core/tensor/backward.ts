import { formatShape } from '../common/format';
import type { Node, NodeOf, OpName } from './graph';
import { gradBuffer } from './grad-buffer';
import { gradientTable } from './gradients';
import type { Tensor } from './tensor';

/** Each sort gets a fresh stamp, so nodes need no visited set and no clearing between passes. */
let stamp = 0;

/**
 * The nodes that lead to `root`, inputs before the nodes that use them. Iterative depth-first
 * search with an explicit stack (a deep graph cannot overflow the call stack): a node is entered
 * once, its unentered inputs are pushed above it, and it is emitted when it is back on top.
 */
export function topologicalOrder(root: Tensor): Node[] {
  const order: Node[] = [];
  if (root.node === undefined) return order;
  const mark = ++stamp;
  const stack: Node[] = [root.node];
  while (stack.length > 0) {
    const node = stack[stack.length - 1]!;
    if (node.entered !== mark) {
      node.entered = mark;
      for (const input of node.inputs) if (input.node !== undefined && input.node.entered !== mark) stack.push(input.node);
    } else {
      stack.pop();
      if (node.finished !== mark) {
        node.finished = mark;
        order.push(node);
      }
    }
  }
  return order;
}

/**
 * Reverse-mode differentiation from `root`: seeds ∂loss/∂root (1 for a scalar loss, or the given
 * `seed`, e.g. a fused loss's gradient with respect to the model output) and runs each node's
 * gradient rule from the root back to the leaves. Gradients accumulate (+=) into `grad` of every
 * tensor that requires one, so parameter gradients add up across calls until `zeroGrad`.
 */
export function backward(root: Tensor, seed?: Float32Array, observer?: BackwardObserver): void {
  if (seed === undefined && root.size !== 1) throw new Error(`backward: root must have exactly one element when no seed gradient is given, got shape ${formatShape(root.shape)}`);
  if (seed !== undefined && seed.length !== root.size) throw new Error(`backward: seed has ${seed.length} values but root ${formatShape(root.shape)} has ${root.size}`);
  if (!root.requiresGrad) throw new Error('backward: root does not depend on any tensor that requires a gradient');
  const order = topologicalOrder(root);
  // Gradients of intermediates describe one backward pass; a second pass over the same graph
  // must not find the first one's values (leaf gradients, in contrast, accumulate on purpose).
  for (const node of order) node.output.grad?.fill(0);
  const rootGrad = gradBuffer(root)!;
  if (seed === undefined) rootGrad[0] = rootGrad[0]! + 1;
  else for (let i = 0; i < seed.length; i++) rootGrad[i] = rootGrad[i]! + seed[i]!;
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    const dy = node.output.grad;
    if (dy === undefined) continue;
    observer?.beforeRule(node);
    runGradientRule(node, dy);
    observer?.afterRule(node);
  }
}

/**
 * Watches a backward pass node by node, read-only (the step-through view, core/inspect/backprop):
 * called around each node's rule, in the order the pass runs them, so a watcher sees exactly what
 * each rule added to its inputs' gradients. Observers must not write to any tensor.
 */
export interface BackwardObserver {
  beforeRule(node: Node): void;
  afterRule(node: Node): void;
}

/** Runs one node's rule from the gradient table: adds dy's contribution into its inputs' gradients. */
export function runGradientRule<K extends OpName>(node: NodeOf<K>, dy: Float32Array): void {
  gradientTable[node.op](node, dy);
}

/** Sets every parameter's gradient to zero, keeping its buffer. */
export function zeroGrad(parameters: readonly Tensor[]): void {
  for (const parameter of parameters) parameter.grad?.fill(0);
}
