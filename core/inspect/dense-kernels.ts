/**
 * The loops of the fast dense evaluator, on float64 buffers: a dense layer C = A·W + b and the
 * element-wise activations in place. Float64 storage (not float32, as the engine) saves the two
 * conversions per value that made float32 stores a third of a layer's time; the results differ
 * from the engine's by float32 rounding only.
 */
import { gelu, sigmoid, softplus } from '../tensor/kernels/activation-math';
import type { ElementwiseStep } from './dense-stack';
import { fastTanh } from './fast-tanh';

/**
 * C[rows×n] = A[rows×k]·W[k×n] + bias[n] (all row-major). Blocks of 2 rows × 4 columns keep eight
 * sums in registers, each loaded weight serving two rows and each input value four columns; the
 * bias is where each sum starts.
 */
export function denseForward(a: Float64Array, w: Float64Array, bias: Float64Array, c: Float64Array, rows: number, k: number, n: number): void {
  const n4 = n - (n % 4);
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const a0 = i * k;
    const c0 = i * n;
    let j = 0;
    for (; j < n4; j += 4) {
      const b0 = bias[j]!;
      const b1 = bias[j + 1]!;
      const b2 = bias[j + 2]!;
      const b3 = bias[j + 3]!;
      let s0 = b0, s1 = b1, s2 = b2, s3 = b3;
      let t0 = b0, t1 = b1, t2 = b2, t3 = b3;
      let ap = a0;
      let wp = j;
      for (let p = 0; p < k; p++) {
        const x = a[ap]!;
        const y = a[ap + k]!;
        const w0 = w[wp]!;
        const w1 = w[wp + 1]!;
        const w2 = w[wp + 2]!;
        const w3 = w[wp + 3]!;
        s0 += x * w0; s1 += x * w1; s2 += x * w2; s3 += x * w3;
        t0 += y * w0; t1 += y * w1; t2 += y * w2; t3 += y * w3;
        ap++;
        wp += n;
      }
      const q = c0 + j;
      const r = q + n;
      c[q] = s0; c[q + 1] = s1; c[q + 2] = s2; c[q + 3] = s3;
      c[r] = t0; c[r + 1] = t1; c[r + 2] = t2; c[r + 3] = t3;
    }
    for (; j < n; j++) {
      let s = bias[j]!;
      let t = s;
      let ap = a0;
      let wp = j;
      for (let p = 0; p < k; p++) {
        const v = w[wp]!;
        s += a[ap]! * v;
        t += a[ap + k]! * v;
        ap++;
        wp += n;
      }
      c[c0 + j] = s;
      c[c0 + n + j] = t;
    }
  }
  for (; i < rows; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias[j]!;
      let ap = i * k;
      let wp = j;
      for (let p = 0; p < k; p++) {
        s += a[ap]! * w[wp]!;
        ap++;
        wp += n;
      }
      c[i * n + j] = s;
    }
  }
}

/** Applies one activation to values[0, count) in place (the engine's formulas; tanh from fast-tanh.ts). */
export function applyElementwise(step: ElementwiseStep, values: Float64Array, count: number): void {
  switch (step.kind) {
    case 'relu':
      // (x + |x|)/2 is exact and branch-free: a sign-dependent branch mispredicts on half the values.
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
