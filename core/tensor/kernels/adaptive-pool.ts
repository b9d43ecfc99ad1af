import { formatShape } from '../../common/format';
import type { Shape } from '../shape';
import { checkPair } from './conv-geometry';

/**
 * Adaptive average pooling of each [height, width] plane to [outHeight, outWidth], as PyTorch's
 * adaptive_avg_pool2d: output row i averages input rows [⌊i·H/h⌋, ⌈(i+1)·H/h⌉) (windows may
 * overlap and differ in size when h does not divide H), likewise for columns; each output divides
 * by its own window's size.
 */
export interface AdaptivePoolGeometry {
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

export function adaptivePoolGeometry(op: string, inputShape: Shape, size: readonly [number, number]): AdaptivePoolGeometry {
  checkPair(op, 'size', size, 1);
  if (inputShape.length !== 4) throw new Error(`${op}: x must have rank 4 [batch, channels, height, width], got ${formatShape(inputShape)}`);
  const [batch, channels, height, width] = inputShape as [number, number, number, number];
  if (height < 1 || width < 1) throw new Error(`${op}: x must have a non-empty plane, got ${formatShape(inputShape)}`);
  return { planes: batch * channels, height, width, outHeight: size[0], outWidth: size[1] };
}

/** The first input index of output i's window: ⌊i·size/out⌋. */
export function windowStart(i: number, size: number, out: number): number {
  return Math.floor((i * size) / out);
}

/** One past the last input index of output i's window: ⌈(i + 1)·size/out⌉. */
export function windowEnd(i: number, size: number, out: number): number {
  return Math.ceil(((i + 1) * size) / out);
}

export function adaptiveAvgPoolForward(x: Float32Array, g: AdaptivePoolGeometry, out: Float32Array): void {
  const { planes, height, width, outHeight, outWidth } = g;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      const h0 = windowStart(i, height, outHeight);
      const h1 = windowEnd(i, height, outHeight);
      for (let j = 0; j < outWidth; j++, o++) {
        const w0 = windowStart(j, width, outWidth);
        const w1 = windowEnd(j, width, outWidth);
        let sum = 0;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[base + h * width + w]!;
        out[o] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  }
}

export function adaptiveAvgPoolBackward(dy: Float32Array, g: AdaptivePoolGeometry, dx: Float32Array): void {
  const { planes, height, width, outHeight, outWidth } = g;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      const h0 = windowStart(i, height, outHeight);
      const h1 = windowEnd(i, height, outHeight);
      for (let j = 0; j < outWidth; j++, o++) {
        const w0 = windowStart(j, width, outWidth);
        const w1 = windowEnd(j, width, outWidth);
        const share = dy[o]! / ((h1 - h0) * (w1 - w0));
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) dx[base + h * width + w] = dx[base + h * width + w]! + share;
      }
    }
  }
}
