// PCA, the symmetric eigen-solver and Procrustes against PyTorch (float64 SVD / eigh) and against
// constructions with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orientComponent, pca, pcaOfRows, projectOnto } from '../../../core/inspect/pca';
import { procrustes } from '../../../core/inspect/procrustes';
import { symmetricEigen } from '../../../core/inspect/symmetric-eigen';
import { Random } from '../../../core/common/random';
import { inspectFixture } from './inspect-fixture';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 1e-300;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    assert.ok(error <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (${(error / scale).toExponential(2)} of the scale)`);
  }
}

for (const c of inspectFixture.eigh) {
  test(`symmetricEigen ${c.name}: eigenvalues match torch.linalg.eigh, vectors are orthonormal eigenvectors`, () => {
    const n = c.matrix.shape[0]!;
    const { values, vectors } = symmetricEigen(c.matrix.data, n);
    assertClose(values, c.values.data, 1e-12, 'eigenvalues');
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += c.matrix.data[i * n + j]! * vectors[k * n + j]!;
        assert.ok(Math.abs(av - values[k]! * vectors[k * n + i]!) < 1e-11 * Math.max(1, Math.abs(values[0]!)), `A·v = λ·v for ${k}`);
      }
      for (let l = 0; l < n; l++) {
        let d = 0;
        for (let j = 0; j < n; j++) d += vectors[k * n + j]! * vectors[l * n + j]!;
        assert.ok(Math.abs(d - (k === l ? 1 : 0)) < 1e-12, `orthonormal ${k}, ${l}`);
      }
    }
  });
}

test('symmetricEigen: diagonal, 1×1, zero and NaN inputs', () => {
  assert.deepEqual(Array.from(symmetricEigen([5], 1).values), [5]);
  const diagonal = symmetricEigen([1, 0, 0, 0, 3, 0, 0, 0, 2], 3);
  assert.deepEqual(Array.from(diagonal.values), [3, 2, 1]);
  assert.deepEqual(Array.from(diagonal.vectors.subarray(0, 3)).map(Math.abs), [0, 1, 0]);
  assert.deepEqual(Array.from(symmetricEigen(new Float64Array(4), 2).values), [0, 0]);
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /expected 2×2/);
});

for (const c of inspectFixture.pca) {
  test(`pca ${c.name} (${c.cols <= c.rows ? 'covariance' : 'Gram'} route) matches the SVD of PyTorch`, () => {
    const result = pca(Float32Array.from(c.data.data), c.rows, c.cols, { components: c.k });
    if (c.cols > c.rows) {
      // The Gram matrix without a centred copy (as for million-value snapshots) gives the same.
      const streamed = pca(Float32Array.from(c.data.data), c.rows, c.cols, { components: c.k, maxCopyValues: 0 });
      assertClose(streamed.projections, result.projections, 1e-12, 'streamed Gram route');
    }
    assertClose(result.mean, c.mean.data, 1e-12, 'mean');
    assertClose(result.variances, c.variances.data, 1e-9, 'variances');
    assertClose(result.explainedVarianceRatio, c.explained_variance_ratio.data, 1e-9, 'explained variance ratio');
    assert.ok(Math.abs(result.totalVariance - c.total_variance) <= 1e-12 * c.total_variance);
    // Same sign convention on both sides, so components and projections compare directly.
    assertClose(result.components, c.components.data, 1e-8, 'components');
    assertClose(result.projections, c.projections.data, 1e-8, 'projections');
  });
}

test('pca: a sign-flipped data set gives the same components (the sign convention is deterministic)', () => {
  const random = new Random(3);
  const data = Float64Array.from({ length: 50 * 4 }, () => random.normal());
  const a = pca(data, 50, 4, { components: 3 });
  const b = pca(data.map((v) => -v), 50, 4, { components: 3 });
  assertClose(a.components, b.components, 1e-12, 'components');
  assertClose(a.projections, b.projections.map((v) => -v), 1e-12, 'projections');
  for (let c = 0; c < 3; c++) {
    const component = a.components.slice(c * 4, c * 4 + 4);
    const before = Array.from(component);
    orientComponent(component);
    assert.deepEqual(Array.from(component), before, 'already oriented');
    assert.ok(component[component.map(Math.abs).indexOf(Math.max(...component.map(Math.abs)))]! > 0);
  }
});

test('pca: data on a line has one component with all the variance; the others are completed orthonormally', () => {
  for (const [rows, cols] of [
    [20, 3],
    [3, 20],
  ] as const) {
    const direction = Float64Array.from({ length: cols }, (_, j) => (j % 3) - 1 + 0.25);
    const data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) data[r * cols + j] = 5 + (r - 1.5) * direction[j]!;
    const result = pca(data, rows, cols, { components: 3 });
    assert.ok(Math.abs(result.explainedVarianceRatio[0]! - 1) < 1e-12, `${rows}×${cols}: ratio ${result.explainedVarianceRatio[0]}`);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let d = 0;
        for (let j = 0; j < cols; j++) d += result.components[a * cols + j]! * result.components[b * cols + j]!;
        assert.ok(Math.abs(d - (a === b ? 1 : 0)) < 1e-12, `${rows}×${cols}: components ${a}, ${b} orthonormal`);
      }
    }
    assert.ok(result.variances[1]! < 1e-12 * result.variances[0]!);
  }
  const constant = pca(new Float64Array(12).fill(2), 4, 3);
  assert.deepEqual(Array.from(constant.explainedVarianceRatio), [0, 0]);
  assert.equal(constant.totalVariance, 0);
});

test('pcaOfRows and projectOnto: separate row vectors give the same result; a fixed basis reprojects its own data exactly', () => {
  const c = inspectFixture.pca[0]!;
  const data = Float32Array.from(c.data.data);
  const rows = Array.from({ length: c.rows }, (_, r) => data.slice(r * c.cols, (r + 1) * c.cols));
  const fromRows = pcaOfRows(rows, { components: c.k });
  const fromMatrix = pca(data, c.rows, c.cols, { components: c.k });
  assert.deepEqual(Array.from(fromRows.projections), Array.from(fromMatrix.projections));
  assert.deepEqual(Array.from(projectOnto(fromMatrix, data, c.rows, c.cols)), Array.from(fromMatrix.projections));
  // Shifted data in a fixed basis moves by the shift's coordinates (the basis keeps its own mean).
  const shifted = data.map((v, i) => v + (i % c.cols === 0 ? 1 : 0));
  const moved = projectOnto(fromMatrix, shifted, c.rows, c.cols);
  for (let r = 0; r < c.rows; r++) for (let k = 0; k < c.k; k++) assert.ok(Math.abs(moved[r * c.k + k]! - fromMatrix.projections[r * c.k + k]! - fromMatrix.components[k * c.cols]!) < 1e-5);
  assert.throws(() => pca(data, 10, 10), /not 10×10/);
  assert.throws(() => pca(data, c.rows, c.cols, { components: c.cols + 1 }), /components must be an integer/);
});

for (const c of inspectFixture.procrustes) {
  test(`procrustes ${c.name} matches the SVD solution of PyTorch`, () => {
    const result = procrustes(c.source.data, c.reference.data, c.rows, c.k, { allowReflection: c.allow_reflection });
    assertClose(result.rotation, c.rotation.data, 1e-10, 'rotation');
    assert.ok(Math.abs(result.residual - c.residual) < 1e-10 * c.residual);
  });
}

test('procrustes recovers a known rotation (2-D and 3-D) and a known reflection', () => {
  const random = new Random(11);
  const cases: Array<{ k: number; r: number[]; reflection: boolean }> = [
    { k: 2, r: [Math.cos(2.1), Math.sin(2.1), -Math.sin(2.1), Math.cos(2.1)], reflection: false },
    { k: 2, r: [1, 0, 0, -1], reflection: true },
    { k: 3, r: rotation3(0.4, -1.2, 2.5), reflection: false },
    { k: 3, r: rotation3(1.1, 0.3, -0.7).map((v, i) => (i % 3 === 2 ? -v : v)), reflection: true },
  ];
  for (const { k, r, reflection } of cases) {
    const rows = 30;
    const source = Float64Array.from({ length: rows * k }, () => random.normal());
    const reference = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) for (let b = 0; b < k; b++) for (let a = 0; a < k; a++) reference[i * k + b] = reference[i * k + b]! + source[i * k + a]! * r[a * k + b]!;
    const found = procrustes(source, reference, rows, k);
    assertClose(found.rotation, r, 1e-12, `k=${k} rotation`);
    assert.ok(found.residual < 1e-12, `residual ${found.residual}`);
    assertClose(found.aligned, reference, 1e-12, 'aligned');
    if (reflection) {
      // Without reflections the best proper rotation is returned instead: det = +1, a worse fit.
      const proper = procrustes(source, reference, rows, k, { allowReflection: false });
      assert.ok(proper.residual > 0.1);
      assert.ok(Math.abs(det(proper.rotation, k) - 1) < 1e-12);
    }
  }
});

test('procrustes with a rank-deficient cross product still returns an orthogonal map', () => {
  const rows = 10;
  const source = new Float64Array(rows * 3);
  const reference = new Float64Array(rows * 3);
  for (let i = 0; i < rows; i++) {
    source[i * 3] = i - 4.5; // everything on the first axis
    reference[i * 3 + 1] = i - 4.5; // mapped onto the second axis
  }
  const { rotation, residual } = procrustes(source, reference, rows, 3);
  assert.ok(residual < 1e-12);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      let d = 0;
      for (let j = 0; j < 3; j++) d += rotation[a * 3 + j]! * rotation[b * 3 + j]!;
      assert.ok(Math.abs(d - (a === b ? 1 : 0)) < 1e-12);
    }
  }
});

function rotation3(a: number, b: number, c: number): number[] {
  const rx = [1, 0, 0, 0, Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a)];
  const ry = [Math.cos(b), 0, Math.sin(b), 0, 1, 0, -Math.sin(b), 0, Math.cos(b)];
  const rz = [Math.cos(c), -Math.sin(c), 0, Math.sin(c), Math.cos(c), 0, 0, 0, 1];
  return multiply(multiply(rx, ry), rz);
}

function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j]! += a[i * 3 + k]! * b[k * 3 + j]!;
  return out;
}

function det(m: ArrayLike<number>, k: number): number {
  if (k === 2) return m[0]! * m[3]! - m[1]! * m[2]!;
  return m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
}
