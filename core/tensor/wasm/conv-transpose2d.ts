import type { ConvGeometry } from '../kernels/conv-geometry';
import { align, type Arena, type ConvGeometryArguments } from './runtime';

/**
 * Transposed convolution in WebAssembly with conv2d's kernels (gemm, im2col, col2im, transpose,
 * fillRows, addRowSums): the loops of kernels/conv-transpose2d.ts, run sample by sample in the
 * arena. `geometry` is the adjoint convolution's (see convTransposeGeometry).
 */

function geometryArguments(g: ConvGeometry): ConvGeometryArguments {
  return [g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.paddingHeight, g.paddingWidth, g.dilationHeight, g.dilationWidth, g.outHeight, g.outWidth];
}

/** out[n] = col2im(weightᵀ · x[n]) + bias for every sample. */
export function wasmConvTranspose2dForward(arena: Arena, x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, out: Float32Array): boolean {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, outHeight, outWidth } = geometry;
  const patch = channels * kernelHeight * kernelWidth;
  const positions = outHeight * outWidth;
  const plane = height * width;
  if (!arena.begin(align(4 * batch * filters * positions) + align(4 * filters * patch) + align(4 * channels) + align(4 * patch * positions) + align(4 * batch * channels * plane) + align(48 * Math.max(patch, filters)))) return false;
  const xAt = arena.take(batch * filters * positions);
  const wAt = arena.take(filters * patch);
  const biasAt = arena.take(channels);
  const scratch = arena.take(patch * positions);
  const outAt = arena.take(batch * channels * plane);
  const work = arena.take(12 * Math.max(patch, filters));
  arena.put(xAt, x, 0, batch * filters * positions);
  arena.put(wAt, weight, 0, filters * patch);
  const f32 = arena.f32;
  if (bias) arena.put(biasAt, bias, 0, channels);
  else f32.fill(0, biasAt >> 2, (biasAt >> 2) + channels);
  const kernels = arena.kernels;
  const g = geometryArguments(geometry);
  for (let n = 0; n < batch; n++) {
    const outN = outAt + 4 * n * channels * plane;
    kernels.fillRows(outN, biasAt, channels, plane);
    f32.fill(0, scratch >> 2, (scratch >> 2) + patch * positions);
    // scratch[patch × positions] = weightᵀ · x[n], weight being [filters × patch].
    kernels.gemm(patch, positions, filters, wAt, 4, 4 * patch, xAt + 4 * n * filters * positions, 4 * positions, scratch, positions, work);
    kernels.col2im(scratch, outN, ...g);
  }
  arena.get(outAt, out, 0, batch * channels * plane);
  return true;
}

/** The gradients, as the reference convTranspose2dBackward. */
export function wasmConvTranspose2dBackward(
  arena: Arena,
  dy: Float32Array,
  x: Float32Array,
  weight: Float32Array,
  geometry: ConvGeometry,
  dx: Float32Array | undefined,
  dweight: Float32Array | undefined,
  dbias: Float32Array | undefined,
): boolean {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, outHeight, outWidth } = geometry;
  const patch = channels * kernelHeight * kernelWidth;
  const positions = outHeight * outWidth;
  const plane = height * width;
  const inputs = batch * filters * positions;
  if (!arena.begin(
    align(4 * batch * channels * plane) + 2 * align(4 * inputs) + 2 * align(4 * filters * patch) + align(4 * channels) + 2 * align(4 * patch * positions) + align(48 * Math.max(patch, positions)),
  )) return false;
  const dyAt = arena.take(batch * channels * plane);
  const xAt = arena.take(inputs);
  const dxAt = arena.take(inputs);
  const wAt = arena.take(filters * patch);
  const dwAt = arena.take(filters * patch);
  const dbAt = arena.take(channels);
  const columns = arena.take(patch * positions);
  const transposed = arena.take(patch * positions);
  const work = arena.take(12 * Math.max(patch, positions));
  arena.put(dyAt, dy, 0, batch * channels * plane);
  if (dweight) {
    arena.put(xAt, x, 0, inputs);
    arena.put(dwAt, dweight, 0, filters * patch);
  }
  if (dx) {
    arena.put(wAt, weight, 0, filters * patch);
    arena.put(dxAt, dx, 0, inputs);
  }
  if (dbias) arena.put(dbAt, dbias, 0, channels);
  const kernels = arena.kernels;
  const g = geometryArguments(geometry);
  for (let n = 0; n < batch; n++) {
    const dyN = dyAt + 4 * n * channels * plane;
    if (dbias) kernels.addRowSums(dyN, channels, plane, dbAt);
    if (!dx && !dweight) continue;
    kernels.im2col(dyN, columns, ...g);
    // dx[n][filters × positions] += weight[filters × patch] · columns[patch × positions]
    if (dx) kernels.gemm(filters, positions, patch, wAt, 4 * patch, 4, columns, 4 * positions, dxAt + 4 * n * filters * positions, positions, work);
    if (dweight) {
      // dweight[filters × patch] += x[n][filters × positions] · columnsᵀ
      kernels.transpose(columns, patch, positions, transposed);
      kernels.gemm(filters, patch, positions, xAt + 4 * n * filters * positions, 4 * positions, 4, transposed, 4 * patch, dwAt, patch, work);
    }
  }
  if (dx) arena.get(dxAt, dx, 0, inputs);
  if (dweight) arena.get(dwAt, dweight, 0, filters * patch);
  if (dbias) arena.get(dbAt, dbias, 0, channels);
  return true;
}
