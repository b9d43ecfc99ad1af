import { formatShape } from '../common/format';
import type { Node } from './graph';
import { checkShape, ownShape, size, type Shape } from './shape';

/**
 * A float32 array with a row-major shape. `grad` collects ∂loss/∂this during `backward`;
 * `node` is the operation that produced the tensor (undefined for leaves such as parameters and
 * inputs). Several tensors may share one `data` array (a reshape is a view).
 */
export class Tensor {
  /** Row-major, contiguous values. */
  readonly data: Float32Array;
  readonly shape: Shape;
  /** Whether backward should compute ∂loss/∂this (set on parameters; inherited by results). */
  requiresGrad: boolean;
  /** ∂loss/∂this, allocated by the first backward that reaches this tensor (or by `parameter`). */
  grad: Float32Array | undefined;
  /** The recorded operation that produced this tensor, if gradients flow through it. */
  node: Node | undefined;

  /** Wraps `data` without copying or checking; use `tensor()` for checked construction. */
  constructor(data: Float32Array, shape: Shape, requiresGrad = false) {
    this.data = data;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
    this.grad = undefined;
    this.node = undefined;
  }

  /** The number of elements. */
  get size(): number {
    return this.data.length;
  }
}

/** A trainable leaf: its gradient buffer exists from the start and is reused by every step. */
export type Parameter = Tensor & { grad: Float32Array };

/** Options of the constructors. */
export interface TensorOptions {
  /** Record operations on this tensor so that backward computes its gradient. */
  readonly requiresGrad?: boolean;
}

/** A tensor over `data` (a Float32Array is used as is; numbers are copied) with the given shape. */
export function tensor(data: Float32Array | readonly number[], shape: Shape, options: TensorOptions = {}): Tensor {
  checkShape('tensor', 'shape', shape);
  const expected = size(shape);
  if (data.length !== expected) throw new Error(`tensor: data has ${data.length} values but shape ${formatShape(shape)} needs ${expected}`);
  const values = data instanceof Float32Array ? data : Float32Array.from(data);
  return new Tensor(values, ownShape(shape), options.requiresGrad ?? false);
}

/** A tensor of zeros. */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  checkShape('zeros', 'shape', shape);
  return new Tensor(new Float32Array(size(shape)), ownShape(shape), options.requiresGrad ?? false);
}

/** A tensor with every element equal to `value`. */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  const result = zeros(shape, options);
  result.data.fill(value);
  return result;
}

/** A rank-0 tensor holding one number. */
export function scalar(value: number): Tensor {
  return new Tensor(Float32Array.of(value), []);
}

/** A trainable leaf over `data` with a zeroed gradient buffer allocated once, here. */
export function parameter(data: Float32Array | readonly number[], shape: Shape): Parameter {
  const result = tensor(data, shape, { requiresGrad: true });
  result.grad = new Float32Array(result.size);
  return result as Parameter;
}
