import { formatShape } from '../../common/format';
import { needsGrad, record } from '../graph';
import { poolGeometry, type PoolOptions } from '../kernels/pool-geometry';
import { avgPoolForward, maxPoolForward } from '../kernels/pool2d';
import { planeMeans } from '../kernels/plane-mean';
import { allocateInt32 } from '../tape';
import type { Tensor } from '../tensor';
import { reshape } from './reshape';
import { result } from './result';

/** Max pooling over x [batch, C, H, W]; padding never wins, ties go to the first maximum. */
export function maxPool2d(x: Tensor, options: PoolOptions): Tensor {
  const geometry = poolGeometry('maxPool2d', x.shape, options);
  const out = result([geometry.batch, geometry.channels, geometry.outHeight, geometry.outWidth]);
  const argmax = allocateInt32(out.size);
  maxPoolForward(x.data, geometry, out.data, argmax);
  if (!needsGrad([x])) return out;
  return record('maxPool2d', [x], out, { geometry, argmax });
}

/** Average pooling over x [batch, C, H, W]; padding counts as zeros in the window (count_include_pad). */
export function avgPool2d(x: Tensor, options: PoolOptions): Tensor {
  // ceil_mode changes the average's divisor at the overhanging windows; no layer needs it.
  if (options.ceilMode) throw new Error('avgPool2d: ceil_mode is not supported (only max pooling takes it)');
  const geometry = poolGeometry('avgPool2d', x.shape, options);
  const out = result([geometry.batch, geometry.channels, geometry.outHeight, geometry.outWidth]);
  avgPoolForward(x.data, geometry, out.data);
  return record('avgPool2d', [x], out, { geometry });
}

/**
 * The mean over each channel plane: x [batch, C, H, W] → [batch, C]. One node with its own loops
 * (kernels/plane-mean.ts), the bits of mean(reshape(x, [batch, C, H·W]), axis 2), which it was:
 * that pair's generic reduction and its gradient through the reshape cost two passes more.
 */
export function globalAvgPool2d(x: Tensor): Tensor {
  if (x.shape.length !== 4) throw new Error(`globalAvgPool2d: x must have rank 4 [batch, channels, height, width], got ${formatShape(x.shape)}`);
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const out = result([batch, channels]);
  const length = height * width;
  const scale = 1 / length;
  planeMeans(x.data, batch * channels, length, scale, out.data);
  return record('globalAvgPool2d', [x], out, { planes: batch * channels, length, scale });
}

/**
 * The maximum of each channel plane: x [batch, C, H, W] → [batch, C], as
 * adaptive_max_pool2d(x, 1).flatten(1): a max pooling whose window is the whole plane (so the
 * gradient goes to the first maximum, NaN wins), then a reshape.
 */
export function globalMaxPool2d(x: Tensor): Tensor {
  if (x.shape.length !== 4) throw new Error(`globalMaxPool2d: x must have rank 4 [batch, channels, height, width], got ${formatShape(x.shape)}`);
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  if (height < 1 || width < 1) throw new Error(`globalMaxPool2d: x must have a non-empty plane, got ${formatShape(x.shape)}`);
  return reshape(maxPool2d(x, { kernel: [height, width] }), [batch, channels]);
}
