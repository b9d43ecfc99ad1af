import { formatShape } from '../../common/format';
import { record } from '../graph';
import { causalSoftmaxRows } from '../kernels/causal-softmax';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Softmax over the last axis of x [..., T, T] where position i sees only positions ≤ i (a causal
 * attention's weights). Its gradient is softmax's: the masked outputs are 0, so they pass none.
 */
export function causalSoftmax(x: Tensor): Tensor {
  const [rows, length] = x.shape.slice(-2);
  if (x.shape.length < 2 || rows !== length || length === 0) throw new Error(`causalSoftmax: x must be [..., T, T] with T ≥ 1, got ${formatShape(x.shape)}`);
  const out = result(x.shape);
  causalSoftmaxRows(x.data, out.data, x.size / length!, length!);
  return record('causalSoftmax', [x], out, undefined);
}
