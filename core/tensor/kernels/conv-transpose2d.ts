import { wasmConvTranspose2dBackward, wasmConvTranspose2dForward } from '../wasm/conv-transpose2d';
import { fastArena } from './backend';
import { groupSizes, type ConvGeometry } from './conv-geometry';
import { col2imAccumulate, im2col } from './im2col';
import { matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from './matmul';

/**
 * Transposed 2-D convolution (PyTorch's conv_transpose2d) as the adjoint of a convolution, one
 * sample at a time. `geometry` is that convolution's (see convTransposeGeometry): x is its output
 * shape [batch, filters = Cin, outHeight, outWidth], the result its input shape [batch, channels =
 * Cout, height, width], and the weight [Cin, Cout·kh·kw] its weight. So the forward pass is
 * col2im(weightᵀ·x[n]) + bias and the backward pass is im2col(dy[n]) followed by two products.
 *
 * These loops are the reference; with the 'fast' backend a problem of at least `thresholds.conv2d`
 * multiply-adds runs in WebAssembly (wasm/conv-transpose2d.ts) with the same kernels as conv2d.
 */

/** Multiply-adds of one pass (the same count as the adjoint convolution's). */
export function convTransposeWork(geometry: ConvGeometry): number {
  const { batch, filters, channels, kernelHeight, kernelWidth, outHeight, outWidth, groups } = geometry;
  return (batch * filters * channels * kernelHeight * kernelWidth * outHeight * outWidth) / groups;
}

/** out[n] = col2im(weightᵀ · x[n]) + bias, using `scratch` (Cout·kh·kw × H·W floats) for the columns. */
export function convTranspose2dForward(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, scratch: Float32Array, out: Float32Array): void {
  // The WebAssembly loops know one group; grouped transposed convolutions run here.
  const arena = geometry.groups === 1 ? fastArena('conv2d', convTransposeWork(geometry)) : undefined;
  if (arena && wasmConvTranspose2dForward(arena, x, weight, bias, geometry, out)) return;
  const { batch, channels, height, width, filters, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const plane = height * width;
  for (let n = 0; n < batch; n++) {
    const outOffset = n * channels * plane;
    for (let c = 0; c < channels; c++) out.fill(bias ? bias[c]! : 0, outOffset + c * plane, outOffset + (c + 1) * plane);
    scratch.fill(0);
    // Group g: its column rows [g·groupPatch, (g+1)·groupPatch) = weight_gᵀ · x[n]_g.
    for (let g = 0; g < groups; g++) {
      matmulTransposeAAccumulate(weight, x, scratch, groupPatch, groupFilters, positions, g * groupFilters * groupPatch, n * filters * positions + g * groupFilters * positions, g * groupPatch * positions);
    }
    col2imAccumulate(scratch, 0, geometry, out, outOffset);
  }
}

/**
 * Accumulates the gradients of a transposed convolution from dy (shaped like its output):
 * columns = im2col(dy[n]) in `scratch`; dx[n] += weight·columns; dweight += x[n]·columnsᵀ;
 * dbias += Σ dy over samples and positions. Absent targets are skipped.
 */
export function convTranspose2dBackward(
  dy: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  geometry: ConvGeometry,
  scratch: Float32Array,
  dx: Float32Array | undefined,
  dweight: Float32Array | undefined,
  dbias: Float32Array | undefined,
): void {
  const arena = geometry.groups === 1 ? fastArena('conv2d', convTransposeWork(geometry)) : undefined;
  if (arena && wasmConvTranspose2dBackward(arena, dy, x, weight, geometry, dx, dweight, dbias)) return;
  const { batch, channels, height, width, filters, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const plane = height * width;
  for (let n = 0; n < batch; n++) {
    const dyOffset = n * channels * plane;
    if (dbias) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let p = dyOffset + c * plane; p < dyOffset + (c + 1) * plane; p++) sum += dy[p]!;
        dbias[c] = dbias[c]! + sum;
      }
    }
    if (!dx && !dweight) continue;
    im2col(dy, dyOffset, geometry, scratch, 0);
    for (let g = 0; g < groups; g++) {
      const xAt = n * filters * positions + g * groupFilters * positions;
      const weightAt = g * groupFilters * groupPatch;
      const columnsAt = g * groupPatch * positions;
      if (dx) matmulAccumulate(weight, scratch, dx, groupFilters, groupPatch, positions, weightAt, columnsAt, xAt);
      if (dweight) matmulTransposeBAccumulate(x, scratch, dweight, groupFilters, positions, groupPatch, xAt, columnsAt, weightAt);
    }
  }
}
