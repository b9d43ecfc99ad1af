import { formatShape } from '../../common/format';
import type { Shape } from '../shape';
import { checkPair } from './conv-geometry';

/** Every size of one 2-D pooling over input [batch, channels, height, width]. */
export interface PoolGeometry {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly paddingHeight: number;
  readonly paddingWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Window size, stride (default: the window size) and padding (default 0), each [height, width]. */
export interface PoolOptions {
  readonly kernel: readonly [number, number];
  readonly stride?: readonly [number, number];
  readonly padding?: readonly [number, number];
  /** Round the output size up (PyTorch's ceil_mode): a last window may overhang the bottom/right edge. */
  readonly ceilMode?: boolean;
}

/**
 * PyTorch's pooled length along one axis. Floor mode: ⌊(size + 2p − k) / s⌋ + 1. Ceil mode rounds
 * up instead, but drops a last window that would start beyond the input and its left padding.
 */
export function pooledSize(size: number, kernel: number, stride: number, padding: number, ceilMode: boolean): number {
  const span = size + 2 * padding - kernel;
  if (!ceilMode) return Math.floor(span / stride) + 1;
  const out = Math.ceil(span / stride) + 1;
  return (out - 1) * stride >= size + padding ? out - 1 : out;
}

/** The geometry of a pooling, checked as PyTorch checks it (padding at most half the window). */
export function poolGeometry(op: string, inputShape: Shape, options: PoolOptions): PoolGeometry {
  const [kernelHeight, kernelWidth] = options.kernel;
  const [strideHeight, strideWidth] = options.stride ?? options.kernel;
  const [paddingHeight, paddingWidth] = options.padding ?? [0, 0];
  checkPair(op, 'kernel', [kernelHeight, kernelWidth], 1);
  checkPair(op, 'stride', [strideHeight, strideWidth], 1);
  checkPair(op, 'padding', [paddingHeight, paddingWidth], 0);
  if (2 * paddingHeight > kernelHeight || 2 * paddingWidth > kernelWidth) {
    throw new Error(`${op}: padding must be at most half the window: padding [${paddingHeight}, ${paddingWidth}], kernel [${kernelHeight}, ${kernelWidth}]`);
  }
  if (inputShape.length !== 4) throw new Error(`${op}: x must have rank 4 [batch, channels, height, width], got ${formatShape(inputShape)}`);
  const [batch, channels, height, width] = inputShape as [number, number, number, number];
  const ceilMode = options.ceilMode ?? false;
  const outHeight = pooledSize(height, kernelHeight, strideHeight, paddingHeight, ceilMode);
  const outWidth = pooledSize(width, kernelWidth, strideWidth, paddingWidth, ceilMode);
  if (outHeight < 1 || outWidth < 1) throw new Error(`${op}: the window does not fit: x is ${formatShape(inputShape)}, kernel [${kernelHeight}, ${kernelWidth}], padding [${paddingHeight}, ${paddingWidth}]`);
  return { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth };
}
