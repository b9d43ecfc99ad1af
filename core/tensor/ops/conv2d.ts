import { formatShape } from '../../common/format';
import { needsGrad, record } from '../graph';
import { convGeometry, type ConvGeometry, type ConvOptions } from '../kernels/conv-geometry';
import { conv2dForward, conv2dForwardKeeping } from '../kernels/conv2d';
import { depthwiseConv2dForward, isDepthwise } from '../kernels/depthwise-conv2d';
import type { Tensor } from '../tensor';
import { relu } from './activations';
import { result } from './result';

const noColumns = new Float32Array(0);

/**
 * 2-D convolution of x [batch, C, H, W] with weight [filters, C / groups, kh, kw] and an optional
 * bias [filters]; rectangular kernels, stride, zero padding and dilation, each [height, width], and
 * `groups` (default 1; depthwise: groups = C), all as torch.nn.functional.conv2d.
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvOptions = {}): Tensor {
  const geometry = checkedGeometry(x, weight, bias, options);
  const { batch, filters, outHeight, outWidth } = geometry;
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const out = result([batch, filters, outHeight, outWidth]);
  if (isDepthwise(geometry)) {
    // Computed directly: no columns to build or keep (the rule reads x instead).
    depthwiseConv2dForward(x.data, weight.data, bias?.data, geometry, out.data);
    return record('conv2d', inputs, out, { geometry, columns: noColumns });
  }
  // The columns of every sample are kept when a gradient will need them; without one (evaluation,
  // probes) they are not copied out at all: they were a third of an evaluation pass's time.
  if (!needsGrad(inputs)) {
    conv2dForward(x.data, weight.data, bias?.data, geometry, undefined, out.data);
    return out;
  }
  const columns = conv2dForwardKeeping(x.data, weight.data, bias?.data, geometry, out.data, false);
  return record('conv2d', inputs, out, { geometry, columns });
}

/**
 * relu(conv2d(x, weight, bias, options)) as one op (conv2d(activation: relu)), the same bits forward
 * and backward: the fast backend applies the relu in WebAssembly before copying the output out, and
 * the gradient rule masks dy there before the convolution's backward pass, so the pre-activation
 * is never copied out and back in, nor stored. Without a gradient to record, or for a depthwise
 * convolution, it is the two ops.
 */
export function conv2dRelu(x: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvOptions = {}): Tensor {
  const inputs = bias ? [x, weight, bias] : [x, weight];
  const geometry = checkedGeometry(x, weight, bias, options);
  if (isDepthwise(geometry) || !needsGrad(inputs)) return relu(conv2d(x, weight, bias, options));
  const { batch, filters, outHeight, outWidth } = geometry;
  const out = result([batch, filters, outHeight, outWidth]);
  const columns = conv2dForwardKeeping(x.data, weight.data, bias?.data, geometry, out.data, true);
  return record('conv2dRelu', inputs, out, { geometry, columns, output: out.data });
}

/** The convolution's geometry, once the bias is checked to be [filters]. */
function checkedGeometry(x: Tensor, weight: Tensor, bias: Tensor | undefined, options: ConvOptions): ConvGeometry {
  const geometry = convGeometry(x.shape, weight.shape, options);
  const filters = geometry.filters;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== filters)) throw new Error(`conv2d: bias must be [filters] = [${filters}], got ${formatShape(bias.shape)}`);
  return geometry;
}
