/**
 * Output size of a sliding window along one axis, exactly as PyTorch computes it for conv and
 * pooling (floor mode): floor((size + 2·padding − dilation·(kernel − 1) − 1) / stride) + 1.
 */
export function windowOutputSize(size: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * Output size of a pooling window along one axis, as PyTorch computes it: floor mode is
 * windowOutputSize; ceil mode (ceil_mode=True) rounds up, but drops a last window that would
 * start beyond the input and its left padding.
 */
export function pooledOutputSize(size: number, kernel: number, stride: number, padding: number, ceilMode: boolean): number {
  const span = size + 2 * padding - kernel;
  if (!ceilMode) return Math.floor(span / stride) + 1;
  const out = Math.ceil(span / stride) + 1;
  return (out - 1) * stride >= size + padding ? out - 1 : out;
}

/** The extent a dilated kernel covers: d·(k − 1) + 1. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/** The product of a shape's dimensions (1 for the empty shape). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const dim of shape) count *= dim;
  return count;
}

/** The exact product of integer factors (shape dimensions and arguments, each a safe integer). */
export function product(...factors: readonly number[]): bigint {
  // Most products fit in a number: multiplied as numbers they are exact whenever the result stays
  // within 2^53 − 1 (rounding is monotone, so a product past it cannot round back below), and then
  // one conversion replaces a bigint multiplication per factor (bigints were a tenth of a 500-line check).
  let approximate = 1;
  for (const factor of factors) {
    if (!Number.isInteger(factor)) return exactProduct(factors);
    approximate *= factor;
  }
  return Math.abs(approximate) <= Number.MAX_SAFE_INTEGER ? BigInt(approximate) : exactProduct(factors);
}

/**
 * True when a shape holds more values than a number counts exactly (2^53 − 1): `product(...shape)`
 * compared with that limit, without a bigint per layer. For non-negative integers the product taken
 * in numbers rounds monotonically, so it passes the limit exactly when the exact product does.
 */
export function exceedsExactCount(shape: readonly number[]): boolean {
  let approximate = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) return product(...shape) > BigInt(Number.MAX_SAFE_INTEGER);
    approximate *= dim;
  }
  return approximate > Number.MAX_SAFE_INTEGER;
}

function exactProduct(factors: readonly number[]): bigint {
  let result = 1n;
  for (const factor of factors) result *= BigInt(factor);
  return result;
}

/** Equal shapes (same rank and dimensions), both unknown counting as equal. */
export function sameShape(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}
