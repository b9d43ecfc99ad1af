/** `padding: same` for convolutions: resolved here, and only here, for checking, training and export. */
import { effectiveKernel } from '../../shape-math';
import type { BoundArguments } from '../types';
import { problem } from './shared';
import type { ShapeProblem } from '../types';

/** The padding per side of a convolution's `padding:` argument, or why `same` cannot hold. */
export function resolvePadding(args: BoundArguments, kernel: readonly [number, number], dilation: readonly [number, number], stride: readonly [number, number]): readonly [number, number] | ShapeProblem {
  if (args.get('padding') !== 'same') return args.pair('padding');
  if (stride[0] !== 1 || stride[1] !== 1) {
    return problem('DL403', `padding: same needs stride 1; got stride ${stride[0] === stride[1] ? stride[0] : `[${stride[0]}, ${stride[1]}]`} — use an explicit padding such as ${Math.floor((kernel[0] - 1) / 2)}, or stride 1`, 'padding');
  }
  const spans = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)] as const;
  if (spans[0] % 2 !== 0 || spans[1] % 2 !== 0) {
    return problem('DL403', `padding: same needs an odd effective kernel; got ${effectiveKernel(kernel[0], dilation[0])}×${effectiveKernel(kernel[1], dilation[1])} — use an odd kernel size`, 'padding');
  }
  return [spans[0] / 2, spans[1] / 2];
}

/** The padding of a checked conv2d (`same` resolved to d·(k − 1)/2 per side; the checker made it whole). */
export function convPadding(args: BoundArguments): readonly [number, number] {
  const padding = resolvePadding(args, args.pair('kernel'), args.pair('dilation'), args.pair('stride'));
  if ('code' in padding) throw new Error(`conv2d: ${padding.message}`);
  return padding;
}
