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

/** The padding per side of a 1-D convolution's `padding:` (an integer, `valid` or `same`), or why it cannot hold. */
export function resolvePadding1d(args: BoundArguments, kernel: number, dilation: number, stride: number): number | ShapeProblem {
  const value = args.get('padding');
  if (Array.isArray(value)) return problem('DL305', `conv1d padding is one integer (both ends of the sequence), valid or same; got a list — write padding: ${value[1] as number}`, 'padding');
  if (value !== 'same') return args.number('padding');
  if (stride !== 1) return problem('DL403', `padding: same needs stride 1; got stride ${stride} — use an explicit padding such as ${Math.floor((kernel - 1) / 2)}, or stride 1`, 'padding');
  const span = dilation * (kernel - 1);
  if (span % 2 !== 0) return problem('DL403', `padding: same needs an odd effective kernel; got ${effectiveKernel(kernel, dilation)} — use an odd kernel size`, 'padding');
  return span / 2;
}

/** The padding of a checked conv1d (`same` resolved to d·(k − 1)/2 per end). */
export function convPadding1d(args: BoundArguments): number {
  const padding = resolvePadding1d(args, args.number('kernel'), args.number('dilation'), args.number('stride'));
  if (typeof padding !== 'number') throw new Error(`conv1d: ${padding.message}`);
  return padding;
}
