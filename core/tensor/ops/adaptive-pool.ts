import { record } from '../graph';
import { adaptiveAvgPoolForward, adaptivePoolGeometry } from '../kernels/adaptive-pool';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Average pooling of x [batch, C, H, W] to exactly [batch, C, h, w] = `size`, as PyTorch's
 * adaptive_avg_pool2d: output (i, j) averages rows [⌊i·H/h⌋, ⌈(i+1)·H/h⌉) and the columns likewise.
 */
export function adaptiveAvgPool2d(x: Tensor, size: readonly [number, number]): Tensor {
  const geometry = adaptivePoolGeometry('adaptiveAvgPool2d', x.shape, size);
  const out = result([x.shape[0]!, x.shape[1]!, size[0], size[1]]);
  adaptiveAvgPoolForward(x.data, geometry, out.data);
  return record('adaptiveAvgPool2d', [x], out, { geometry });
}
