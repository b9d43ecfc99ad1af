import { formatShape } from '../../common/format';
import type { Shape } from '../shape';
import { checkPair, convGeometry, type ConvGeometry } from './conv-geometry';

/** Stride, padding, output padding and dilation of a transposed convolution, each [height, width]; `groups` (default 1). */
export interface ConvTransposeOptions {
  readonly stride?: readonly [number, number];
  readonly padding?: readonly [number, number];
  /** Extra rows/columns on the bottom/right of the output, each less than the stride. */
  readonly outputPadding?: readonly [number, number];
  readonly dilation?: readonly [number, number];
  /** Channel groups: input channel group g feeds only output channel group g; must divide both. */
  readonly groups?: number;
}

/** The output length of a transposed convolution: (size − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1. */
export function transposedOutputSize(size: number, kernel: number, stride: number, padding: number, outputPadding: number, dilation = 1): number {
  return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
}

/**
 * The geometry of conv_transpose2d(x [batch, Cin, H, W], weight [Cin, Cout, kh, kw]) given as the
 * geometry of the (grouped, dilated) convolution it is the adjoint of: that convolution reads the transposed
 * convolution's output ([batch, Cout, Hout, Wout]: `channels`, `height`, `width`) with the same
 * weight seen as [filters = Cin, Cout, kh, kw] and produces x's shape (`outHeight`, `outWidth` = H, W).
 * The forward pass is that convolution's input gradient (weightᵀ·x, then col2im) and the backward
 * pass its forward (im2col of dy, then weight·columns), so both reuse conv2d's kernels.
 */
export function convTransposeGeometry(inputShape: Shape, weightShape: Shape, options: ConvTransposeOptions): ConvGeometry {
  const op = 'convTranspose2d';
  const [strideHeight, strideWidth] = options.stride ?? [1, 1];
  const [paddingHeight, paddingWidth] = options.padding ?? [0, 0];
  const [outputPaddingHeight, outputPaddingWidth] = options.outputPadding ?? [0, 0];
  const [dilationHeight, dilationWidth] = options.dilation ?? [1, 1];
  const groups = options.groups ?? 1;
  checkPair(op, 'stride', [strideHeight, strideWidth], 1);
  checkPair(op, 'padding', [paddingHeight, paddingWidth], 0);
  checkPair(op, 'outputPadding', [outputPaddingHeight, outputPaddingWidth], 0);
  checkPair(op, 'dilation', [dilationHeight, dilationWidth], 1);
  // Below the stride: PyTorch also allows up to the dilation, where the adjoint convolution would
  // see positions no input maps to; that case is refused (the checker says so too).
  if (outputPaddingHeight >= strideHeight || outputPaddingWidth >= strideWidth) {
    throw new Error(`${op}: outputPadding must be smaller than the stride: outputPadding [${outputPaddingHeight}, ${outputPaddingWidth}], stride [${strideHeight}, ${strideWidth}]`);
  }
  if (inputShape.length !== 4) throw new Error(`${op}: x must have rank 4 [batch, channels, height, width], got ${formatShape(inputShape)}`);
  if (weightShape.length !== 4) throw new Error(`${op}: weight must have rank 4 [inChannels, outChannels / groups, kernelHeight, kernelWidth], got ${formatShape(weightShape)}`);
  const [batch, inChannels, height, width] = inputShape as [number, number, number, number];
  const [weightIn, groupOutChannels, kernelHeight, kernelWidth] = weightShape as [number, number, number, number];
  const outChannels = groupOutChannels * groups;
  if (weightIn !== inChannels) throw new Error(`${op}: channels differ: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)} (its first axis is x's channels)`);
  const outHeight = transposedOutputSize(height, kernelHeight, strideHeight, paddingHeight, outputPaddingHeight, dilationHeight);
  const outWidth = transposedOutputSize(width, kernelWidth, strideWidth, paddingWidth, outputPaddingWidth, dilationWidth);
  if (outHeight < 1 || outWidth < 1) throw new Error(`${op}: the output would be empty: x is ${formatShape(inputShape)}, weight is ${formatShape(weightShape)}, padding [${paddingHeight}, ${paddingWidth}]`);
  // The weight [Cin, Cout/groups, kh, kw] is the grouped convolution's [filters, channels/groups, kh, kw].
  const adjoint = convGeometry([batch, outChannels, outHeight, outWidth], weightShape, { stride: [strideHeight, strideWidth], padding: [paddingHeight, paddingWidth], dilation: [dilationHeight, dilationWidth], groups });
  if (adjoint.outHeight !== height || adjoint.outWidth !== width) throw new Error(`${op}: internal: the adjoint convolution of ${formatShape(inputShape)} does not return to it`);
  return adjoint;
}
