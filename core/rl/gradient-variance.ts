import type { GradientVariance } from '../train/events';

/**
 * How much the REINFORCE estimate spreads, with and without a baseline, on the same episodes.
 * Per step, the policy-gradient term with respect to the logits is g_t = (e_(a_t) − π_t)·A_t
 * (the gradient of log π(a_t|s_t)·A_t; backpropagation carries it into the weights). Returned:
 * the trace of the covariance of g_t over the T steps, (1/T)·Σ‖g_t − ḡ‖², and ‖ḡ‖, once with
 * A_t = G_t and once with A_t = G_t − b_t. A baseline leaves E[g] unchanged (E[∇log π] = 0) and
 * lowers the spread; both come from one batch so the panel compares like with like.
 */
export function gradientVariance(logits: Float32Array, actions: Int32Array, returns: Float64Array, baseline: Float64Array | Float32Array): GradientVariance {
  const none = spreadOf(logits, actions, (t) => returns[t]!);
  const withBaseline = spreadOf(logits, actions, (t) => returns[t]! - baseline[t]!);
  return { none: none.variance, baseline: withBaseline.variance, meanNone: none.meanNorm, meanBaseline: withBaseline.meanNorm };
}

function spreadOf(logits: Float32Array, actions: Int32Array, advantage: (t: number) => number): { variance: number; meanNorm: number } {
  const steps = actions.length;
  const k = logits.length / steps;
  const sum = new Float64Array(k);
  let squares = 0;
  const term = new Float64Array(k);
  for (let t = 0; t < steps; t++) {
    softmaxInto(logits, t * k, k, term);
    const a = advantage(t);
    for (let j = 0; j < k; j++) {
      const g = ((j === actions[t] ? 1 : 0) - term[j]!) * a;
      sum[j] = sum[j]! + g;
      squares += g * g;
    }
  }
  let meanSquares = 0;
  for (let j = 0; j < k; j++) meanSquares += (sum[j]! / steps) ** 2;
  return { variance: Math.max(0, squares / steps - meanSquares), meanNorm: Math.sqrt(meanSquares) };
}

function softmaxInto(logits: Float32Array, offset: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, logits[offset + j]!);
  let total = 0;
  for (let j = 0; j < k; j++) {
    out[j] = Math.exp(logits[offset + j]! - max);
    total += out[j]!;
  }
  for (let j = 0; j < k; j++) out[j] = out[j]! / total;
}

/** The per-step baseline b_t a run's variance is compared at: V(s_t), or the mean return (for `mean` and for `none`). */
export function comparisonBaseline(returns: Float64Array, values: Float32Array | undefined): Float64Array | Float32Array {
  if (values) return values;
  let mean = 0;
  for (const g of returns) mean += g;
  return new Float64Array(returns.length).fill(mean / returns.length);
}
