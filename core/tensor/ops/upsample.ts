import { record } from '../graph';
import { upsampleForward, upsampleGeometry, type UpsampleOptions } from '../kernels/upsample';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Upsamples x [batch, C, H, W] by integer factors to [batch, C, H·sh, W·sw], as
 * torch.nn.functional.interpolate(x, scale_factor=s, mode) with align_corners=False for bilinear
 * (mode 'nearest' by default). See kernels/upsample.ts for the exact source positions.
 */
export function upsample(x: Tensor, options: UpsampleOptions): Tensor {
  const geometry = upsampleGeometry(x.shape, options);
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const out = result([batch, channels, height * geometry.scaleHeight, width * geometry.scaleWidth]);
  upsampleForward(x.data, geometry, out.data);
  return record('upsample', [x], out, { geometry });
}
