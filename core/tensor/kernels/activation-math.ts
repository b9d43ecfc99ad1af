import { erfc } from './erf';

/**
 * Scalar activation functions in float64, shared by the forward operations and the gradient
 * rules. Each is written to stay accurate (no overflow, no cancellation) for any finite input.
 */

const sqrtHalf = Math.SQRT1_2;
const inverseSqrtTwoPi = 0.3989422804014327;

/** σ(x) = 1 / (1 + e^−x), evaluated so that e^|x| never overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), which neither overflows nor cancels. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** GELU, exact form x·Φ(x) with Φ(x) = erfc(−x/√2)/2: erfc keeps the tiny left tail accurate, where 1 + erf(x/√2) would cancel. */
export function gelu(x: number): number {
  return 0.5 * x * erfc(-x * sqrtHalf);
}

/** d GELU / dx = Φ(x) + x·φ(x). */
export function geluDerivative(x: number): number {
  return 0.5 * erfc(-x * sqrtHalf) + x * inverseSqrtTwoPi * Math.exp(-0.5 * x * x);
}
