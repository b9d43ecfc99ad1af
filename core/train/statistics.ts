/** Small numeric helpers for run statistics; float64 accumulation throughout. */

/** Σx² over several arrays; not finite exactly when some value is not (float32 squares cannot overflow float64). */
export function sumOfSquares(arrays: readonly Float32Array[]): number {
  let sum = 0;
  for (const values of arrays) sum = addSquares(sum, values);
  return sum;
}

/**
 * `sum` + Σx² over `values`, added one by one: chained over several arrays it is `sumOfSquares` of
 * them, bit for bit, without an array of them. (A training step's arrays built with `map` made V8
 * deoptimise the step in later runs of a sweep's worker, and compile it again.)
 */
export function addSquares(sum: number, values: Float32Array): number {
  let total = sum;
  for (let i = 0; i < values.length; i++) total += values[i]! * values[i]!;
  return total;
}

/**
 * One pass over a weight tensor after an optimizer step: Σw², Σw_prev² and Σ(w − w_prev)², then
 * w_prev ← w for the next step. (Four separate passes cost as much as the step itself on a
 * 100k-parameter MLP.)
 */
export function stepDelta(current: Float32Array, previous: Float32Array): { currentSquares: number; previousSquares: number; deltaSquares: number } {
  let currentSquares = 0;
  let previousSquares = 0;
  let deltaSquares = 0;
  for (let i = 0; i < current.length; i++) {
    const w = current[i]!;
    const p = previous[i]!;
    const d = w - p;
    currentSquares += w * w;
    previousSquares += p * p;
    deltaSquares += d * d;
    previous[i] = w;
  }
  return { currentSquares, previousSquares, deltaSquares };
}

/** The median of the values (copied and sorted; NaN for none). */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Percentiles with linear interpolation between order statistics (NumPy's default, `torch.quantile`'s
 * 'linear'), over the values of several arrays together.
 */
export function percentiles(arrays: readonly Float32Array[], at: readonly number[]): number[] {
  let total = 0;
  for (const values of arrays) total += values.length;
  if (total === 0) return at.map(() => 0);
  const sorted = new Float32Array(total);
  let offset = 0;
  for (const values of arrays) {
    sorted.set(values, offset);
    offset += values.length;
  }
  sorted.sort();
  return at.map((p) => {
    const position = (p / 100) * (total - 1);
    const low = Math.floor(position);
    const high = Math.min(total - 1, low + 1);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
  });
}

/** A finite number, or null (JSON has no NaN or Infinity). */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
