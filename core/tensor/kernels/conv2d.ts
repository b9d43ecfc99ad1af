import { columnCount, groupSizes, type ConvGeometry } from './conv-geometry';
import { col2imAccumulate, im2col } from './im2col';
import { matmulAccumulate, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from './matmul';
import { wasmConv2dBackward, wasmConv2dForward, wasmConv2dForwardKept } from '../wasm/conv2d';
import { KeptColumns } from '../wasm/kept-columns';
import { allocateFloat32, currentTape } from '../tape';
import { fastArena } from './backend';
import { reluBackwardInto, reluForward } from './elementwise';

/** Every sample's columns, in an array or kept in the wasm memory (the same numbers either way). */
export type Columns = Float32Array | KeptColumns;

/**
 * 2-D convolution (cross-correlation, as PyTorch's conv2d) by im2col and matrix multiplication,
 * one sample at a time. `columns` holds every sample's column matrix ([batch, C·kh·kw, positions]);
 * the forward pass fills it and the backward pass reuses it for the weight gradient. Without a
 * gradient to come (evaluation) it is undefined: one sample's columns at a time are enough.
 *
 * These loops are the reference. With the 'fast' backend a convolution of at least
 * `thresholds.conv2d` multiply-adds runs whole in WebAssembly (wasm/conv2d.ts), same layouts.
 *
 * Groups need no other columns: im2col's rows are ordered by channel, so channel group g owns the
 * contiguous rows [g·C/groups·kh·kw, (g+1)·C/groups·kh·kw), and filter group g's output is
 * weight[g] · those rows. A grouped convolution is the same im2col and one product per group.
 */

/** Multiply-adds of one pass of a convolution (what the threshold compares). */
function convWork(geometry: ConvGeometry): number {
  const { groupPatch, positions } = groupSizes(geometry);
  return geometry.batch * geometry.filters * groupPatch * positions;
}

/** out[n] = weight · im2col(x[n]) + bias, for every sample n; keeps the columns in `columns` when given. */
export function conv2dForward(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, columns: Float32Array | undefined, out: Float32Array): void {
  const arena = fastArena('conv2d', convWork(geometry));
  if (arena && wasmConv2dForward(arena, x, weight, bias, geometry, columns, out, false)) return;
  conv2dForwardLoop(x, weight, bias, geometry, columns, out);
}

/** out = relu(conv2dForward(…)): in WebAssembly the relu runs there, before the output is copied out. */
export function conv2dReluForward(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, columns: Float32Array | undefined, out: Float32Array): void {
  const arena = fastArena('conv2d', convWork(geometry));
  if (arena && wasmConv2dForward(arena, x, weight, bias, geometry, columns, out, true)) return;
  conv2dForwardLoop(x, weight, bias, geometry, columns, out);
  reluForward(out, out);
}

/** The reference loop of conv2dForward. */
function conv2dForwardLoop(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, columns: Float32Array | undefined, out: Float32Array): void {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const patch = channels * kernelHeight * kernelWidth;
  const target = columns ?? new Float32Array(patch * positions);
  for (let n = 0; n < batch; n++) {
    const columnsOffset = columns ? n * patch * positions : 0;
    const outOffset = n * filters * positions;
    im2col(x, n * channels * height * width, geometry, target, columnsOffset);
    // The product accumulates, so the output starts as the bias (or zero).
    for (let f = 0; f < filters; f++) out.fill(bias ? bias[f]! : 0, outOffset + f * positions, outOffset + (f + 1) * positions);
    for (let g = 0; g < groups; g++) {
      matmulAccumulate(weight, target, out, groupFilters, groupPatch, positions, g * groupFilters * groupPatch, columnsOffset + g * groupPatch * positions, outOffset + g * groupFilters * positions);
    }
  }
}

/**
 * conv2dForward (conv2dReluForward when `relu`) for a gradient to come, returning the columns the backward pass reads: kept in the
 * wasm memory where the fast kernels run under a tape (which releases them at its reset), else in
 * an array of the tape's.
 */
export function conv2dForwardKeeping(x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, out: Float32Array, relu: boolean): Columns {
  const tape = currentTape();
  if (tape) {
    const arena = fastArena('conv2d', convWork(geometry));
    const kept = arena && wasmConv2dForwardKept(arena, x, weight, bias, geometry, out, relu);
    if (kept) {
      tape.hold(kept);
      return kept;
    }
  }
  const columns = allocateFloat32(columnCount(geometry), false);
  (relu ? conv2dReluForward : conv2dForward)(x, weight, bias, geometry, columns, out);
  return columns;
}

/**
 * Accumulates the gradients of a convolution given dy (shaped like its output): dweight += Σₙ dy[n]·columns[n]ᵀ,
 * dbias += Σ dy over samples and positions, and dx += col2im(weightᵀ·dy[n]). Absent targets are skipped.
 * With `reluOutput` (the output of conv2dReluForward), dy is the relu's: the convolution's own is
 * 0 + (output > 0 ? dy : 0), relu's gradient into a fresh buffer (output > 0 exactly where the
 * pre-activation is), computed in WebAssembly where the rest runs.
 */
export function conv2dBackward(
  dy: Float32Array,
  weight: Float32Array,
  geometry: ConvGeometry,
  kept: Columns,
  dx: Float32Array | undefined,
  dweight: Float32Array | undefined,
  dbias: Float32Array | undefined,
  reluOutput?: Float32Array,
): void {
  const arena = fastArena('conv2d', convWork(geometry));
  if (arena && wasmConv2dBackward(arena, dy, weight, geometry, kept, dx, dweight, dbias, reluOutput)) return;
  const columns = kept instanceof KeptColumns ? kept.toArray() : kept;
  if (reluOutput) {
    const before = new Float32Array(dy.length);
    reluBackwardInto(reluOutput, dy, before);
    dy = before;
  }
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const patch = channels * kernelHeight * kernelWidth;
  // One sample's column gradient, for dx (the WebAssembly path has its own in the arena).
  const scratch = dx ? allocateFloat32(patch * positions, false) : undefined;
  for (let n = 0; n < batch; n++) {
    const columnsOffset = n * patch * positions;
    const dyOffset = n * filters * positions;
    for (let g = 0; g < groups && dweight; g++) {
      const dyAt = dyOffset + g * groupFilters * positions;
      matmulTransposeBAccumulate(dy, columns, dweight, groupFilters, positions, groupPatch, dyAt, columnsOffset + g * groupPatch * positions, g * groupFilters * groupPatch);
    }
    if (dbias) {
      for (let f = 0; f < filters; f++) {
        let sum = 0;
        const start = dyOffset + f * positions;
        for (let p = start; p < start + positions; p++) sum += dy[p]!;
        dbias[f] = dbias[f]! + sum;
      }
    }
    if (dx && scratch) {
      scratch.fill(0);
      for (let g = 0; g < groups; g++) {
        matmulTransposeAAccumulate(weight, dy, scratch, groupPatch, groupFilters, positions, g * groupFilters * groupPatch, dyOffset + g * groupFilters * positions, g * groupPatch * positions);
      }
      col2imAccumulate(scratch, 0, geometry, dx, n * channels * height * width);
    }
  }
}
