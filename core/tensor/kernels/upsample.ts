import { formatShape } from '../../common/format';
import type { Shape } from '../shape';
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

/** One output index's two source indices and the weight of the second (the first has 1 − it). */
interface Tap {
  low: number;
  high: number;
  weight: number;
}

/** Fills `tap` for output index `i` along an axis of `size` inputs scaled by `scale` (align_corners=False). */
function bilinearTap(i: number, scale: number, size: number, tap: Tap): void {
  const source = Math.max((i + 0.5) / scale - 0.5, 0);
  const low = Math.floor(source);
  tap.low = low;
  tap.high = low < size - 1 ? low + 1 : low;
  tap.weight = source - low;
}

export function upsampleForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  if (g.mode === 'nearest') nearestForward(x, g, out);
  else bilinearForward(x, g, out);
}

export function upsampleBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  if (g.mode === 'nearest') nearestBackward(dy, g, dx);
  else bilinearBackward(dy, g, dx);
}

function nearestForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    for (let i = 0; i < height * scaleHeight; i++) {
      const row = (plane * height + Math.floor(i / scaleHeight)) * width;
      for (let j = 0; j < outWidth; j++, o++) out[o] = x[row + Math.floor(j / scaleWidth)]!;
    }
  }
}

function nearestBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    for (let i = 0; i < height * scaleHeight; i++) {
      const row = (plane * height + Math.floor(i / scaleHeight)) * width;
      for (let j = 0; j < outWidth; j++, o++) {
        const at = row + Math.floor(j / scaleWidth);
        dx[at] = dx[at]! + dy[o]!;
      }
    }
  }
}

function bilinearForward(x: Float32Array, g: UpsampleGeometry, out: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  const rowTap: Tap = { low: 0, high: 0, weight: 0 };
  const columnTap: Tap = { low: 0, high: 0, weight: 0 };
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < height * scaleHeight; i++) {
      bilinearTap(i, scaleHeight, height, rowTap);
      const top = base + rowTap.low * width;
      const bottom = base + rowTap.high * width;
      const down = rowTap.weight;
      for (let j = 0; j < outWidth; j++, o++) {
        bilinearTap(j, scaleWidth, width, columnTap);
        const right = columnTap.weight;
        const upper = (1 - right) * x[top + columnTap.low]! + right * x[top + columnTap.high]!;
        const lower = (1 - right) * x[bottom + columnTap.low]! + right * x[bottom + columnTap.high]!;
        out[o] = (1 - down) * upper + down * lower;
      }
    }
  }
}

function bilinearBackward(dy: Float32Array, g: UpsampleGeometry, dx: Float32Array): void {
  const { planes, height, width, scaleHeight, scaleWidth } = g;
  const outWidth = width * scaleWidth;
  const rowTap: Tap = { low: 0, high: 0, weight: 0 };
  const columnTap: Tap = { low: 0, high: 0, weight: 0 };
  let o = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < height * scaleHeight; i++) {
      bilinearTap(i, scaleHeight, height, rowTap);
      const top = base + rowTap.low * width;
      const bottom = base + rowTap.high * width;
      const down = rowTap.weight;
      for (let j = 0; j < outWidth; j++, o++) {
        bilinearTap(j, scaleWidth, width, columnTap);
        const right = columnTap.weight;
        const upper = (1 - down) * dy[o]!;
        const lower = down * dy[o]!;
        dx[top + columnTap.low] = dx[top + columnTap.low]! + (1 - right) * upper;
        dx[top + columnTap.high] = dx[top + columnTap.high]! + right * upper;
        dx[bottom + columnTap.low] = dx[bottom + columnTap.low]! + (1 - right) * lower;
        dx[bottom + columnTap.high] = dx[bottom + columnTap.high]! + right * lower;
      }
    }
  }
}
