import { formatShape } from '../../common/format';
import { record } from '../graph';
import { normalizeAxis, size } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Joins tensors along `axis` (negative counts from the end), as torch.cat: every other axis must
 * agree. Axis 1 of an [N, C, H, W] batch is the channel concat of Inception, DenseNet and U-Net
 * merges. The gradient of each input is its slice of dy.
 */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new Error('concat: needs at least one tensor');
  const rank = first.shape.length;
  const resolved = normalizeAxis('concat', axis, rank);
  let total = 0;
  tensors.forEach((t, k) => {
    const agrees = t.shape.length === rank && t.shape.every((dimension, i) => i === resolved || dimension === first.shape[i]);
    if (!agrees) throw new Error(`concat: tensor ${k} is ${formatShape(t.shape)} but tensor 0 is ${formatShape(first.shape)}: all axes but ${resolved} must agree`);
    total += t.shape[resolved]!;
  });
  const shape = first.shape.map((dimension, i) => (i === resolved ? total : dimension));
  const out = result(shape);
  const outer = size(first.shape.slice(0, resolved));
  const inner = size(first.shape.slice(resolved + 1));
  const row = total * inner;
  let offset = 0;
  for (const t of tensors) {
    const chunk = t.shape[resolved]! * inner;
    for (let o = 0; o < outer; o++) out.data.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * row + offset);
    offset += chunk;
  }
  return record('concat', [...tensors], out, { axis: resolved });
}
