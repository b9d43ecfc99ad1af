/**
 * Random directions in parameter space for loss-landscape plots, filter-normalised as in Li et al.
 * 2018, "Visualizing the Loss Landscape of Neural Nets", §4: a Gaussian direction d with θ's shapes
 * is rescaled filter by filter, d_f ← d_f · ‖θ_f‖ / (‖d_f‖ + 1e-10), so that a step along it moves
 * every filter by the same fraction of its own size (otherwise scale-invariant networks give plots
 * that say more about weight norms than about sharpness). 1-D parameters (biases, batch/layer-norm
 * γ and β) get 0, their "ignore biasbn" default.
 *
 * A filter is what PyTorch indexes with the first axis: a convolution's output filter ([C, kh, kw]
 * of [F, C, kh, kw]), an embedding row, and for a dense layer one output unit. Our dense weight is
 * stored [inputs, units], the transpose of PyTorch's, so there a filter is a column.
 *
 * Draw order: one `random.normal()` per value of every parameter of rank ≥ 2, in θ order (parameter
 * by parameter, each in its storage order); 1-D parameters draw nothing.
 */
import type { Random } from '../common/random';
import type { Network } from '../nn/network';
import type { Plane } from './landscape-grid';
import { parameterLayout, readParameters, type ParameterSlice } from './parameter-vector';

/** How one parameter splits into filters: value e of filter f is at offset + f·filterStride + e·elementStride. */
export interface FilterGeometry {
  readonly filters: number;
  readonly size: number;
  readonly filterStride: number;
  readonly elementStride: number;
}

/** The filters of a parameter, or undefined for a 1-D one (which directions leave at 0). */
export function filterGeometry(slice: ParameterSlice): FilterGeometry | undefined {
  if (slice.shape.length < 2) return undefined;
  if (slice.transposed) {
    const [inputs, units] = slice.shape as [number, number];
    return { filters: units, size: inputs, filterStride: 1, elementStride: units };
  }
  const filters = slice.shape[0]!;
  return { filters, size: slice.length / filters, filterStride: slice.length / filters, elementStride: 1 };
}

/** Rescales `direction` in place, filter by filter, to the norms of `weights`; zeroes 1-D parameters. */
export function filterNormalise(direction: Float32Array, weights: Float32Array, layout: readonly ParameterSlice[]): void {
  for (const slice of layout) {
    const geometry = filterGeometry(slice);
    if (!geometry) {
      direction.fill(0, slice.offset, slice.offset + slice.length);
      continue;
    }
    for (let f = 0; f < geometry.filters; f++) {
      const start = slice.offset + f * geometry.filterStride;
      let weightSquares = 0;
      let directionSquares = 0;
      for (let e = 0; e < geometry.size; e++) {
        const i = start + e * geometry.elementStride;
        weightSquares += weights[i]! * weights[i]!;
        directionSquares += direction[i]! * direction[i]!;
      }
      const scale = Math.sqrt(weightSquares) / (Math.sqrt(directionSquares) + 1e-10);
      for (let e = 0; e < geometry.size; e++) {
        const i = start + e * geometry.elementStride;
        direction[i] = direction[i]! * scale;
      }
    }
  }
}

/** A filter-normalised Gaussian direction for the flat parameters `weights` laid out as `layout`. */
export function filterNormalisedDirection(layout: readonly ParameterSlice[], weights: Float32Array, random: Random): Float32Array {
  const direction = new Float32Array(weights.length);
  for (const slice of layout) {
    if (slice.shape.length < 2) continue;
    for (let i = slice.offset; i < slice.offset + slice.length; i++) direction[i] = random.normal();
  }
  filterNormalise(direction, weights, layout);
  return direction;
}

/** `count` independent filter-normalised directions around the network's current parameters. */
export function randomDirections(network: Network, random: Random, count = 2): Float32Array[] {
  const layout = parameterLayout(network);
  const weights = readParameters(network);
  return Array.from({ length: count }, () => filterNormalisedDirection(layout, weights, random));
}

/** Li et al.'s plane: through the network's current parameters θ*, along two filter-normalised directions. */
export function randomPlane(network: Network, random: Random): Plane {
  const [x, y] = randomDirections(network, random, 2) as [Float32Array, Float32Array];
  return { origin: readParameters(network), x, y };
}
