/**
 * The element-wise loops of the fast dense evaluator, on float32 buffers (the engine's storage):
 * a dense layer's bias and first activation in one pass over its output, and further activations
 * in place. The formulas are the engine's (kernels/activation-math.ts), except tanh (fast-tanh.ts).
 */
import { gelu, sigmoid, softplus } from '../tensor/kernels/activation-math';
import type { ElementwiseStep } from './dense-stack';
import { fastTanh } from './fast-tanh';

/**
 * values[i] ← f(values[i] + bias[i mod width]) for i < count, f the step's activation (identity
 * when absent). One loop per activation, so that each is a tight loop the compiler can inline.
 */
export function addBiasAndActivate(values: Float32Array, count: number, bias: Float32Array, step: ElementwiseStep | undefined): void {
  const width = bias.length;
  if (step === undefined) {
    for (let i = 0, j = 0; i < count; i++) {
      values[i] = values[i]! + bias[j]!;
      if (++j === width) j = 0;
    }
    return;
  }
  switch (step.kind) {
    case 'relu':
      for (let i = 0, j = 0; i < count; i++) {
        const x = values[i]! + bias[j]!;
        // (x + |x|)/2 is exact and branch-free: a sign test mispredicts on half the values.
        values[i] = (x + Math.abs(x)) * 0.5;
        if (++j === width) j = 0;
      }
      return;
    case 'tanh':
      for (let i = 0, j = 0; i < count; i++) {
        values[i] = fastTanh(values[i]! + bias[j]!);
        if (++j === width) j = 0;
      }
      return;
    case 'elu':
    case 'gelu':
    case 'leaky_relu':
    case 'sigmoid':
    case 'softplus':
      // The rarer activations: bias first, then the generic loop.
      addBiasAndActivate(values, count, bias, undefined);
      applyElementwise(step, values, count);
  }
}

/** Applies one activation to values[0, count) in place. */
export function applyElementwise(step: ElementwiseStep, values: Float32Array, count: number): void {
  switch (step.kind) {
    case 'relu':
      for (let i = 0; i < count; i++) {
        const x = values[i]!;
        values[i] = (x + Math.abs(x)) * 0.5;
      }
      return;
    case 'tanh':
      for (let i = 0; i < count; i++) values[i] = fastTanh(values[i]!);
      return;
    case 'leaky_relu': {
      const slope = step.parameter;
      for (let i = 0; i < count; i++) {
        const x = values[i]!;
        values[i] = x > 0 ? x : slope * x;
      }
      return;
    }
    case 'elu': {
      const alpha = step.parameter;
      for (let i = 0; i < count; i++) {
        const x = values[i]!;
        values[i] = x > 0 ? x : alpha * Math.expm1(x);
      }
      return;
    }
    case 'gelu':
      for (let i = 0; i < count; i++) values[i] = gelu(values[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < count; i++) values[i] = sigmoid(values[i]!);
      return;
    case 'softplus':
      for (let i = 0; i < count; i++) values[i] = softplus(values[i]!);
      return;
    default: {
      const unreachable: never = step.kind;
      return unreachable;
    }
  }
}
