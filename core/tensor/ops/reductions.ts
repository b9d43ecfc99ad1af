import { record } from '../graph';
import { normalizeAxis, size, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/** Which axis to reduce (all axes when absent) and whether it stays as a 1 in the result's shape. */
export interface ReduceOptions {
  readonly axis?: number;
  readonly keepDims?: boolean;
}

/** Σ of x over one axis (negative counts from the end) or over every element, in float64. */
export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce('sum', x, options, false);
}

/** The mean of x over one axis or over every element. */
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  return reduce('mean', x, options, true);
}

function reduce(op: string, x: Tensor, options: ReduceOptions, average: boolean): Tensor {
  const rank = x.shape.length;
  let outer = 1;
  let length = x.size;
  let inner = 1;
  let shape: Shape;
  if (options.axis === undefined) {
    shape = options.keepDims ? x.shape.map(() => 1) : [];
  } else {
    const axis = normalizeAxis(op, options.axis, rank);
    outer = size(x.shape.slice(0, axis));
    length = x.shape[axis]!;
    inner = size(x.shape.slice(axis + 1));
    shape = options.keepDims ? x.shape.map((dimension, i) => (i === axis ? 1 : dimension)) : x.shape.filter((_, i) => i !== axis);
  }
  const scale = average ? 1 / length : 1;
  const out = result(shape);
  const source = x.data;
  const target = out.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let total = 0;
      for (let l = 0, at = o * length * inner + i; l < length; l++, at += inner) total += source[at]!;
      target[o * inner + i] = total * scale;
    }
  }
  return record('sum', [x], out, { outer, length, inner, scale });
}
