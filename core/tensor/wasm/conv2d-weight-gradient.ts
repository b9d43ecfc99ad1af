import type { ConvGeometry } from '../kernels/conv-geometry';
import type { Arena } from './runtime';

/**
 * A one-thread, ungrouped convolution's dweight += Σₙ dy[n]·columns[n]ᵀ computed as its transpose,
 * dweightᵀ += columns[n]·dy[n]ᵀ, when the filters are fewer than the patch rows: each sample then
 * transposes its dy (filters × positions) rather than its columns (patch × positions, 9·C/filters
 * times larger for a 3×3 kernel), and the two transposes of dweight itself are paid once a call.
 * Every element of dweight sees the same products, summed in the same order over the positions by
 * the same gemm (a lane per element), added to the same running value: the same bits as the
 * columns-transposing loop and as the threaded split (tests compare 1 and 2 threads bit for bit).
 */

/** Whether `accumulateWeightGradientByTransposedDy` pays for this geometry (less to transpose). */
export function transposesDyForWeightGradient(geometry: ConvGeometry): boolean {
  const patch = geometry.channels * geometry.kernelHeight * geometry.kernelWidth;
  return geometry.groups === 1 && geometry.filters < patch;
}

/**
 * The gemm's rows: the patch rows rounded up to 4. A last block of 1–3 rows would be copied into
 * zero-padded rows for every sample (for a 1-channel 3×3 conv on 28×28, half the gemm's time);
 * instead the gemm reads up to 3 rows past the sample's columns (the next sample's, or the
 * `weightGradientOverRead` floats after the last) into rows of dweightᵀ that are never read. The
 * patch rows' sums are untouched: each element of C is its own row of A times its own column of B.
 */
function gemmRows(patch: number): number {
  return (patch + 3) & ~3;
}

/** Floats after the last sample's columns that the gemm reads (see `gemmRows`; 0 when this path is not taken). */
export function weightGradientOverRead(geometry: ConvGeometry): number {
  if (!transposesDyForWeightGradient(geometry)) return 0;
  const patch = geometry.channels * geometry.kernelHeight * geometry.kernelWidth;
  return (gemmRows(patch) - patch) * geometry.outHeight * geometry.outWidth;
}

/** Scratch floats it needs: dweightᵀ (with `gemmRows` rows) and one sample's dyᵀ. */
export function weightGradientScratch(geometry: ConvGeometry): number {
  const patch = geometry.channels * geometry.kernelHeight * geometry.kernelWidth;
  return geometry.filters * gemmRows(patch) + geometry.filters * geometry.outHeight * geometry.outWidth;
}

/**
 * dweight (at dwAt, [filters × patch]) += Σₙ dy[n]·columns[n]ᵀ over the batch; `scratch` holds
 * `weightGradientScratch` floats, `work` the gemm's 48·positions bytes; `weightGradientOverRead`
 * floats after the columns must be in the memory.
 */
export function accumulateWeightGradientByTransposedDy(arena: Arena, geometry: ConvGeometry, dyAt: number, columnsAt: number, dwAt: number, scratch: number, work: number): void {
  const { batch, channels, filters, kernelHeight, kernelWidth } = geometry;
  const patch = channels * kernelHeight * kernelWidth;
  const positions = geometry.outHeight * geometry.outWidth;
  const kernels = arena.kernels;
  const dwT = scratch;
  const dyT = scratch + 4 * filters * gemmRows(patch);
  kernels.transpose(dwAt, filters, patch, dwT);
  for (let n = 0; n < batch; n++) {
    kernels.transpose(dyAt + 4 * n * filters * positions, filters, positions, dyT);
    kernels.gemm(gemmRows(patch), filters, positions, columnsAt + 4 * n * patch * positions, 4 * positions, 4, dyT, 4 * filters, dwT, filters, work);
  }
  kernels.transpose(dwT, patch, filters, dwAt);
}
