import { formatShape } from '../../common/format';
import type { Shape } from '../shape';
import { allocateFloat32, allocateInt32 } from '../tape';
import { checkPair } from './conv-geometry';

/**
 * Upsampling of each [height, width] plane by integer factors, as torch.nn.functional.interpolate
 * with `scale_factor` (and `align_corners=False` for bilinear):
 * - nearest: out[i, j] = x[⌊i/sh⌋, ⌊j/sw⌋];
 * - bilinear: output index i reads the input at src = (i + ½)/sh − ½, clamped below at 0, between
 *   rows ⌊src⌋ and ⌊src⌋ + 1 (the last row repeats at the edge) with weights 1 − (src − ⌊src⌋) and
 *   src − ⌊src⌋; likewise along the width.
 * The backward passes scatter dy back with the same weights.
 */

export type UpsampleMode = 'nearest' | 'bilinear';

/** The integer scale (one for both axes, or [height, width]) and the interpolation. */
export interface UpsampleOptions {
  readonly scale: number | readonly [number, number];
  readonly mode?: UpsampleMode;
}

export interface UpsampleGeometry {
  readonly mode: UpsampleMode;
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly scaleHeight: number;
  readonly scaleWidth: number;
}

/** Checks the options against x [batch, C, H, W]. */
export function upsampleGeometry(inputShape: Shape, options: UpsampleOptions): UpsampleGeometry {
  const mode = options.mode ?? 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear') throw new Error(`upsample: mode must be 'nearest' or 'bilinear', got '${String(mode)}'`);
  const [scaleHeight, scaleWidth] = typeof options.scale === 'number' ? [options.scale, options.scale] : options.scale;
  checkPair('upsample', 'scale', [scaleHeight, scaleWidth], 1);
  if (inputShape.length !== 4) throw new Error(`upsample: x must have rank 4 [batch, channels, height, width], got ${formatShape(inputShape)}`);
  const [batch, channels, height, width] = inputShape as [number, number, number, number];
  return { mode, planes: batch * channels, height, width, scaleHeight, scaleWidth };
}

/**
 * The bilinear taps along one axis of `size` inputs scaled by `scale` (align_corners=False): for
 * output index i, source = max((i + ½)/scale − ½, 0), low = ⌊source⌋, high = low + 1 (low again at
 * the last input) and weight = source − low, the share of `high`. Buffers come from the tape.
 */
function bilinearTaps(size: number, scale: number): { low: Int32Array; high: Int32Array; weight: Float32Array } {
  const count = size * scale;
  const low = allocateInt32(count);
  const high = allocateInt32(count);
  const weight = allocateFloat32(count, false);
  for (let i = 0; i < count; i++) {
    const source = Math.max((i + 0.5) / scale - 0.5, 0);
    const l = Math.floor(source);
    low[i] = l;
    high[i] = l < size - 1 ? l + 1 : l;
    weight[i] = source - l;
  }
  return { low, high, weight };
}

export function upsampleForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  if (g.mode === 'nearest') nearestForward(x, g, out);
  else bilinearForward(x, g, out);
}

export function upsampleBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  if (g.mode === 'nearest') nearestBackward(dy, g, dx);
  else bilinearBackward(dy, g, dx);
}

/** Each input row becomes sh output rows: the first is built by repeating each value sw times, the others copy it. */
function nearestForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  let o = 0;
  for (let row = 0; row < planes * height; row++) {
    const source = row * width;
    const first = o;
    for (let w = 0; w < width; w++) {
      const value = x[source + w]!;
      for (let k = 0; k < scaleWidth; k++) out[o++] = value;
    }
    for (let k = 1; k < scaleHeight; k++, o += outWidth) out.copyWithin(o, first, first + outWidth);
  }
}

/** dx[h, w] += the sum of dy over its sh×sw block (summed first, added once). */
function nearestBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  for (let row = 0; row < planes * height; row++) {
    const top = row * scaleHeight * outWidth;
    for (let w = 0; w < width; w++) {
      let sum = 0;
      for (let k = 0; k < scaleHeight; k++) {
        const start = top + k * outWidth + w * scaleWidth;
        for (let j = start; j < start + scaleWidth; j++) sum += dy[j]!;
      }
      dx[row * width + w] = dx[row * width + w]! + sum;
    }
  }
}

function bilinearForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outHeight = height * scaleHeight;
  const outWidth = width * scaleWidth;
  const rows = bilinearTaps(height, scaleHeight);
  const columns = bilinearTaps(width, scaleWidth);
  const { low: left, high: right, weight: rightWeight } = columns;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      const top = base + rows.low[i]! * width;
      const bottom = base + rows.high[i]! * width;
      const down = rows.weight[i]!;
      for (let j = 0; j < outWidth; j++, o++) {
        const r = rightWeight[j]!;
        const upper = (1 - r) * x[top + left[j]!]! + r * x[top + right[j]!]!;
        const lower = (1 - r) * x[bottom + left[j]!]! + r * x[bottom + right[j]!]!;
        out[o] = (1 - down) * upper + down * lower;
      }
    }
  }
}

function bilinearBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outHeight = height * scaleHeight;
  const outWidth = width * scaleWidth;
  const rows = bilinearTaps(height, scaleHeight);
  const columns = bilinearTaps(width, scaleWidth);
  const { low: left, high: right, weight: rightWeight } = columns;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      const top = base + rows.low[i]! * width;
      const bottom = base + rows.high[i]! * width;
      const down = rows.weight[i]!;
      for (let j = 0; j < outWidth; j++, o++) {
        const r = rightWeight[j]!;
        const upper = (1 - down) * dy[o]!;
        const lower = down * dy[o]!;
        const a = left[j]!;
        const b = right[j]!;
        dx[top + a] = dx[top + a]! + (1 - r) * upper;
        dx[top + b] = dx[top + b]! + r * upper;
        dx[bottom + a] = dx[bottom + a]! + (1 - r) * lower;
        dx[bottom + b] = dx[bottom + b]! + r * lower;
      }
    }
  }
}
