import { formatShape } from '../../common/format';
import type { Shape } from '../shape';

/** Every size of one 2-D convolution: input [batch, channels, height, width], weight [filters, channels, kernelHeight, kernelWidth]. */
export interface ConvGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly filters: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly paddingHeight: number;
  readonly paddingWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Stride, padding and dilation as [height, width]. */
export interface ConvOptions {
  readonly stride?: readonly [number, number];
  readonly padding?: readonly [number, number];
  readonly dilation?: readonly [number, number];
}

/** The output length of a sliding window: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1. */
export function windowOutputSize(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Checks a pair of window settings (positive or, for padding, non-negative integers). */
export function checkPair(op: string, name: string, pair: readonly number[], minimum: number): void {
  if (pair.length !== 2 || pair.some((value) => !Number.isInteger(value) || value < minimum)) {
    throw new Error(`${op}: ${name} must be two integers ≥ ${minimum} ([height, width]), got ${formatShape(pair)}`);
  }
}

/** The geometry of conv2d(x, weight), or an error naming the argument at fault. */
export function convGeometry(inputShape: Shape, weightShape: Shape, options: ConvOptions): ConvGeometry {
  const [strideHeight, strideWidth] = options.stride ?? [1, 1];
  const [paddingHeight, paddingWidth] = options.padding ?? [0, 0];
  const [dilationHeight, dilationWidth] = options.dilation ?? [1, 1];
  checkPair('conv2d', 'stride', [strideHeight, strideWidth], 1);
  checkPair('conv2d', 'padding', [paddingHeight, paddingWidth], 0);
  checkPair('conv2d', 'dilation', [dilationHeight, dilationWidth], 1);
  if (inputShape.length !== 4) throw new Error(`conv2d: x must have rank 4 [batch, channels, height, width], got ${formatShape(inputShape)}`);
  if (weightShape.length !== 4) throw new Error(`conv2d: weight must have rank 4 [filters, channels, kernelHeight, kernelWidth], got ${formatShape(weightShape)}`);
  const [batch, channels, height, width] = inputShape as [number, number, number, number];
  const [filters, weightChannels, kernelHeight, kernelWidth] = weightShape as [number, number, number, number];
  if (weightChannels !== channels) throw new Error(`conv2d: channels differ: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)}`);
  const outHeight = windowOutputSize(height, kernelHeight, strideHeight, paddingHeight, dilationHeight);
  const outWidth = windowOutputSize(width, kernelWidth, strideWidth, paddingWidth, dilationWidth);
  if (outHeight < 1 || outWidth < 1) throw new Error(`conv2d: the kernel does not fit: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)}, padding [${paddingHeight}, ${paddingWidth}], dilation [${dilationHeight}, ${dilationWidth}]`);
  return { batch, channels, height, width, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth };
}
