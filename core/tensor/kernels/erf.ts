/**
 * The error function in float64, after W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969), 631–638, as in his CALERF routine (SPECFUN): three near-minimax
 * rational approximations, erf on |x| ≤ 0.46875 and erfc on (0.46875, 4] and beyond 4. They are
 * accurate to about 1e-16 relative, far below float32's 6e-8, so GELU's exact form rounds right.
 * The coefficients are Cody's 18-digit values written as the float64 numbers they round to
 * (CALERF's A, B, C, D, P and Q, in its order).
 * (The popular Abramowitz–Stegun 7.1.26 formula is only good to 1.5e-7 absolute.)
 */

const oneOverSqrtPi = 0.5641895835477563;

/** erf(x) to about 1e-16 relative error. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x, y > 1.11e-16 ? y * y : 0);
  const complement = erfcPositive(y);
  return x < 0 ? complement - 1 : 1 - complement;
}

/** erfc(x) = 1 − erf(x), accurate in relative terms even where it is tiny (x up to about 26.5). */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erf(x);
  const complement = erfcPositive(y);
  return x < 0 ? 2 - complement : complement;
}

/**
 * erfc(x) from a Gaussian factor the caller has already computed, `gaussian` = exp(−x²) (GELU and
 * its derivative both need exp(−x²/2) at z = x/√2, so one exponential serves both). Rounding x²
 * before the exponential costs about x²·2⁻⁵³ relative (below 1e-13 wherever erfc is not 0),
 * far under float32's 6e-8; Cody's split of y² below is what `erfc` does instead.
 */
export function erfcGivenGaussian(x: number, gaussian: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erf(x);
  const complement = y >= 26.543 ? 0 : erfcRational(y) * gaussian;
  return x < 0 ? 2 - complement : complement;
}

/** erfc(y) for y > 0.46875. */
function erfcPositive(y: number): number {
  if (y >= 26.543) return 0;
  // exp(−y²) split as exp(−r²)·exp(−(y−r)(y+r)) with r = y rounded down to 1/16, so that y² is
  // not rounded before the exponential (Cody's trick; it keeps the relative accuracy for large y).
  const rounded = Math.trunc(y * 16) / 16;
  const rest = (y - rounded) * (y + rounded);
  return Math.exp(-rounded * rounded) * Math.exp(-rest) * erfcRational(y);
}

/**
 * Cody's erf on |x| ≤ 0.46875 given y² (0 below 1.11e-16). The Horner loops of CALERF are written
 * out with the coefficients as literals: V8 neither unrolls them nor folds the loads from the
 * coefficient arrays, and GELU evaluates them for every element of a transformer's hidden layer
 * (unrolled, the tiny GPT's GELU ran ~1.6× faster). The same operations in the same order as the
 * loops (the coefficients, in CALERF's order), so the same bits.
 */
function erfSmall(x: number, ySquared: number): number {
  let numerator = 0.18577770618460315 * ySquared; // A(5)
  let denominator = ySquared;
  numerator = (numerator + 3.1611237438705655) * ySquared;
  denominator = (denominator + 23.601290952344122) * ySquared;
  numerator = (numerator + 113.86415415105016) * ySquared;
  denominator = (denominator + 244.02463793444417) * ySquared;
  numerator = (numerator + 377.485237685302) * ySquared;
  denominator = (denominator + 1282.6165260773723) * ySquared;
  return (x * (numerator + 3209.3775891384694)) / (denominator + 2844.236833439171);
}

/** erfc(y)·exp(y²) for y > 0.46875: Cody's rational approximations without the Gaussian factor (unrolled as erfSmall). */
function erfcRational(y: number): number {
  if (y <= 4) {
    let numerator = 2.1531153547440383e-8 * y; // C(9)
    let denominator = y;
    numerator = (numerator + 0.5641884969886701) * y;
    denominator = (denominator + 15.744926110709835) * y;
    numerator = (numerator + 8.883149794388377) * y;
    denominator = (denominator + 117.6939508913125) * y;
    numerator = (numerator + 66.11919063714163) * y;
    denominator = (denominator + 537.1811018620099) * y;
    numerator = (numerator + 298.6351381974001) * y;
    denominator = (denominator + 1621.3895745666903) * y;
    numerator = (numerator + 881.952221241769) * y;
    denominator = (denominator + 3290.7992357334597) * y;
    numerator = (numerator + 1712.0476126340707) * y;
    denominator = (denominator + 4362.619090143247) * y;
    numerator = (numerator + 2051.0783778260716) * y;
    denominator = (denominator + 3439.3676741437216) * y;
    return (numerator + 1230.3393547979972) / (denominator + 1230.3393548037495);
  }
  const inverseSquare = 1 / (y * y);
  let numerator = 0.016315387137302097 * inverseSquare; // P(6)
  let denominator = inverseSquare;
  numerator = (numerator + 0.30532663496123236) * inverseSquare;
  denominator = (denominator + 2.568520192289822) * inverseSquare;
  numerator = (numerator + 0.36034489994980445) * inverseSquare;
  denominator = (denominator + 1.8729528499234604) * inverseSquare;
  numerator = (numerator + 0.12578172611122926) * inverseSquare;
  denominator = (denominator + 0.5279051029514285) * inverseSquare;
  numerator = (numerator + 0.016083785148742275) * inverseSquare;
  denominator = (denominator + 0.06051834131244132) * inverseSquare;
  const result = (inverseSquare * (numerator + 0.0006587491615298378)) / (denominator + 0.0023352049762686918);
  return (oneOverSqrtPi - result) / y;
}
