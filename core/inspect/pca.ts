/**
 * Principal component analysis of n samples of dimension d (a layer's activations for the latent-
 * space panel; parameter snapshots for the optimizer's path). Float64 throughout.
 *
 * The samples are mean-centred; the components are the top-k unit eigenvectors of the covariance
 * C = Σ (xᵢ − μ)(xᵢ − μ)ᵀ / (n − 1). When d ≤ n the d×d covariance is decomposed; when d > n
 * (a million parameters, a few hundred snapshots) the n×n Gram matrix G = X̃X̃ᵀ/(n − 1) of the
 * centred rows is, which has the same non-zero eigenvalues, and each component is X̃ᵀu/‖X̃ᵀu‖.
 *
 * Signs are fixed so that runs agree: in every component, the entry of largest magnitude (the
 * first one on a tie) is positive.
 *
 * `pcaWork` is the same computation pausing between samples of the covariance, rows of the Gram
 * matrix, steps of the eigen-decomposition and components, about every million operations
 * (`PauseBudget`): the training worker projects a layer's 256 probe samples × 1,024 activations at
 * the end of an epoch in slices and answers Stop between them. `pca` runs it to the end at once;
 * both give the same bits.
 */
import { PauseBudget } from './pause-budget';
import { drain, type Work } from './progress';
import { symmetricEigenWork } from './symmetric-eigen';
import { dot, orthonormaliseAgainst, type FloatVector } from './vectors';

/** A fitted basis: enough to project other samples (another epoch) into the same coordinates. */
export interface PcaBasis {
  readonly dimension: number;
  /** The samples' mean, d values. */
  readonly mean: Float64Array;
  /** k × d, row-major: row i is the unit component i. */
  readonly components: Float64Array;
  /** How many components (k). */
  readonly count: number;
}

export interface PcaResult extends PcaBasis {
  /** The covariance's eigenvalue for each component (the variance along it). */
  readonly variances: Float64Array;
  /** variances[i] / totalVariance (0 when every sample is the same). */
  readonly explainedVarianceRatio: Float64Array;
  /** The trace of the covariance: the variance summed over every direction. */
  readonly totalVariance: number;
  /** n × k, row-major: the centred samples' coordinates along the components. */
  readonly projections: Float64Array;
}

export interface PcaOptions {
  /** k, the number of components (default 2). */
  readonly components?: number;
  /**
   * When d > n, how many values the Gram route may copy to centre the samples once (default 4M,
   * 32 MB); above it, each sample is centred again for every dot product, slower but without a copy.
   */
  readonly maxCopyValues?: number;
}

/** PCA of a row-major [rows, cols] matrix (one sample per row). */
export function pca(data: FloatVector, rows: number, cols: number, options: PcaOptions = {}): PcaResult {
  return drain(pcaWork(data, rows, cols, options));
}

/** `pca`, pausing about every `PauseBudget`'s operations. */
export function pcaWork(data: FloatVector, rows: number, cols: number, options: PcaOptions = {}): Work<PcaResult> {
  if (data.length !== rows * cols) throw new Error(`pca: the matrix has ${data.length} values, not ${rows}×${cols}`);
  return pcaOfRowsWork(rowViews(data, rows, cols), options);
}

/** PCA of samples given as separate vectors of one length (e.g. parameter snapshots, never copied into one matrix). */
export function pcaOfRows(samples: readonly FloatVector[], options: PcaOptions = {}): PcaResult {
  return drain(pcaOfRowsWork(samples, options));
}

/** `pcaOfRows`, pausing about every `PauseBudget`'s operations. */
export function* pcaOfRowsWork(samples: readonly FloatVector[], options: PcaOptions = {}): Work<PcaResult> {
  const n = samples.length;
  if (n === 0) throw new Error('pca: no samples');
  const d = samples[0]!.length;
  for (const s of samples) if (s.length !== d) throw new Error(`pca: samples have different lengths (${d} and ${s.length})`);
  const k = options.components ?? 2;
  if (!Number.isInteger(k) || k < 1 || k > d) throw new Error(`pca: components must be an integer in [1, ${d}], got ${k}`);
  const mean = meanOf(samples, d);
  yield;
  const divisor = Math.max(n - 1, 1);
  const budget = new PauseBudget();
  const { variances, components, totalVariance } = d <= n ? yield* fromCovariance(samples, mean, k, divisor, budget) : yield* fromGram(samples, mean, k, divisor, options.maxCopyValues ?? 1 << 22, budget);
  for (let c = 0; c < k; c++) orientComponent(components.subarray(c * d, (c + 1) * d));
  const basis: PcaBasis = { dimension: d, mean, components, count: k };
  const explainedVarianceRatio = variances.map((v) => (totalVariance > 0 ? v / totalVariance : 0));
  return { ...basis, variances, explainedVarianceRatio, totalVariance, projections: projectRows(basis, samples) };
}

