import type { ConvGeometry } from './conv-geometry';
import { endOfValidColumns, firstValidColumn } from './im2col';

/**
 * Depthwise convolution (groups = channels = filters) computed directly, for both backends: each
 * output is a kh·kw dot product of one channel, so im2col's copy (kh·kw times the input) and a gemm
 * of one row per group would cost more than the arithmetic. Sums run in float64 locals and are
 * stored once, as the other reference kernels; dx adds each tap's contribution as col2im does.
 */

/** Whether conv2d with this geometry is a plain depthwise convolution (one filter per channel). */
export function isDepthwise(geometry: ConvGeometry): boolean {
  return geometry.groups > 1 && geometry.groups === geometry.channels && geometry.filters === geometry.channels;
}

/** One output row's float64 sums, grown on demand and reused (a kernel-local scratch, not tape memory). */
let rowSums = new Float64Array(64);

/** out[n, c] = bias[c] + Σ over the window weight[c]·x[n, c], one output row at a time. */
export function depthwiseConv2dForward(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, g: ConvGeometry, out: Float32Array): void {
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth } = g;
  if (rowSums.length < outWidth) rowSums = new Float64Array(outWidth);
  const sums = rowSums;
  for (let plane = 0; plane < batch * channels; plane++) {
    const c = plane % channels;
    const xBase = plane * height * width;
    const outBase = plane * outHeight * outWidth;
    const start = bias ? bias[c]! : 0;
    for (let oh = 0; oh < outHeight; oh++) {
      sums.fill(start, 0, outWidth);
      for (let ki = 0; ki < kernelHeight; ki++) {
        const ih = oh * strideHeight - paddingHeight + ki * dilationHeight;
        if (ih < 0 || ih >= height) continue;
        for (let kj = 0; kj < kernelWidth; kj++) {
          const w = weight[(c * kernelHeight + ki) * kernelWidth + kj]!;
          const shift = kj * dilationWidth - paddingWidth;
          const first = firstValidColumn(shift, strideWidth, outWidth);
          const end = endOfValidColumns(first, shift, strideWidth, width, outWidth);
          const row = xBase + ih * width + shift;
          for (let ow = first; ow < end; ow++) sums[ow] = sums[ow]! + w * x[row + ow * strideWidth]!;
        }
      }
      const to = outBase + oh * outWidth;
      for (let ow = 0; ow < outWidth; ow++) out[to + ow] = sums[ow]!;
    }
  }
}

/** The gradients of depthwiseConv2dForward: dbias and dweight summed per sample in float64, dx tap by tap. */
export function depthwiseConv2dBackward(
  dy: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  g: ConvGeometry,
  dx: Float32Array | undefined,
  dweight: Float32Array | undefined,
  dbias: Float32Array | undefined,
): void {
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth } = g;
  const positions = outHeight * outWidth;
  for (let plane = 0; plane < batch * channels; plane++) {
    const c = plane % channels;
    const xBase = plane * height * width;
    const dyBase = plane * positions;
    if (dbias) {
      let sum = 0;
      for (let p = dyBase; p < dyBase + positions; p++) sum += dy[p]!;
      dbias[c] = dbias[c]! + sum;
    }
    for (let ki = 0; ki < kernelHeight; ki++) {
      for (let kj = 0; kj < kernelWidth; kj++) {
        const at = (c * kernelHeight + ki) * kernelWidth + kj;
        const w = weight[at]!;
        const shift = kj * dilationWidth - paddingWidth;
        const first = firstValidColumn(shift, strideWidth, outWidth);
        const end = endOfValidColumns(first, shift, strideWidth, width, outWidth);
        let sum = 0;
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight - paddingHeight + ki * dilationHeight;
          if (ih < 0 || ih >= height) continue;
          const dyRow = dyBase + oh * outWidth;
          const xRow = xBase + ih * width + shift;
          // Two loops, so that neither tests which gradients are wanted per element.
          if (dweight) for (let ow = first; ow < end; ow++) sum += dy[dyRow + ow]! * x[xRow + ow * strideWidth]!;
          if (dx) for (let ow = first; ow < end; ow++) dx[xRow + ow * strideWidth] = dx[xRow + ow * strideWidth]! + w * dy[dyRow + ow]!;
        }
        if (dweight) dweight[at] = dweight[at]! + sum;
      }
    }
  }
}
