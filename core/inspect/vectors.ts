/**
 * Small float64 vector helpers shared by PCA, Procrustes and the landscape planes. Inputs may be
 * float32 (parameters, activations) or float64; every sum is accumulated in float64.
 */

/** A flat vector of numbers as the engine stores them (float32) or as the maths keeps them (float64). */
export type FloatVector = Float32Array | Float64Array;

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/**
 * Makes `vector` a unit vector orthogonal to the given orthonormal `basis` vectors (Gram–Schmidt,
 * applied twice, which is enough for float64 orthogonality). When `vector` lies (numerically) in
 * their span, the first coordinate axis that does not is used instead, so the result is always a
 * unit vector and always the same for the same inputs. Returns false when it had to substitute.
 */
export function orthonormaliseAgainst(vector: Float64Array, basis: readonly Float64Array[]): boolean {
  const original = norm(vector);
  if (original > 0 && project(vector, basis) > 1e-10 * original) return true;
  for (let axis = 0; axis < vector.length; axis++) {
    vector.fill(0);
    vector[axis] = 1;
    if (project(vector, basis) > 1e-6) return false;
  }
  throw new Error(`orthonormaliseAgainst: ${basis.length} vectors already span ${vector.length} dimensions`);
}

/** Removes the components along `basis` (twice), normalises, and returns the norm that was left. */
function project(vector: Float64Array, basis: readonly Float64Array[]): number {
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const c = dot(vector, b);
      for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! - c * b[i]!;
    }
  }
  const left = norm(vector);
  if (left > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / left;
  return left;
}
