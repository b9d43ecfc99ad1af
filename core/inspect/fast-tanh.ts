/**
 * tanh for the fast landscape evaluator: a rational function instead of Math.tanh, which costs
 * ~12 ns a call and would be half of a 51×51 grid's time on a tanh MLP. Only core/inspect uses
 * it; the engine's tanh op is untouched.
 *
 *   tanh x ≈ x·P(x²)/Q(x²) for |x| < 9.1, P and Q of degree 5, all coefficients positive (no
 *   cancellation when evaluated); ±1 beyond, where float32's tanh is exactly ±1.
 *
 * The coefficients are a relative-error minimax fit on [0, 9.1] (iteratively reweighted least
 * squares against mpmath's tanh: `scripts/reference/inspect_fixtures.py --fit-tanh`), with a
 * maximum relative error of 4.1e-11 over the fitted range. x·R(x²) is odd by construction.
 *
 * Accuracy claim, proven by enumeration (test/core/inspect/fast-tanh.test.ts; every float32 input
 * with DLMODEL_EXHAUSTIVE=1, a 1-in-97 sample otherwise): for every float32 x, fround(fastTanh(x))
 * is one of the two float32 neighbours of tanh(x) (faithful rounding), and equals the engine's
 * fround(Math.tanh(x)) for all but about 0.005% of inputs, where it is one float32 ulp away. It
 * costs ~3 ns a call, mostly the two degree-5 polynomials (the division is not the bottleneck).
 */

const p0 = 0.9999999999592212;
const p1 = 0.14096309689844003;
const p2 = 0.004422081830197169;
const p3 = 4.2173863834614765e-5;
const p4 = 1.1060056693129772e-7;
const p5 = 3.6383560150886256e-11;
const q1 = 0.4742964297864114;
const q2 = 0.029187559232120092;
const q3 = 0.0005000896272756018;
const q4 = 2.594560105021915e-6;
const q5 = 2.9297959194471923e-9;

/** Beyond this, float32 tanh is ±1 (tanh(9.1) = 1 − 2.5e-8, above the last float32 below 1 plus half an ulp). */
export const fastTanhLimit = 9.1;

/** tanh(x) to a relative error of 4.1e-11 (NaN stays NaN). */
export function fastTanh(x: number): number {
  if (x >= fastTanhLimit) return 1;
  if (x <= -fastTanhLimit) return -1;
  const y = x * x;
  return (x * (p0 + y * (p1 + y * (p2 + y * (p3 + y * (p4 + y * p5)))))) / (1 + y * (q1 + y * (q2 + y * (q3 + y * (q4 + y * q5)))));
}
