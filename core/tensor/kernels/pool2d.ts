import { wasmMaxPoolForward } from '../wasm/conv2d';
import { wasmMaxPoolBackward, wasmMaxPoolBackwardInto } from '../wasm/elementwise';
import { fastArena } from './backend';
import type { PoolGeometry } from './pool-geometry';

/**
 * Max and average pooling over each [height, width] plane, windows clipped to the input (padding
 * never wins a max; the average divides by the full window, PyTorch's count_include_pad = True,
 * which equals kh·kw whenever padding is at most half the window and ceil_mode is off).
 */

/** out = max over each window; argmax = the flat input index of the first maximum (PyTorch's choice on ties; NaN wins). */
export function maxPoolForward(x: Float32Array, geometry: PoolGeometry, out: Float32Array, argmax: Int32Array): void {
  // The fast backend runs the same loop in WebAssembly (wasm/conv2d.ts) from `thresholds.maxPool` outputs on.
  const arena = fastArena('maxPool', out.length);
  if (arena && wasmMaxPoolForward(arena, x, geometry, out, argmax)) return;
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth } = geometry;
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - paddingHeight;
      const h0 = Math.max(top, 0);
      const h1 = Math.min(top + kernelHeight, height);
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const left = ow * strideWidth - paddingWidth;
        const w0 = Math.max(left, 0);
        const w1 = Math.min(left + kernelWidth, width);
        let best = -Infinity;
        let at = base + h0 * width + w0;
        for (let ih = h0; ih < h1; ih++) {
          const row = base + ih * width;
          for (let iw = w0; iw < w1; iw++) {
            const value = x[row + iw]!;
            if (value > best || value !== value) {
              best = value;
              at = row + iw;
            }
          }
        }
        out[o] = best;
        argmax[o] = at;
      }
    }
  }
}

/** dx[argmax[o]] += dy[o]: each output's gradient goes to the input that won its window. */
export function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  const arena = fastArena('maxPool', dy.length);
  if (arena && wasmMaxPoolBackward(arena, dy, argmax, dx)) return;
  maxPoolScatter(dy, argmax, dx);
}

/** dx = 0 + the scatter of maxPoolBackward into an unzeroed buffer: its bits on a zeroed dx, without copying dx into wasm. */
export function maxPoolBackwardInto(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  const arena = fastArena('maxPool', dy.length);
  if (arena && wasmMaxPoolBackwardInto(arena, dy, argmax, dx)) return;
  dx.fill(0);
  maxPoolScatter(dy, argmax, dx);
}

/** The reference loop of both: dx[argmax[o]] += dy[o]. */
function maxPoolScatter(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
  for (let o = 0; o < dy.length; o++) {
    const at = argmax[o]!;
    dx[at] = dx[at]! + dy[o]!;
  }
}

/** out = the sum over each window (padding counts as 0) divided by kh·kw. */
export function avgPoolForward(x: Float32Array, geometry: PoolGeometry, out: Float32Array): void {
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth } = geometry;
  const divisor = kernelHeight * kernelWidth;
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - paddingHeight;
      const h0 = Math.max(top, 0);
      const h1 = Math.min(top + kernelHeight, height);
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const left = ow * strideWidth - paddingWidth;
        const w0 = Math.max(left, 0);
        const w1 = Math.min(left + kernelWidth, width);
        let sum = 0;
        for (let ih = h0; ih < h1; ih++) {
          const row = base + ih * width;
          for (let iw = w0; iw < w1; iw++) sum += x[row + iw]!;
        }
        out[o] = sum / divisor;
      }
    }
  }
}

/** dx += dy / (kh·kw) spread over each window's inputs. */
export function avgPoolBackward(dy: Float32Array, geometry: PoolGeometry, dx: Float32Array): void {
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth } = geometry;
  const divisor = kernelHeight * kernelWidth;
  let o = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - paddingHeight;
      const h0 = Math.max(top, 0);
      const h1 = Math.min(top + kernelHeight, height);
      for (let ow = 0; ow < outWidth; ow++, o++) {
        const left = ow * strideWidth - paddingWidth;
        const w0 = Math.max(left, 0);
        const w1 = Math.min(left + kernelWidth, width);
        const share = dy[o]! / divisor;
        for (let ih = h0; ih < h1; ih++) {
          const row = base + ih * width;
          for (let iw = w0; iw < w1; iw++) dx[row + iw] = dx[row + iw]! + share;
        }
      }
    }
  }
}
