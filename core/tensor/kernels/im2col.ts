import type { ConvGeometry } from './conv-geometry';

/**
 * im2col and col2im for one sample. The column matrix has one row per weight position
 * (channel, kernel row, kernel column) and one column per output position (row-major), so a
 * convolution becomes weight[filters × C·kh·kw] · columns[C·kh·kw × outHeight·outWidth], which
 * is the output sample [filters, outHeight, outWidth] already in NCHW order.
 */

/** Copies the input sample at `xOffset` into `columns` at `columnsOffset`, writing 0 for padding. */
export function im2col(x: Float32Array, xOffset: number, geometry: ConvGeometry, columns: Float32Array, columnsOffset: number): void {
  const { channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth } = geometry;
  const positions = outHeight * outWidth;
  let row = columnsOffset;
  for (let c = 0; c < channels; c++) {
    for (let ki = 0; ki < kernelHeight; ki++) {
      for (let kj = 0; kj < kernelWidth; kj++, row += positions) {
        const shift = kj * dilationWidth - paddingWidth;
        const first = firstValidColumn(shift, strideWidth, outWidth);
        const end = endOfValidColumns(first, shift, strideWidth, width, outWidth);
        for (let oh = 0; oh < outHeight; oh++) {
          const destination = row + oh * outWidth;
          const ih = oh * strideHeight - paddingHeight + ki * dilationHeight;
          if (ih < 0 || ih >= height) {
            columns.fill(0, destination, destination + outWidth);
            continue;
          }
          const source = xOffset + (c * height + ih) * width + shift;
          for (let ow = 0; ow < first; ow++) columns[destination + ow] = 0;
          for (let ow = first; ow < end; ow++) columns[destination + ow] = x[source + ow * strideWidth]!;
          for (let ow = end; ow < outWidth; ow++) columns[destination + ow] = 0;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each column entry into dx (the sample at `dxOffset`) where it came from. */
export function col2imAccumulate(columns: Float32Array, columnsOffset: number, geometry: ConvGeometry, dx: Float32Array, dxOffset: number): void {
  const { channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, outHeight, outWidth } = geometry;
  const positions = outHeight * outWidth;
  let row = columnsOffset;
  for (let c = 0; c < channels; c++) {
    for (let ki = 0; ki < kernelHeight; ki++) {
      for (let kj = 0; kj < kernelWidth; kj++, row += positions) {
        const shift = kj * dilationWidth - paddingWidth;
        const first = firstValidColumn(shift, strideWidth, outWidth);
        const end = endOfValidColumns(first, shift, strideWidth, width, outWidth);
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight - paddingHeight + ki * dilationHeight;
          if (ih < 0 || ih >= height) continue;
          const source = row + oh * outWidth;
          const destination = dxOffset + (c * height + ih) * width + shift;
          for (let ow = first, at = destination + first * strideWidth; ow < end; ow++, at += strideWidth) dx[at] = dx[at]! + columns[source + ow]!;
        }
      }
    }
  }
}

/** The first output column whose input column ow·stride + shift is not left of the input (so inner loops need no bounds test). */
export function firstValidColumn(shift: number, stride: number, outWidth: number): number {
  return Math.min(outWidth, Math.max(0, Math.ceil(-shift / stride)));
}

/** One past the last output column whose input column ow·stride + shift is inside the input. */
export function endOfValidColumns(first: number, shift: number, stride: number, width: number, outWidth: number): number {
  return Math.max(first, Math.min(outWidth, Math.floor((width - 1 - shift) / stride) + 1));
}
