import { formatShape } from '../../common/format';
import { record } from '../graph';
import { mergeHeadsForward, splitHeadsForward, type HeadsLayout } from '../kernels/heads';
import { size } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Attention's heads from a projection x [..., T, C]: columns start…start + width of the last axis,
 * split into `heads` of width/heads and moved before T, times `scale`: [..., heads, T, width/heads].
 * The same values as mulScalar(permute(reshape(narrow(x, −1, start, width), […, T, heads, s]),
 * […, heads, T, s]), scale) (a scale of 1 copies), in one pass and one node instead of four, each
 * of which copied its whole gradient in the backward pass.
 */
export function splitHeads(x: Tensor, heads: number, start: number, width: number, scale = 1): Tensor {
  const rank = x.shape.length;
  const [length, columns] = x.shape.slice(-2) as [number, number];
  const fits = rank >= 2 && Number.isInteger(start) && start >= 0 && start + width <= columns && Number.isInteger(heads) && heads > 0 && width % heads === 0;
  if (!fits) throw new Error(`splitHeads: columns ${start}…${start + width} of x ${formatShape(x.shape)} do not split into ${heads} heads`);
  const layout: HeadsLayout = { outer: size(x.shape.slice(0, -2)), heads, length, headSize: width / heads, columns, start };
  const out = result([...x.shape.slice(0, -2), heads, length, width / heads]);
  splitHeadsForward(x.data, layout, scale, out.data);
  return record('splitHeads', [x], out, { layout, scale });
}

/** The heads of x [..., heads, T, s] joined side by side: [..., T, heads·s] (permute then reshape, in one pass). */
export function mergeHeads(x: Tensor): Tensor {
  if (x.shape.length < 3) throw new Error(`mergeHeads: x must be [..., heads, T, s], got ${formatShape(x.shape)}`);
  const [heads, length, headSize] = x.shape.slice(-3) as [number, number, number];
  const layout: HeadsLayout = { outer: size(x.shape.slice(0, -3)), heads, length, headSize, columns: heads * headSize, start: 0 };
  const out = result([...x.shape.slice(0, -3), length, heads * headSize]);
  mergeHeadsForward(x.data, layout, out.data);
  return record('mergeHeads', [x], out, { layout });
}
