import { allocateFloat32 } from './tape';
import type { Tensor } from './tensor';

/**
 * An intermediate's gradient buffer created by this call and NOT zeroed, for a rule that writes
 * every element of it (its first contribution an assignment, not a sum: one pass less over memory);
 * undefined when t needs no gradient, is a leaf, or already has one (then use `gradBuffer`).
 */
export function newGradBuffer(t: Tensor): Float32Array | undefined {
  if (!t.requiresGrad || t.grad !== undefined || t.node === undefined) return undefined;
  t.grad = allocateFloat32(t.size, false);
  return t.grad;
}

/**
 * The buffer that accumulates ∂loss/∂t, created zeroed on first use, or undefined when t needs no
 * gradient. Leaves (parameters, inputs) keep theirs for good; intermediates take theirs from the
 * active tape, which reclaims it with the step's other buffers.
 */
export function gradBuffer(t: Tensor): Float32Array | undefined {
  if (!t.requiresGrad) return undefined;
  if (t.grad === undefined) t.grad = t.node === undefined ? new Float32Array(t.size) : allocateFloat32(t.size, true);
  return t.grad;
}
