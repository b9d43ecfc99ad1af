import { formatShape } from '../../common/format';
import { record } from '../graph';
import { batchGemmAccumulate } from '../kernels/matmul';
import { size } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/** The sizes of one product of a batch: A is [m, k], B [k, n] (or [n, k] when transposed). */
export interface BatchGeometry {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
}

/**
 * One matrix product per leading index, as torch.matmul on equal batch axes: a is [..., m, k] and
 * b is [..., k, n] (or [..., n, k] with `transposeB`, which computes a·bᵀ without copying b, as
 * attention's q·kᵀ), the result [..., m, n]. The leading axes must be equal (no broadcasting).
 */
export function batchMatmul(a: Tensor, b: Tensor, transposeB = false): Tensor {
  const rank = a.shape.length;
  const mismatch = (why: string): never => {
    throw new Error(`batchMatmul: ${why}: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}${transposeB ? ' (transposed)' : ''}`);
  };
  if (rank < 2 || b.shape.length !== rank) mismatch('a and b need the same rank, 2 or more');
  const leading = a.shape.slice(0, -2);
  if (!leading.every((dimension, axis) => dimension === b.shape[axis])) mismatch('the leading (batch) axes differ');
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [inner, n] = transposeB ? [b1, b0] : [b0, b1];
  if (inner !== k) mismatch('inner dimensions differ');
  const geometry: BatchGeometry = { batch: size(leading), m, k, n };
  // Not zeroed here: the product overwrites it (zeroing 1M floats per attention product showed in the profile).
  const out = result([...leading, m, n]);
  batchGemmAccumulate(transposeB ? 'nt' : 'nn', a.data, b.data, out.data, geometry.batch, m, k, n, true);
  return record('batchMatmul', [a, b], out, { geometry, transposeB });
}
