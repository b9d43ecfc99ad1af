import { formatShape } from '../../common/format';
import { checkSingle } from '../kernels/conv-geometry';
import type { Tensor } from '../tensor';
import { conv2d } from './conv2d';
import { reshape } from './reshape';

/** Stride, padding (zeros, both ends) and dilation of a 1-D convolution, and its groups (default 1). */
export interface Conv1dOptions {
  readonly stride?: number;
  readonly padding?: number;
  readonly dilation?: number;
  readonly groups?: number;
}

/**
 * 1-D convolution of x [batch, C, L] with weight [filters, C / groups, k] and an optional bias
 * [filters], as torch.nn.functional.conv1d. It is conv2d on the views x [batch, C, 1, L] and weight
 * [filters, C / groups, 1, k] (reshapes share the data), so it runs conv2d's kernels, fast path
 * included, and its gradients flow through the two reshapes.
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | undefined, options: Conv1dOptions = {}): Tensor {
  if (x.shape.length !== 3) throw new Error(`conv1d: x must have rank 3 [batch, channels, length], got ${formatShape(x.shape)}`);
  if (weight.shape.length !== 3) throw new Error(`conv1d: weight must have rank 3 [filters, channels / groups, kernel], got ${formatShape(weight.shape)}`);
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = options;
  checkSingle('conv1d', 'stride', stride, 1);
  checkSingle('conv1d', 'padding', padding, 0);
  checkSingle('conv1d', 'dilation', dilation, 1);
  const [batch, channels, length] = x.shape as [number, number, number];
  const [filters, weightChannels, kernel] = weight.shape as [number, number, number];
  const out = conv2d(reshape(x, [batch, channels, 1, length]), reshape(weight, [filters, weightChannels, 1, kernel]), bias, {
    stride: [1, stride],
    padding: [0, padding],
    dilation: [1, dilation],
    groups,
  });
  return reshape(out, [batch, filters, out.shape[3]!]);
}
