import { formatShape } from '../../common/format';
import { record } from '../graph';
import { causalAttentionForward, type AttentionLayout } from '../kernels/attention';
import { size } from '../shape';
import type { Tensor } from '../tensor';
import { allocateFloat32 } from '../tape';
import { Tensor as TensorClass } from '../tensor';
import { result } from './result';

/**
 * Causal self-attention's core from the packed projection x [..., T, 3d] (q, k, v side by side, as
 * attention's in_proj makes it): softmax(scale·q·kᵀ, position i seeing 0…i)·v per head, the heads
 * joined [..., T, d]. The same values as splitHeads (q scaled by `scale`, k, v) → batchMatmul(q, k,
 * transposed) → causalSoftmax → batchMatmul(·, v) → mergeHeads, in one node (kernels/attention.ts).
 * `weights` [..., heads, T, T] (the softmax's output) is what an observer of the layer sees.
 */
export function causalAttention(x: Tensor, heads: number, scale: number): { readonly output: Tensor; readonly weights: Tensor } {
  const rank = x.shape.length;
  const [length, columns] = x.shape.slice(-2) as [number, number];
  const fits = rank >= 2 && Number.isInteger(heads) && heads > 0 && columns % (3 * heads) === 0 && length > 0;
  if (!fits) throw new Error(`causalAttention: x ${formatShape(x.shape)} is not [..., T, 3d] with d divisible by ${heads} heads`);
  const width = columns / 3;
  const leading = x.shape.slice(0, -2);
  const layout: AttentionLayout = { outer: size(leading), heads, length, headSize: width / heads };
  const weights = new TensorClass(allocateFloat32(layout.outer * heads * length * length, false), [...leading, heads, length, length]);
  const out = result([...leading, length, width]);
  causalAttentionForward(x.data, layout, scale, weights.data, out.data);
  return { output: record('causalAttention', [x], out, { layout, scale, weights: weights.data }), weights };
}
