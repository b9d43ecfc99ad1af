import { formatShape } from '../../common/format';
import { record } from '../graph';
import { size, type Shape } from '../shape';
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

/** Keeps the first (batch) axis and flattens the rest: [batch, ...] → [batch, product]. */
export function flatten(x: Tensor): Tensor {
  if (x.shape.length < 1) throw new Error(`flatten: x needs a batch axis, got ${formatShape(x.shape)}`);
  const batch = x.shape[0]!;
  return reshape(x, [batch, batch === 0 ? size(x.shape.slice(1)) : x.size / batch]);
}
