import { formatShape } from '../../common/format';
import { record } from '../graph';
import { convTransposeGeometry, type ConvTransposeOptions } from '../kernels/conv-transpose-geometry';
import { convTranspose2dForward } from '../kernels/conv-transpose2d';
import { allocateFloat32 } from '../tape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * Transposed 2-D convolution of x [batch, Cin, H, W] with weight [Cin, Cout/groups, kh, kw] (PyTorch's
 * layout for ConvTranspose2d) and an optional bias [Cout], as torch.nn.functional.conv_transpose2d.
 * The output is [batch, Cout, Hout, Wout] with
 * Hout = (H − 1)·stride − 2·padding + dilation·(kh − 1) + outputPadding + 1 (likewise Wout).
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvTransposeOptions = {}): Tensor {
  const geometry = convTransposeGeometry(x.shape, weight.shape, options);
  const { batch, channels, height, width, kernelHeight, kernelWidth, outHeight, outWidth } = geometry;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== channels)) throw new Error(`convTranspose2d: bias must be [outChannels] = [${channels}], got ${formatShape(bias.shape)}`);
  const out = result([batch, channels, height, width]);
  // The columns of one sample are needed only during this call: the tape takes the buffer back.
  const scratch = allocateFloat32(channels * kernelHeight * kernelWidth * outHeight * outWidth, false);
  convTranspose2dForward(x.data, weight.data, bias?.data, geometry, scratch, out.data);
  return record('convTranspose2d', bias ? [x, weight, bias] : [x, weight], out, { geometry });
}