/** Coordinates of the rows of [rows, cols] `data` in a fitted basis (centred by the basis's mean). */
export function projectOnto(basis: PcaBasis, data: FloatVector, rows: number, cols: number): Float64Array {
  if (cols !== basis.dimension) throw new Error(`projectOnto: the basis has dimension ${basis.dimension}, the data ${cols}`);
  if (data.length !== rows * cols) throw new Error(`projectOnto: the matrix has ${data.length} values, not ${rows}×${cols}`);
  return projectRows(basis, rowViews(data, rows, cols));
}

/** Makes the entry of largest magnitude positive (the first such entry on a tie). */
export function orientComponent(component: Float64Array): void {
  let best = 0;
  for (let j = 1; j < component.length; j++) if (Math.abs(component[j]!) > Math.abs(component[best]!)) best = j;
  if (component[best]! < 0) for (let j = 0; j < component.length; j++) component[j] = -component[j]!;
}

/** The mean of the samples, each value summed in sample order. */
function meanOf(samples: readonly FloatVector[], d: number): Float64Array {
  const mean = new Float64Array(d);
  for (const s of samples) for (let j = 0; j < d; j++) mean[j] = mean[j]! + s[j]!;
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / samples.length;
  return mean;
}

function rowViews(data: FloatVector, rows: number, cols: number): FloatVector[] {
  return Array.from({ length: rows }, (_, r) => data.subarray(r * cols, (r + 1) * cols));
}

function projectRows(basis: PcaBasis, samples: readonly FloatVector[]): Float64Array {
  const { dimension: d, count: k, mean, components } = basis;
  const out = new Float64Array(samples.length * k);
  const centred = new Float64Array(d);
  samples.forEach((s, r) => {
    for (let j = 0; j < d; j++) centred[j] = s[j]! - mean[j]!;
    for (let c = 0; c < k; c++) out[r * k + c] = dot(centred, components.subarray(c * d, (c + 1) * d));
  });
  return out;
}

interface Decomposition {
  readonly variances: Float64Array;
  readonly components: Float64Array;
  readonly totalVariance: number;
}

/** d ≤ n: the d×d covariance, accumulated one centred sample at a time (upper triangle, mirrored). */
function* fromCovariance(samples: readonly FloatVector[], mean: Float64Array, k: number, divisor: number, budget: PauseBudget): Work<Decomposition> {
  const d = mean.length;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (const s of samples) {
    addCentredOuterProduct(covariance, s, mean, centred);
    if (budget.spend((d * (d + 1)) / 2)) yield;
  }
  const totalVariance = divideAndMirror(covariance, d, divisor);
  const eigen = yield* symmetricEigenWork(covariance, d, budget);
  return { variances: eigen.values.slice(0, k).map((v) => Math.max(v, 0)), components: eigen.vectors.slice(0, k * d), totalVariance };
}

/** Divides the upper triangle of the d×d `covariance` by `divisor` and mirrors it; returns the trace. */
function divideAndMirror(covariance: Float64Array, d: number, divisor: number): number {
  let totalVariance = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const value = covariance[a * d + b]! / divisor;
      covariance[a * d + b] = value;
      covariance[b * d + a] = value;
    }
    totalVariance += covariance[a * d + a]!;
  }
  return totalVariance;
}

/** Adds (s − μ)(s − μ)ᵀ to the upper triangle of the d×d `covariance` (`centred`: scratch of d values). */
function addCentredOuterProduct(covariance: Float64Array, s: FloatVector, mean: Float64Array, centred: Float64Array): void {
  const d = mean.length;
  for (let j = 0; j < d; j++) centred[j] = s[j]! - mean[j]!;
  for (let a = 0; a < d; a++) {
    const ca = centred[a]!;
    if (ca === 0) continue;
    const row = a * d;
    for (let b = a; b < d; b++) covariance[row + b] = covariance[row + b]! + ca * centred[b]!;
  }
}

/** The centred Gram matrix from a centred float64 copy, four dot products at a time (each loaded value of row i serves four rows). */
function* gramOfCopies(samples: readonly FloatVector[], mean: Float64Array, divisor: number, budget: PauseBudget): Work<Float64Array> {
  const n = samples.length;
  const d = mean.length;
  const c = new Float64Array(n * d);
  samples.forEach((s, i) => {
    for (let j = 0; j < d; j++) c[i * d + j] = s[j]! - mean[j]!;
  });
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    gramRowOfCopies(c, gram, i, n, d, divisor);
    if (budget.spend((i + 1) * d)) yield;
  }
  return gram;
}

