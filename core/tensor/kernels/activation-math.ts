import { erfcGivenGaussian } from './erf';

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

/**
 * GELU, exact form x·Φ(x) with Φ(x) = erfc(−x/√2)/2: erfc keeps the tiny left tail accurate, where
 * 1 + erf(x/√2) would cancel. One exponential, exp(−x²/2), is erfc's Gaussian factor (the
 * tiny GPT's step spent ~15 % in GELU when erfc took two of its own and the derivative a third).
 */
export function gelu(x: number): number {
  return 0.5 * x * erfcGivenGaussian(-x * sqrtHalf, Math.exp(-0.5 * x * x));
}

/**
 * GELU of every element of `source` into `target` and, when `derivative` is given, dGELU/dx into
 * it in the same pass (d GELU / dx = Φ(x) + x·φ(x), φ(x) = exp(−x²/2)/√(2π)): Φ(x) and φ(x) share one exponential and one erfc, so a training forward
 * pays for the backward's derivative at the cost of one multiply-add, and the backward none.
 */
export function geluWithDerivative(source: Float32Array, target: Float32Array, derivative: Float32Array | undefined): void {
  if (!derivative) {
    for (let i = 0; i < target.length; i++) target[i] = gelu(source[i]!);
    return;
  }
  for (let i = 0; i < target.length; i++) {
    const x = source[i]!;
    const gaussian = Math.exp(-0.5 * x * x);
    const phi = 0.5 * erfcGivenGaussian(-x * sqrtHalf, gaussian);
    target[i] = x * phi;
    derivative[i] = phi + x * inverseSqrtTwoPi * gaussian;
  }
}


/** SiLU (swish) x·σ(x). */
export function silu(x: number): number {
  return x * sigmoid(x);
}

/** d SiLU / dx = σ(x)·(1 + x·(1 − σ(x))), PyTorch's silu_backward. */
export function siluDerivative(x: number): number {
  const s = sigmoid(x);
  return s * (1 + x * (1 - s));
}

/** Mish x·tanh(softplus(x)). */
export function mish(x: number): number {
  return x * Math.tanh(softplus(x));
}

/** d Mish / dx = tanh(sp) + x·σ(x)·(1 − tanh²(sp)), sp = softplus(x), PyTorch's mish_backward. */
export function mishDerivative(x: number): number {
  const t = Math.tanh(softplus(x));
  return t + x * sigmoid(x) * (1 - t * t);
}

/** Hardswish x·relu6(x + 3)/6: 0 for x ≤ −3, x for x ≥ 3. */
export function hardswish(x: number): number {
  if (x <= -3) return 0;
  if (x >= 3) return x;
  return (x * (x + 3)) / 6;
}

/**
 * PyTorch's hardswish_backward as its vectorised CPU loop computes it (what any real layer runs):
 * 0 below −3, x/3 + ½ on [−3, 3), 1 from 3 on. (Torch 1.13's scalar tail loop, used only for the
 * last few elements of a tensor, gives 1.5 at exactly 3 instead: PyTorch disagrees with itself there.)
 */
export function hardswishDerivative(x: number): number {
  if (x < -3) return 0;
  if (x < 3) return x / 3 + 0.5;
  return 1;
}

/** Hardsigmoid relu6(x + 3)/6: 0 for x ≤ −3, 1 for x ≥ 3. */
export function hardsigmoid(x: number): number {
  if (x <= -3) return 0;
  if (x >= 3) return 1;
  return x / 6 + 0.5;
}
