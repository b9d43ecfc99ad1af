import { broadcastStrides, sameShape, size, type Shape } from '../shape';
import { addArrays, addBiasRows, axpy } from './elementwise';

/** The four broadcasting arithmetic operations. */
export type BinaryOperation = 'add' | 'sub' | 'mul' | 'div';

/**
 * out = a ∘ b elementwise, with a and b broadcast to `outShape` (see broadcastShapes). Equal shapes
 * take one flat loop; otherwise an odometer walks the outer axes and the last axis is the inner
 * loop, each operand stepping by its stride there (0 where it is broadcast).
 */
export function binaryBroadcast(operation: BinaryOperation, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, out: Float32Array, outShape: Shape): void {
  if (sameShape(aShape, bShape)) {
    flatBinary(operation, a, b, out);
    return;
  }
  if (out.length === 0) return;
  const walk = coalesce(outShape, broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape));
  const last = walk.shape.length - 1;
  const inner = walk.shape[last]!;
  const aStep = walk.first[last]!;
  const bStep = walk.second[last]!;
  if (operation === 'add' && walk.shape.length === 2 && aStep === 1 && bStep === 1 && walk.first[0] === inner && walk.second[0] === 0 && b.length === inner) {
    addBiasRows(a, b, out); // every row of a plus b (a positional embedding): the same sums
    return;
  }
  const odometer = new Odometer(walk.shape, walk.first, walk.second);
  for (let o = 0; o < out.length; o += inner) {
    stridedBinary(operation, a, odometer.first, aStep, b, odometer.second, bStep, out, o, inner);
    odometer.advance();
  }
}

/**
 * target += scale · (values reduced to `targetShape`): sums `values` (shaped `valuesShape`) over
 * every axis along which `targetShape` was broadcast. This is how each broadcasting gradient rule
 * returns a gradient to an operand smaller than the output.
 */
export function accumulateReduced(values: Float32Array, valuesShape: Shape, target: Float32Array, targetShape: Shape, scale: number): void {
  if (size(targetShape) === values.length) {
    axpy(target, scale, values); // target[i] + scale·values[i], in wasm on the fast backend
    return;
  }
  if (values.length === 0) return;
  const targetStrides = broadcastStrides(targetShape, valuesShape);
  const walk = coalesce(valuesShape, targetStrides, targetStrides);
  const last = walk.shape.length - 1;
  const inner = walk.shape[last]!;
  const step = walk.first[last]!;
  const odometer = new Odometer(walk.shape, walk.first, walk.second);
  if (step === 0) {
    // The target is broadcast along the last axis too: each row of values adds into one element.
    for (let o = 0; o < values.length; o += inner) {
      let sum = 0;
      for (let j = 0; j < inner; j++) sum += values[o + j]!;
      target[odometer.first] = target[odometer.first]! + scale * sum;
      odometer.advance();
    }
    return;
  }
  for (let o = 0; o < values.length; o += inner) {
    const t = odometer.first;
    for (let j = 0; j < inner; j++) target[t + j] = target[t + j]! + scale * values[o + j]!;
    odometer.advance();
  }
}

/** A walk over a contiguous output: its axes, and two operands' strides through them. */
interface Walk {
  readonly shape: number[];
  readonly first: number[];
  readonly second: number[];
}

/**
 * Drops the axes of size 1 and merges each axis into the one before it wherever both operands step
 * through the pair as through one axis (as PyTorch's TensorIterator coalesces dimensions), so that
 * the inner loop runs as long as it can: [N, C, H, W] against a per-channel [1, C, 1, 1] walks
 * rows of H·W instead of W. The order of the elements visited is unchanged, so are the results.
 */
export function coalesce(shape: Shape, first: readonly number[], second: readonly number[]): Walk {
  const walk: Walk = { shape: [], first: [], second: [] };
  for (let axis = 0; axis < shape.length; axis++) {
    const dimension = shape[axis]!;
    if (dimension === 1) continue;
    const last = walk.shape.length - 1;
    if (last >= 0 && walk.first[last] === first[axis]! * dimension && walk.second[last] === second[axis]! * dimension) {
      walk.shape[last] = walk.shape[last]! * dimension;
      walk.first[last] = first[axis]!;
      walk.second[last] = second[axis]!;
      continue;
    }
    walk.shape.push(dimension);
    walk.first.push(first[axis]!);
    walk.second.push(second[axis]!);
  }
  if (walk.shape.length === 0) return { shape: [1], first: [0], second: [0] };
  return walk;
}

/**
 * Walks the rows (all axes but the last) of a shape in row-major order and keeps, for each row,
 * the starting offsets of two operands with the given broadcast strides.
 */
class Odometer {
  first = 0;
  second = 0;
  private readonly index: number[];

  constructor(
    private readonly shape: Shape,
    private readonly firstStrides: readonly number[],
    private readonly secondStrides: readonly number[],
  ) {
    this.index = new Array<number>(Math.max(shape.length - 1, 0)).fill(0);
  }

  /** Moves to the next row. */
  advance(): void {
    for (let axis = this.shape.length - 2; axis >= 0; axis--) {
      const dimension = this.shape[axis]!;
      this.index[axis]!++;
      this.first += this.firstStrides[axis]!;
      this.second += this.secondStrides[axis]!;
      if (this.index[axis]! < dimension) return;
      this.index[axis] = 0;
      this.first -= dimension * this.firstStrides[axis]!;
      this.second -= dimension * this.secondStrides[axis]!;
    }
  }
}

function flatBinary(operation: BinaryOperation, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  switch (operation) {
    case 'add':
      addArrays(a, b, out);
      return;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!;
      return;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
      return;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!;
      return;
  }
}

function stridedBinary(operation: BinaryOperation, a: Float32Array, aStart: number, aStep: number, b: Float32Array, bStart: number, bStep: number, out: Float32Array, outStart: number, count: number): void {
  let ai = aStart;
  let bi = bStart;
  const end = outStart + count;
  switch (operation) {
    case 'add':
      for (let o = outStart; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai]! + b[bi]!;
      return;
    case 'sub':
      for (let o = outStart; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai]! - b[bi]!;
      return;
    case 'mul':
      for (let o = outStart; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai]! * b[bi]!;
      return;
    case 'div':
      for (let o = outStart; o < end; o++, ai += aStep, bi += bStep) out[o] = a[ai]! / b[bi]!;
      return;
  }
}
