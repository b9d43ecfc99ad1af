/**
 * Orthogonal Procrustes alignment: the k×k orthogonal R minimising ‖S·R − B‖_F, for the n×k
 * projections S of one epoch and B of a reference epoch (the same samples in the same order). It
 * keeps the latent-space axes from flipping and spinning between epochs: PCA fixes each axis only up
 * to sign, and two nearly equal variances let the axes turn freely within their plane.
 *
 * With M = SᵀB = UΣVᵀ, R = UVᵀ (Schönemann 1966). Only a k×k SVD is needed (k = 2 or 3); it comes
 * from the eigen-decomposition MᵀM = VΣ²Vᵀ with uᵢ = M·vᵢ/σᵢ, completed to an orthonormal U when M is
 * rank-deficient. Without reflections (`allowReflection: false`) the smallest singular direction is
 * flipped when det(UVᵀ) = −1, which gives the best proper rotation.
 */
import { symmetricEigen } from './symmetric-eigen';
import { orthonormaliseAgainst } from './vectors';

export interface ProcrustesOptions {
  /** Allow R to be a reflection as well as a rotation (default true: PCA signs are arbitrary anyway). */
  readonly allowReflection?: boolean;
}

export interface ProcrustesResult {
  /** k×k row-major R: aligned = source · R. */
  readonly rotation: Float64Array;
  /** n×k: source · R. */
  readonly aligned: Float64Array;
  /** ‖source · R − reference‖_F. */
  readonly residual: number;
}

/** Aligns n×k `source` to n×k `reference` (row-major) by the best orthogonal map. */
export function procrustes(source: ArrayLike<number>, reference: ArrayLike<number>, rows: number, k: number, options: ProcrustesOptions = {}): ProcrustesResult {
  if (source.length !== rows * k || reference.length !== rows * k) throw new Error(`procrustes: expected two ${rows}×${k} matrices, got ${source.length} and ${reference.length} values`);
  const m = new Float64Array(k * k);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < k; a++) {
      const s = source[r * k + a]!;
      for (let b = 0; b < k; b++) m[a * k + b] = m[a * k + b]! + s * reference[r * k + b]!;
    }
  }
  const { u, v } = smallSvd(m, k);
  let rotation = combine(u, v, k);
  if (options.allowReflection === false && determinant(rotation, k) < 0) {
    const last = u[k - 1]!;
    for (let i = 0; i < k; i++) last[i] = -last[i]!;
    rotation = combine(u, v, k);
  }
  const aligned = new Float64Array(rows * k);
  let squared = 0;
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let a = 0; a < k; a++) sum += source[r * k + a]! * rotation[a * k + b]!;
      aligned[r * k + b] = sum;
      squared += (sum - reference[r * k + b]!) ** 2;
    }
  }
  return { rotation, aligned, residual: Math.sqrt(squared) };
}

/** Singular vectors of the k×k M, largest singular value first: column i of U and V as u[i], v[i]. */
function smallSvd(m: Float64Array, k: number): { u: Float64Array[]; v: Float64Array[] } {
  const gram = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let i = 0; i < k; i++) gram[a * k + b] = gram[a * k + b]! + m[i * k + a]! * m[i * k + b]!;
  const eigen = symmetricEigen(gram, k);
  const largest = Math.sqrt(Math.max(eigen.values[0]!, 0));
  const v: Float64Array[] = [];
  const u: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const vi = eigen.vectors.slice(i * k, (i + 1) * k);
    const sigma = Math.sqrt(Math.max(eigen.values[i]!, 0));
    const ui = new Float64Array(k);
    // A singular value at rounding level has no reliable left vector: any completion is optimal.
    if (sigma > 1e-12 * largest) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) ui[a] = ui[a]! + m[a * k + b]! * vi[b]!;
    orthonormaliseAgainst(ui, u);
    v.push(vi);
    u.push(ui);
  }
  return { u, v };
}

/** R = U·Vᵀ = Σᵢ uᵢvᵢᵀ. */
function combine(u: readonly Float64Array[], v: readonly Float64Array[], k: number): Float64Array {
  const r = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) r[a * k + b] = r[a * k + b]! + u[i]![a]! * v[i]![b]!;
  return r;
}

/** det of a small k×k matrix by Gaussian elimination with partial pivoting. */
function determinant(matrix: Float64Array, k: number): number {
  const a = Float64Array.from(matrix);
  let det = 1;
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]!) > Math.abs(a[pivot * k + c]!)) pivot = r;
    if (a[pivot * k + c] === 0) return 0;
    if (pivot !== c) {
      for (let j = 0; j < k; j++) [a[c * k + j], a[pivot * k + j]] = [a[pivot * k + j]!, a[c * k + j]!];
      det = -det;
    }
    det *= a[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const factor = a[r * k + c]! / a[c * k + c]!;
      for (let j = c; j < k; j++) a[r * k + j] = a[r * k + j]! - factor * a[c * k + j]!;
    }
  }
  return det;
}
