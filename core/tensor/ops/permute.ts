import { formatShape } from '../../common/format';
import { record } from '../graph';
import { permuteForward } from '../kernels/permute';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * x with its axes reordered, as torch.permute: out.shape[k] = x.shape[axes[k]]. `axes` lists EVERY
 * axis of x, the batch axis included (a layer that permutes only the per-sample axes passes
 * [0, 1 + p₀, 1 + p₁, …]). The result is a copy (tensors are contiguous); the gradient is the
 * inverse permutation of dy.
 */
export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const rank = x.shape.length;
  const seen = new Array<boolean>(rank).fill(false);
  const valid = axes.length === rank && axes.every((axis) => Number.isInteger(axis) && axis >= 0 && axis < rank && !seen[axis] && (seen[axis] = true));
  if (!valid) throw new Error(`permute: axes ${formatShape(axes)} must order every axis of x ${formatShape(x.shape)} exactly once (0 to ${rank - 1})`);
  const out = result(axes.map((axis) => x.shape[axis]!));
  permuteForward(x.data, x.shape, axes, out.data);
  return record('permute', [x], out, { axes: [...axes] });
}
