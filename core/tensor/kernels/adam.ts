import { wasmAdam } from '../wasm/adam';
import { fastArena } from './backend';

/** One Adam (AdamW) step's numbers, computed once a step by the optimizer (nn/optimizers/adam.ts). */
export interface AdamStep {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly correction2Sqrt: number;
  /** θ's factor before the step: 1 − lr·λ for AdamW, else 1. */
  readonly decay: number;
  /** λ added to the gradient as λθ (Adam's coupled weight decay), else 0. */
  readonly coupled: number;
}

/** The tensors one step updates: each parameter's values and gradient, and its two moments. */
export interface AdamSlots {
  readonly parameters: readonly { readonly data: Float32Array; readonly grad: Float32Array }[];
  readonly firstMoments: readonly Float32Array[];
  readonly secondMoments: readonly Float32Array[];
}

/**
 * Adam's update of every parameter and its moments, PyTorch's formulas in float64 with each stored
 * value rounded to float32: the loop below, or the same operations in WebAssembly SIMD
 * (kernels.wat's $adam, wasm/adam.ts) for the 'fast' backend from `thresholds.optimizer` values
 * a tensor on — the same bits.
 */
export function adamUpdate(slots: AdamSlots, step: AdamStep): void {
  let count = 0;
  for (const { data } of slots.parameters) count += data.length;
  // One tensor is ~0.35 µs of copies and calls, one value ~1.6 ns in WebAssembly against ~7.5 ns
  // here: from ~100 values a tensor on, WebAssembly wins (an MLP 2-16-16-3's 62 stay here).
  const arena = fastArena('optimizer', count / Math.max(1, slots.parameters.length));
  if (arena && wasmAdam(arena, slots, step, count)) return;
  const { beta1, beta2, eps, stepSize, correction2Sqrt, decay, coupled } = step;
  for (let index = 0; index < slots.parameters.length; index++) {
    const { data, grad } = slots.parameters[index]!;
    const m = slots.firstMoments[index]!;
    const v = slots.secondMoments[index]!;
    for (let i = 0; i < data.length; i++) {
      const theta = data[i]! * decay;
      const g = grad[i]! + coupled * theta;
      const mi = (m[i] = beta1 * m[i]! + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i]! + (1 - beta2) * g * g);
      data[i] = theta - (stepSize * mi) / (Math.sqrt(vi) / correction2Sqrt + eps);
    }
  }
}
