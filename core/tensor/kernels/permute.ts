import type { Shape } from '../shape';

/**
 * Axis permutation of a row-major array: out has shape [shape[axes[0]], shape[axes[1]], …] and
 * out[i₀, i₁, …] = x[the index whose axis axes[k] is iₖ]. The loop walks the output in order with
 * an odometer over its indices and a running source offset (no division per element).
 */

/** The source stride of each output axis. */
function sourceStrides(shape: Shape, axes: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis]!;
  }
  return axes.map((axis) => strides[axis]!);
}

/** out = permute(x) (accumulate = false) or dx += permuteᵀ(dy) (accumulate = true, `out` is dx, `x` is dy). */
function walk(x: Float32Array, shape: Shape, axes: readonly number[], out: Float32Array, backward: boolean): void {
  const rank = axes.length;
  if (x.length === 0) return;
  if (rank === 0) {
    out[0] = backward ? out[0]! + x[0]! : x[0]!;
    return;
  }
  const outShape = axes.map((axis) => shape[axis]!);
  const strides = sourceStrides(shape, axes);
  const index = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const lastLength = outShape[last]!;
  const lastStride = strides[last]!;
  let source = 0;
  for (let o = 0; o < x.length; o += lastLength) {
    if (backward) for (let j = 0, s = source; j < lastLength; j++, s += lastStride) out[s] = out[s]! + x[o + j]!;
    else for (let j = 0, s = source; j < lastLength; j++, s += lastStride) out[o + j] = x[s]!;
    // Advance the odometer over the outer axes.
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis] = index[axis]! + 1;
      source += strides[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      source -= strides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
}

/** out = x with its axes reordered by `axes` (x has `shape`). */
export function permuteForward(x: Float32Array, shape: Shape, axes: readonly number[], out: Float32Array): void {
  walk(x, shape, axes, out, false);
}

/** dx += dy carried back through the permutation (dy is shaped like the output, dx like x's `shape`). */
export function permuteBackward(dy: Float32Array, shape: Shape, axes: readonly number[], dx: Float32Array): void {
  walk(dy, shape, axes, dx, true);
}