/** Row i of the Gram matrix up to its diagonal (and its mirror) from the centred copy `c`. */
function gramRowOfCopies(c: Float64Array, gram: Float64Array, i: number, n: number, d: number, divisor: number): void {
  const store = (o: number, sum: number): void => {
    gram[i * n + o] = sum / divisor;
    gram[o * n + i] = sum / divisor;
  };
  const ri = i * d;
  let o = 0;
  for (; o + 3 <= i; o += 4) {
    const r0 = o * d;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < d; j++) {
      const x = c[ri + j]!;
      s0 += x * c[r0 + j]!;
      s1 += x * c[r0 + d + j]!;
      s2 += x * c[r0 + 2 * d + j]!;
      s3 += x * c[r0 + 3 * d + j]!;
    }
    store(o, s0);
    store(o + 1, s1);
    store(o + 2, s2);
    store(o + 3, s3);
  }
  for (; o <= i; o++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += c[ri + j]! * c[o * d + j]!;
    store(o, sum);
  }
}

/** The centred Gram matrix without a copy of the samples (a million-value snapshot each): one centred row at a time. */
function* gramStreamed(samples: readonly FloatVector[], mean: Float64Array, divisor: number, budget: PauseBudget): Work<Float64Array> {
  const n = samples.length;
  const d = mean.length;
  const gram = new Float64Array(n * n);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    gramRowStreamed(samples, mean, divisor, gram, i, centred);
    if (budget.spend((i + 1) * d)) yield;
  }
  return gram;
}

/** Row i of the Gram matrix up to its diagonal (and its mirror), centring each sample as it is read. */
function gramRowStreamed(samples: readonly FloatVector[], mean: Float64Array, divisor: number, gram: Float64Array, i: number, centred: Float64Array): void {
  const n = samples.length;
  const d = mean.length;
  const si = samples[i]!;
  for (let j = 0; j < d; j++) centred[j] = si[j]! - mean[j]!;
  for (let other = 0; other <= i; other++) {
    const so = samples[other]!;
    let sum = 0;
    for (let j = 0; j < d; j++) sum += centred[j]! * (so[j]! - mean[j]!);
    gram[i * n + other] = sum / divisor;
    gram[other * n + i] = sum / divisor;
  }
}

/** d > n: the n×n Gram matrix of centred samples; components X̃ᵀu normalised, completed if degenerate. */
function* fromGram(samples: readonly FloatVector[], mean: Float64Array, k: number, divisor: number, maxCopyValues: number, budget: PauseBudget): Work<Decomposition> {
  const n = samples.length;
  const d = mean.length;
  const gram = n * d <= maxCopyValues ? yield* gramOfCopies(samples, mean, divisor, budget) : yield* gramStreamed(samples, mean, divisor, budget);
  let totalVariance = 0;
  for (let i = 0; i < n; i++) totalVariance += gram[i * n + i]!;
  const eigen = yield* symmetricEigenWork(gram, n, budget);
  const variances = new Float64Array(k);
  const components = new Float64Array(k * d);
  const accepted: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const component = components.subarray(c * d, (c + 1) * d);
    const value = c < n ? Math.max(eigen.values[c]!, 0) : 0;
    // Only a clearly non-zero eigenvalue has a meaningful X̃ᵀu; the rest are completed to an orthonormal set.
    if (value > 1e-12 * Math.max(totalVariance, Number.MIN_VALUE)) {
      addWeightedCentredRows(component, samples, mean, eigen.vectors.subarray(c * n, (c + 1) * n));
      variances[c] = value;
    }
    if (!orthonormaliseAgainst(component, accepted)) variances[c] = 0;
    accepted.push(component);
    if (budget.spend(n * d)) yield;
  }
  return { variances, components, totalVariance };
}

/** component += Σᵢ weights[i]·(samplesᵢ − μ): X̃ᵀu for a Gram eigenvector u. */
function addWeightedCentredRows(component: Float64Array, samples: readonly FloatVector[], mean: Float64Array, weights: Float64Array): void {
  const d = mean.length;
  for (let i = 0; i < samples.length; i++) {
    const weight = weights[i]!;
    const si = samples[i]!;
    for (let j = 0; j < d; j++) component[j] = component[j]! + weight * (si[j]! - mean[j]!);
  }
}
