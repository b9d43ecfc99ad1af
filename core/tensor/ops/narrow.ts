import { formatShape } from '../../common/format';
import { record } from '../graph';
import { normalizeAxis, size } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * The slice start…start + length of x along `axis` (negative counts from the end), as
 * torch.narrow, copied (tensors are contiguous). Splits attention's packed q, k, v. The gradient
 * adds dy into that slice.
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const resolved = normalizeAxis('narrow', axis, x.shape.length);
  const extent = x.shape[resolved]!;
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > extent) {
    throw new Error(`narrow: ${start}…${start + length} is not inside axis ${resolved} of x ${formatShape(x.shape)}`);
  }
  const { outer, row, chunk, offset } = narrowLayout(x.shape, resolved, start, length);
  const out = result(x.shape.map((dimension, i) => (i === resolved ? length : dimension)));
  for (let o = 0; o < outer; o++) out.data.set(x.data.subarray(o * row + offset, o * row + offset + chunk), o * chunk);
  return record('narrow', [x], out, { axis: resolved, start });
}

/** Seen as [outer, row]: each row of x holds its slice as `chunk` values from `offset`. */
export function narrowLayout(shape: readonly number[], axis: number, start: number, length: number): { outer: number; row: number; chunk: number; offset: number } {
  const inner = size(shape.slice(axis + 1));
  return { outer: size(shape.slice(0, axis)), row: shape[axis]! * inner, chunk: length * inner, offset: start * inner };
}
