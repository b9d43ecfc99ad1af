/**
 * The error function in float64, after W. J. Cody, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969), 631–638, as in his CALERF routine (SPECFUN): three near-minimax
 * rational approximations, erf on |x| ≤ 0.46875 and erfc on (0.46875, 4] and beyond 4. They are
 * accurate to about 1e-16 relative, far below float32's 6e-8, so GELU's exact form rounds right.
 * The coefficients are Cody's 18-digit values written as the float64 numbers they round to.
 * (The popular Abramowitz–Stegun 7.1.26 formula is only good to 1.5e-7 absolute.)
 */

const a = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315] as const;
const b = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171] as const;
const c = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-08,
] as const;
const d = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
] as const;
const p = [0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378, 0.016315387137302097] as const;
const q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918] as const;
const oneOverSqrtPi = 0.5641895835477563;

/** erf(x) to about 1e-16 relative error. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const ySquared = y > 1.11e-16 ? y * y : 0;
    let numerator = a[4] * ySquared;
    let denominator = ySquared;
    for (let i = 0; i < 3; i++) {
      numerator = (numerator + a[i]!) * ySquared;
      denominator = (denominator + b[i]!) * ySquared;
    }
    return (x * (numerator + a[3])) / (denominator + b[3]);
  }
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

/** erfc(y)·exp(y²) for y > 0.46875: Cody's rational approximations without the Gaussian factor. */
function erfcRational(y: number): number {
  let result: number;
  if (y <= 4) {
    let numerator = c[8] * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + c[i]!) * y;
      denominator = (denominator + d[i]!) * y;
    }
    result = (numerator + c[7]) / (denominator + d[7]);
  } else {
    const inverseSquare = 1 / (y * y);
    let numerator = p[5] * inverseSquare;
    let denominator = inverseSquare;
    for (let i = 0; i < 4; i++) {
      numerator = (numerator + p[i]!) * inverseSquare;
      denominator = (denominator + q[i]!) * inverseSquare;
    }
    result = (inverseSquare * (numerator + p[4])) / (denominator + q[4]);
    result = (oneOverSqrtPi - result) / y;
  }
  return result;
}
