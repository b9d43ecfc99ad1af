import { record } from '../graph';
import { binaryBroadcast, type BinaryOperation } from '../kernels/broadcast';
import { broadcastShapes, sameShape } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

function binary(operation: BinaryOperation, a: Tensor, b: Tensor): Tensor {
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(operation, a.shape, b.shape);
  const out = result(shape);
  binaryBroadcast(operation, a.data, a.shape, b.data, b.shape, out.data, shape);
  return record(operation, [a, b], out, undefined);
}

/** a + b, broadcasting (NumPy rules). */
export function add(a: Tensor, b: Tensor): Tensor {
  return binary('add', a, b);
}

/**
 * The sum of one or more tensors, broadcasting, folded left as add(add(a, b), c)… (a merge by
 * addition of several branches); each input's gradient is dy reduced to its shape.
 */
export function addAll(tensors: readonly Tensor[]): Tensor {
  const [first, ...rest] = tensors;
  if (first === undefined) throw new Error('addAll: needs at least one tensor');
  let total = first;
  for (const t of rest) total = add(total, t);
  return total;
}

/** a − b, broadcasting. */
export function sub(a: Tensor, b: Tensor): Tensor {
  return binary('sub', a, b);
}

/** a · b elementwise, broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  return binary('mul', a, b);
}

/** a / b elementwise, broadcasting. */
export function div(a: Tensor, b: Tensor): Tensor {
  return binary('div', a, b);
}

/** factor · x. */
export function mulScalar(x: Tensor, factor: number): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = factor * source[i]!;
  return record('mulScalar', [x], out, { factor });
}

/** x + offset. */
export function addScalar(x: Tensor, offset: number): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = source[i]! + offset;
  return record('addScalar', [x], out, undefined);
}

/** −x (mulScalar by −1). */
export function neg(x: Tensor): Tensor {
  return mulScalar(x, -1);
}
