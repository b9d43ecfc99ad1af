import { formatShape } from '../common/format';

/** A tensor's dimensions, outermost first (row-major). The empty shape `[]` is a scalar. */
export type Shape = readonly number[];

/** The number of elements of a shape: the product of its dimensions (1 for a scalar). */
export function size(shape: Shape): number {
  let product = 1;
  for (const dimension of shape) product *= dimension;
  return product;
}

/**
 * A tensor's own copy of a checked shape, its dimensions stored as small integers. A shape the
 * analysis computed may hold its integers as doubles (V8 then keeps the array as an array of
 * doubles, and a spread copies that): a layer's weights then had a shape of another kind than its
 * batch's, every op reading shapes saw both, and V8 deoptimised and recompiled those ops in a
 * sweep's later runs. Dimensions from 2³¹ up (no tensor that large fits in memory) are kept as they are.
 */
export function ownShape(shape: Shape): number[] {
  const copy: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const dimension = shape[i]!;
    copy.push(dimension < 2 ** 31 ? dimension | 0 : dimension);
  }
  return copy;
}

/** Whether two shapes have the same rank and dimensions. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless every dimension is a non-negative integer; `op` and `argument` name the culprit. */
export function checkShape(op: string, argument: string, shape: Shape): void {
  for (const dimension of shape) {
    if (!Number.isInteger(dimension) || dimension < 0) throw new Error(`${op}: ${argument} ${formatShape(shape)} is not a valid shape: dimensions must be non-negative integers`);
  }
}

/** Turns a possibly negative axis (-1 is the last) into an index; throws if it is out of range. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  const resolved = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || resolved < 0 || resolved >= rank) throw new Error(`${op}: axis ${axis} is out of range for rank ${rank}`);
  return resolved;
}

/**
 * The shape two operands broadcast to, NumPy style: shapes are aligned at their last axis and each
 * pair of dimensions must be equal or contain a 1.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const result = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`${op}: shapes cannot broadcast: a is ${formatShape(a)}, b is ${formatShape(b)}`);
    result[i] = da === 1 ? db : da;
  }
  return result;
}

/**
 * The element strides of `shape` seen through the broadcast shape `target` (same or larger rank):
 * one stride per axis of `target`, 0 where `shape` is broadcast along that axis.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const dimension = shape[i]!;
    if (dimension !== 1) strides[target.length - shape.length + i] = stride;
    stride *= dimension;
  }
  return strides;
}
