import { formatShape } from '../../common/format';
import { record } from '../graph';
import { size } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * PReLU with a learned slope, as torch.nn.PReLU(num_parameters): x where x > 0, weight·x elsewhere.
 * `weight` is [1] (one slope shared by everything) or [C], one slope per channel of axis 1 of
 * x [batch, C, …]. The weight's gradient is Σ x·dy over the elements where x ≤ 0.
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const { channels, inner } = preluLayout(x, weight);
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  const slopes = weight.data;
  for (let start = 0, c = 0; start < source.length; start += inner, c = c + 1 === channels ? 0 : c + 1) {
    const slope = slopes[c]!;
    for (let i = start; i < start + inner; i++) target[i] = source[i]! > 0 ? source[i]! : slope * source[i]!;
  }
  return record('prelu', [x, weight], out, undefined);
}

/**
 * How x is walked: runs of `inner` elements share one slope, and the slope index cycles through
 * `channels` (1 for a shared slope, whose single run is the whole tensor).
 */
export function preluLayout(x: Tensor, weight: Tensor): { readonly channels: number; readonly inner: number } {
  if (weight.shape.length !== 1 || weight.size < 1) throw new Error(`prelu: weight must be [1] or [channels], got ${formatShape(weight.shape)}`);
  if (weight.size === 1) return { channels: 1, inner: Math.max(x.size, 1) };
  if (x.shape.length < 2 || x.shape[1] !== weight.size) throw new Error(`prelu: weight ${formatShape(weight.shape)} needs x [batch, ${weight.size}, …], got ${formatShape(x.shape)}`);
  return { channels: weight.size, inner: size(x.shape.slice(2)) };
}
