/**
 * The element-wise loops of the fast dense evaluator, on float32 buffers (the engine's storage):
 * a dense layer's bias and first activation in one pass over its output, and further activations
 * in place. Each activation is its catalog entry's scalar form (`ActivationEntry.elementwise`):
 * the engine's formulas (kernels/activation-math.ts), except tanh (fast-tanh.ts).
 */
import type { ElementwiseStep } from './dense-stack';

/** values[i] ← f(values[i] + bias[i mod width]) for i < count, f the step's activation (identity when absent). */
export function addBiasAndActivate(values: Float32Array, count: number, bias: Float32Array, step: ElementwiseStep | undefined): void {
  const width = bias.length;
  if (step === undefined) {
    for (let i = 0, j = 0; i < count; i++) {
      values[i] = values[i]! + bias[j]!;
      if (++j === width) j = 0;
    }
    return;
  }
  const apply = step.apply;
  for (let i = 0, j = 0; i < count; i++) {
    values[i] = apply(values[i]! + bias[j]!);
    if (++j === width) j = 0;
  }
}

/** Applies one activation to values[0, count) in place. */
export function applyElementwise(step: ElementwiseStep, values: Float32Array, count: number): void {
  const apply = step.apply;
  for (let i = 0; i < count; i++) values[i] = apply(values[i]!);
}
