import { formatShape } from '../../common/format';
import { record } from '../graph';
import { size, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Embedding lookup: rows of table [vocabulary, dim] picked by integer `indices` (shaped
 * `indexShape`), giving [...indexShape, dim]. `indices` must not change until backward has run.
 */
export function gatherRows(table: Tensor, indices: Int32Array, indexShape: Shape): Tensor {
  if (table.shape.length !== 2) throw new Error(`gatherRows: table must have rank 2 [vocabulary, dim], got ${formatShape(table.shape)}`);
  if (indices.length !== size(indexShape)) throw new Error(`gatherRows: indices has ${indices.length} values but indexShape ${formatShape(indexShape)} needs ${size(indexShape)}`);
  const [vocabulary, dim] = table.shape as [number, number];
  const out = result([...indexShape, dim]);
  const source = table.data;
  const target = out.data;
  for (let r = 0; r < indices.length; r++) {
    const index = indices[r]!;
    if (index < 0 || index >= vocabulary) throw new Error(`gatherRows: index ${index} at position ${r} is outside [0, ${vocabulary})`);
    target.set(source.subarray(index * dim, (index + 1) * dim), r * dim);
  }
  return record('gatherRows', [table], out, { indices });
}

/**
 * One element per row of the last axis: x [..., K] and indices (one class per row) give
 * out[r] = x[r, indices[r]] shaped [...] (cross-entropy's pick of the target class).
 */
export function selectLast(x: Tensor, indices: Int32Array): Tensor {
  const classes = x.shape[x.shape.length - 1];
  if (classes === undefined || classes === 0) throw new Error(`selectLast: x needs a non-empty last axis, got ${formatShape(x.shape)}`);
  const rows = x.size / classes;
  if (indices.length !== rows) throw new Error(`selectLast: indices has ${indices.length} values but x ${formatShape(x.shape)} has ${rows} rows`);
  const out = result(x.shape.slice(0, -1));
  const source = x.data;
  const target = out.data;
  for (let r = 0; r < rows; r++) {
    const index = indices[r]!;
    if (index < 0 || index >= classes) throw new Error(`selectLast: index ${index} at row ${r} is outside [0, ${classes})`);
    target[r] = source[r * classes + index]!;
  }
  return record('selectLast', [x], out, { indices });
}
