/**
 * Eigen-decomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then
 * the implicit QL method with Wilkinson-style shifts (EISPACK's tred2 and tql2, as in the public-
 * domain JAMA library). It is the textbook robust method: backward stable, O(n³) with small
 * constants (a 300×300 covariance takes tens of milliseconds), exact orthogonality to rounding, and
 * no convergence trouble with repeated or clustered eigenvalues, which Jacobi sweeps or power
 * iteration handle slowly. Everything is float64.
 *
 * `symmetricEigenWork` is the same computation pausing between columns of the reduction and
 * eigenvalues of the QL iteration, about every million operations (`PauseBudget`): the training
 * worker decomposes a layer's 256×256 Gram matrix at the end of an epoch in slices and answers Stop
 * between them. `symmetricEigen` runs it to the end at once; both give the same bits.
 */
import { PauseBudget } from './pause-budget';
import { drain, type Work } from './progress';

export interface SymmetricEigen {
  /** The eigenvalues, largest first. */
  readonly values: Float64Array;
  /** n×n, row-major: row i is the unit eigenvector of values[i]. */
  readonly vectors: Float64Array;
}

/** The QL iteration gives up on an eigenvalue after this many steps (it needs 1–3 in practice). */
const maxIterations = 100;

/** Eigenvalues and orthonormal eigenvectors of the symmetric n×n row-major `matrix` (only read). */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  return drain(symmetricEigenWork(matrix, n));
}

