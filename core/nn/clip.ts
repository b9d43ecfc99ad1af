import type { TrainableParameter } from './optimizers';

/** `clip_grad_norm_`'s guard against dividing by a zero norm. */
const normGuard = 1e-6;

/**
 * `torch.nn.utils.clip_grad_norm_(parameters, maxNorm)` (norm_type 2), in float32 as PyTorch
 * computes it: the global norm is the norm of the per-tensor norms, the coefficient
 * maxNorm / (norm + 1e-6) is clamped to at most 1, and every gradient is multiplied by it.
 * Returns the norm before clipping, as PyTorch does.
 */
export function clipGradientNorm(parameters: readonly TrainableParameter[], maxNorm: number): number {
  let squares = 0;
  for (const { grad } of parameters) {
    let own = 0;
    for (let i = 0; i < grad.length; i++) own += grad[i]! * grad[i]!;
    const norm = Math.fround(Math.sqrt(own));
    squares += norm * norm;
  }
  const total = Math.fround(Math.sqrt(squares));
  const coefficient = Math.min(Math.fround(maxNorm / Math.fround(total + normGuard)), 1);
  if (coefficient < 1) {
    for (const { grad } of parameters) for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * coefficient;
  }
  return total;
}
