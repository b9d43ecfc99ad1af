/**
 * tanh for the fast landscape evaluator: a rational function instead of Math.tanh, which costs
 * ~12 ns a call and would be half of a 51×51 grid's time on a tanh MLP. Only core/inspect uses
 * it; the engine's tanh op is untouched.
 *
 *   tanh x ≈ x·P(x²)/Q(x²) for |x| < 9.1, P and Q of degree 4, all coefficients positive (no
 *   cancellation when evaluated); ±1 beyond, where float32's tanh is exactly ±1.
 *
 * The coefficients are a relative-error minimax fit on [0, 9.1] (iteratively reweighted least
 * squares against mpmath's tanh: `scripts/reference/inspect_fixtures.py --fit-tanh`), with a
 * maximum relative error of 2.3e-8 over the fitted range, below half a float32 ulp (2⁻²⁵ ≈ 3.0e-8
 * relative): so rounding the result to float32 is never off by more than one ulp. x·R(x²) is odd
 * by construction. Degree 5/5 reaches 4.1e-11 but costs 17% more; a grid evaluates 25 million.
 *
 * Accuracy claim, proven by enumeration (test/core/inspect/fast-tanh.test.ts; every float32 input
 * with DLMODEL_EXHAUSTIVE=1, a 1-in-97 sample otherwise): for every float32 x, fround(fastTanh(x))
 * is one of the two float32 neighbours of tanh(x) (faithful rounding; all 1,091,672,475 positive
 * inputs below the cut-off checked), and equals the engine's fround(Math.tanh(x)) for 96.8% of
 * them, one float32 ulp away otherwise. It costs ~3 ns a call, mostly the two polynomials (the
 * division is not the bottleneck).
 */

const p0 = 0.9999999772258916;
const p1 = 0.133744847973949;
const p2 = 0.0034878223291336364;
const p3 = 2.0481366957357976e-5;
const p4 = 1.3177762032157688e-8;
const q1 = 0.4670779858541691;
const q2 = 0.02584743183659018;
const q3 = 0.00032729384042681705;
const q4 = 7.704146336358233e-7;

/** Beyond this, float32 tanh is ±1 (tanh(9.1) = 1 − 2.5e-8, above the last float32 below 1 plus half an ulp). */
export const fastTanhLimit = 9.1;

/** tanh(x) to a relative error of 2.3e-8 (NaN stays NaN). */
export function fastTanh(x: number): number {
  if (x >= fastTanhLimit) return 1;
  if (x <= -fastTanhLimit) return -1;
  const y = x * x;
  return (x * (p0 + y * (p1 + y * (p2 + y * (p3 + y * p4))))) / (1 + y * (q1 + y * (q2 + y * (q3 + y * q4))));
}