/** `symmetricEigen`, pausing about every `PauseBudget`'s operations. */
export function* symmetricEigenWork(matrix: ArrayLike<number>, n: number, budget = new PauseBudget()): Work<SymmetricEigen> {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: expected ${n}×${n} = ${n * n} values, got ${matrix.length}`);
  if (n === 0) return { values: new Float64Array(0), vectors: new Float64Array(0) };
  const v = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // tred2 and tql2 run down columns of V in their inner loops; storing V transposed (the input is
  // symmetric, so it starts as itself) makes those loops contiguous, and leaves the eigenvectors
  // as rows.
  yield* tridiagonalise(v, d, e, n, budget);
  const w = v;
  yield* diagonaliseTridiagonal(w, d, e, n, budget);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[b]! - d[a]! || a - b);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = d[source]!;
    vectors.set(w.subarray(source * n, source * n + n), target * n);
  });
  return { values, vectors };
}

/**
 * tred2: on return v holds the orthogonal Q with A = Q·T·Qᵀ, stored transposed (Q[r][c] at c·n + r),
 * d the diagonal of T and e[1..n−1] its sub-diagonal (e[0] = 0). Rows are scaled before each
 * Householder step so that squaring never under- or overflows.
 */
function* tridiagonalise(v: Float64Array, d: Float64Array, e: Float64Array, n: number, budget: PauseBudget): Work<void> {
  const at = (r: number, c: number): number => c * n + r;
  for (let j = 0; j < n; j++) d[j] = v[at(n - 1, j)]!;
  for (let i = n - 1; i > 0; i--) {
    householderStep(v, d, e, n, i);
    if (budget.spend(2 * i * i)) yield;
  }
  // Accumulate the Householder transformations into v.
  for (let i = 0; i < n - 1; i++) {
    accumulateStep(v, d, n, i);
    if (budget.spend(2 * (i + 1) * (i + 1))) yield;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[at(n - 1, j)]!;
    v[at(n - 1, j)] = 0;
  }
  v[at(n - 1, n - 1)] = 1;
  e[0] = 0;
}

/** tred2's Householder step for row i (Q stored transposed: Q[r][c] at c·n + r). */
function householderStep(v: Float64Array, d: Float64Array, e: Float64Array, n: number, i: number): void {
  const at = (r: number, c: number): number => c * n + r;
  let scale = 0;
  let h = 0;
  for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
  if (scale === 0) {
    e[i] = d[i - 1]!;
    for (let j = 0; j < i; j++) {
      d[j] = v[at(i - 1, j)]!;
      v[at(i, j)] = 0;
      v[at(j, i)] = 0;
    }
  } else {
    for (let k = 0; k < i; k++) {
      d[k] = d[k]! / scale;
      h += d[k]! * d[k]!;
    }
    let f = d[i - 1]!;
    let g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
    e[i] = scale * g;
    h -= f * g;
    d[i - 1] = f - g;
    for (let j = 0; j < i; j++) e[j] = 0;
    for (let j = 0; j < i; j++) {
      f = d[j]!;
      v[at(j, i)] = f;
      g = e[j]! + v[at(j, j)]! * f;
      for (let k = j + 1; k <= i - 1; k++) {
        g += v[at(k, j)]! * d[k]!;
        e[k] = e[k]! + v[at(k, j)]! * f;
      }
      e[j] = g;
    }
    f = 0;
    for (let j = 0; j < i; j++) {
      e[j] = e[j]! / h;
      f += e[j]! * d[j]!;
    }
    const hh = f / (h + h);
    for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
    for (let j = 0; j < i; j++) {
      f = d[j]!;
      g = e[j]!;
      for (let k = j; k <= i - 1; k++) v[at(k, j)] = v[at(k, j)]! - (f * e[k]! + g * d[k]!);
      d[j] = v[at(i - 1, j)]!;
      v[at(i, j)] = 0;
    }
  }
  d[i] = h;
}

/** tred2's accumulation of the Householder transformations into v, column i + 1. */
function accumulateStep(v: Float64Array, d: Float64Array, n: number, i: number): void {
  const at = (r: number, c: number): number => c * n + r;
  v[at(n - 1, i)] = v[at(i, i)]!;
  v[at(i, i)] = 1;
  const h = d[i + 1]!;
  if (h !== 0) {
    for (let k = 0; k <= i; k++) d[k] = v[at(k, i + 1)]! / h;
    for (let j = 0; j <= i; j++) {
      let g = 0;
      for (let k = 0; k <= i; k++) g += v[at(k, i + 1)]! * v[at(k, j)]!;
      for (let k = 0; k <= i; k++) v[at(k, j)] = v[at(k, j)]! - g * d[k]!;
    }
  }
  for (let k = 0; k <= i; k++) v[at(k, i + 1)] = 0;
}

/**
 * tql2: diagonalises the tridiagonal (d, e) by implicit QL steps, applying every rotation to the
 * eigenvector rows of w (w is Qᵀ on entry, so row i ends as the eigenvector of d[i]). An off-
 * diagonal element counts as zero below 2⁻⁵² times the largest |d| + |e| seen so far.
 */
function* diagonaliseTridiagonal(w: Float64Array, d: Float64Array, e: Float64Array, n: number, budget: PauseBudget): Work<void> {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  const carry = { f: 0, largest: 0 };
  for (let l = 0; l < n; l++) {
    const rotations = qlStep(w, d, e, n, l, carry);
    if (budget.spend(4 * rotations * n + n)) yield;
  }
}

/**
 * tql2's work on eigenvalue l: QL steps until e[l] is negligible. `carry` holds the shift sum f and
 * the largest |d| + |e| seen, which run across eigenvalues. Returns the rotations applied (each
 * touches two rows of w).
 */
function qlStep(w: Float64Array, d: Float64Array, e: Float64Array, n: number, l: number, carry: { f: number; largest: number }): number {
  const eps = 2 ** -52;
  let { f, largest } = carry;
  let rotations = 0;
  largest = Math.max(largest, Math.abs(d[l]!) + Math.abs(e[l]!));
  let m = l;
  while (m < n && Math.abs(e[m]!) > eps * largest) m++;
  if (m > l) {
    let iterations = 0;
    do {
      if (++iterations > maxIterations) throw new Error(`symmetricEigen: no convergence after ${maxIterations} QL steps (the matrix holds NaN or infinity?)`);
      let g = d[l]!;
      let p = (d[l + 1]! - g) / (2 * e[l]!);
      let r = Math.hypot(p, 1);
      if (p < 0) r = -r;
      d[l] = e[l]! / (p + r);
      d[l + 1] = e[l]! * (p + r);
      const dl1 = d[l + 1]!;
      let h = g - d[l];
      for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
      f += h;
      p = d[m]!;
      let c = 1;
      let c2 = c;
      let c3 = c;
      const el1 = e[l + 1]!;
      let s = 0;
      let s2 = 0;
      for (let i = m - 1; i >= l; i--) {
        c3 = c2;
        c2 = c;
        s2 = s;
        g = c * e[i]!;
        h = c * p;
        r = Math.hypot(p, e[i]!);
        e[i + 1] = s * r;
        s = e[i]! / r;
        c = p / r;
        p = c * d[i]! - s * g;
        d[i + 1] = h + s * (c * g + s * d[i]!);
        const rowI = i * n;
        const rowNext = rowI + n;
        for (let k = 0; k < n; k++) {
          const next = w[rowNext + k]!;
          const here = w[rowI + k]!;
          w[rowNext + k] = s * here + c * next;
          w[rowI + k] = c * here - s * next;
        }
      }
      rotations += m - l;
      p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
      e[l] = s * p;
      d[l] = c * p;
    } while (Math.abs(e[l]) > eps * largest);
  }
  d[l] = d[l]! + f;
  e[l] = 0;
  carry.f = f;
  carry.largest = largest;
  return rotations;
}
