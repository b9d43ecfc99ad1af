import { allocateFloat32 } from '../tape';
import { size, type Shape } from '../shape';
import { Tensor } from '../tensor';

/** A fresh output tensor of `shape` whose buffer comes from the active tape (zeroed if asked). */
export function result(shape: Shape, zeroed = false): Tensor {
  return new Tensor(allocateFloat32(size(shape), zeroed), shape);
}
