import { broadcastStrides, sameShape, size, type Shape } from '../shape';

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
  const rank = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const inner = outShape[rank - 1]!;
  const aStep = aStrides[rank - 1]!;
  const bStep = bStrides[rank - 1]!;
  const odometer = new Odometer(outShape, aStrides, bStrides);
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
    for (let i = 0; i < values.length; i++) target[i] = target[i]! + scale * values[i]!;
    return;
  }
  if (values.length === 0) return;
  const rank = valuesShape.length;
  const targetStrides = broadcastStrides(targetShape, valuesShape);
  const inner = valuesShape[rank - 1]!;
  const step = targetStrides[rank - 1]!;
  if (step === 0) {
    // The target is broadcast along the last axis too: each row of values adds into one element.
    const odometer = new Odometer(valuesShape, targetStrides, targetStrides);
    for (let o = 0; o < values.length; o += inner) {
      let sum = 0;
      for (let j = 0; j < inner; j++) sum += values[o + j]!;
      target[odometer.first] = target[odometer.first]! + scale * sum;
      odometer.advance();
    }
    return;
  }
  const odometer = new Odometer(valuesShape, targetStrides, targetStrides);
  for (let o = 0; o < values.length; o += inner) {
    const t = odometer.first;
    for (let j = 0; j < inner; j++) target[t + j] = target[t + j]! + scale * values[o + j]!;
    odometer.advance();
  }
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
      for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
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
