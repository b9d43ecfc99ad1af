import { formatShape } from '../../common/format';
import { record } from '../graph';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * x · mask elementwise, the mask drawn by the caller (0 for dropped units, 1/(1 − rate) for kept
 * ones), so that randomness stays with the seeded streams outside the engine. `mask` must not
 * change until backward has run.
 */
export function dropout(x: Tensor, mask: Float32Array): Tensor {
  if (mask.length !== x.size) throw new Error(`dropout: mask has ${mask.length} values but x ${formatShape(x.shape)} has ${x.size}`);
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = source[i]! * mask[i]!;
  return record('dropout', [x], out, { mask });
}
