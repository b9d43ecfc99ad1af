import { formatShape } from '../../common/format';
import { record } from '../graph';
import { normalizeAxis, size, type Shape } from '../shape';
import { Tensor } from '../tensor';

/** A view of x with another shape and the same data (no copy); one dimension may be −1 (inferred). */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const inferred = shape.indexOf(-1);
  let resolved = shape;
  if (inferred >= 0) {
    const known = size(shape.filter((_, i) => i !== inferred));
    if (known === 0 || x.size % known !== 0 || shape.lastIndexOf(-1) !== inferred) throw new Error(`reshape: cannot infer the -1 in ${formatShape(shape)} for x ${formatShape(x.shape)}`);
    resolved = shape.map((dimension, i) => (i === inferred ? x.size / known : dimension));
  }
  if (resolved.some((dimension) => !Number.isInteger(dimension) || dimension < 0) || size(resolved) !== x.size) {
    throw new Error(`reshape: x ${formatShape(x.shape)} has ${x.size} elements, shape ${formatShape(shape)} does not`);
  }
  return record('reshape', [x], new Tensor(x.data, resolved), undefined);
}

/**
 * Keeps the axes before `startAxis` (default 1: the batch axis) and flattens the rest into one, as
 * torch.flatten(x, start_dim=startAxis): [batch, C, H, W] with startAxis 2 gives [batch, C, H·W].
 * Axis numbers count the batch axis; a negative one counts from the end. A start equal to the rank
 * appends an axis of 1 ([batch] → [batch, 1]).
 */
export function flatten(x: Tensor, startAxis = 1): Tensor {
  const rank = x.shape.length;
  if (rank < 1) throw new Error(`flatten: x needs a batch axis, got ${formatShape(x.shape)}`);
  const start = startAxis === rank ? rank : normalizeAxis('flatten', startAxis, rank);
  return reshape(x, [...x.shape.slice(0, start), size(x.shape.slice(start))]);
}
