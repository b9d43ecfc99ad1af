import { formatShape } from '../../common/format';
import type { Shape } from '../shape';

/**
 * Every size of one 2-D convolution: input [batch, channels, height, width], weight
 * [filters, channels / groups, kernelHeight, kernelWidth]. With `groups` > 1 the channels and the
 * filters are split into that many equal groups and filter group g sees only channel group g
 * (depthwise: groups = channels).
 */
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
  /** How many independent channel groups (1: an ordinary convolution). */
  readonly groups: number;
}

/** Stride, padding and dilation as [height, width]; `groups` (default 1) must divide channels and filters. */
export interface ConvOptions {
  readonly stride?: readonly [number, number];
  readonly padding?: readonly [number, number];
  readonly dilation?: readonly [number, number];
  readonly groups?: number;
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
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`conv2d: groups must be an integer ≥ 1, got ${groups}`);
  if (channels % groups !== 0 || filters % groups !== 0) throw new Error(`conv2d: groups ${groups} must divide the channels (${channels}) and the filters (${filters})`);
  if (weightChannels * groups !== channels) {
    const expected = groups === 1 ? '' : ` (channels / groups = ${channels / groups})`;
    throw new Error(`conv2d: channels differ: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)}${expected}`);
  }
  const outHeight = windowOutputSize(height, kernelHeight, strideHeight, paddingHeight, dilationHeight);
  const outWidth = windowOutputSize(width, kernelWidth, strideWidth, paddingWidth, dilationWidth);
  if (outHeight < 1 || outWidth < 1) throw new Error(`conv2d: the kernel does not fit: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)}, padding [${paddingHeight}, ${paddingWidth}], dilation [${dilationHeight}, ${dilationWidth}]`);
  return { batch, channels, height, width, filters, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth, groups };
}

/** The sizes of one group's product: filters per group, weight row length (C/groups·kh·kw) and output positions. */
export function groupSizes(geometry: ConvGeometry): { readonly groupFilters: number; readonly groupPatch: number; readonly positions: number } {
  const { channels, filters, kernelHeight, kernelWidth, outHeight, outWidth, groups } = geometry;
  return { groupFilters: filters / groups, groupPatch: (channels / groups) * kernelHeight * kernelWidth, positions: outHeight * outWidth };
}

/** Floats of every sample's im2col columns: batch × C·kh·kw × output positions. */
export function columnCount(geometry: ConvGeometry): number {
  const { batch, channels, kernelHeight, kernelWidth, outHeight, outWidth } = geometry;
  return batch * channels * kernelHeight * kernelWidth * outHeight * outWidth;
}

/** Checks one window setting of a 1-D op (an integer ≥ minimum). */
export function checkSingle(op: string, name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) throw new Error(`${op}: ${name} must be an integer ≥ ${minimum}, got ${value}`);
}
