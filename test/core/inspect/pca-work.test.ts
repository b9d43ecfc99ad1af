// PCA in slices (issue 17 §4): `pcaWork` pauses about every million operations so the training
// worker can answer Stop in the middle of a layer's projection, and gives the same bits as the PCA
// computed at once before it was sliced. Counted, not timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca, pcaWork } from '../../../core/inspect/pca';
import { symmetricEigen, symmetricEigenWork } from '../../../core/inspect/symmetric-eigen';
import { PauseBudget } from '../../../core/inspect/pause-budget';
import { Random } from '../../../core/common/random';

/** FNV-1a over the bytes of the arrays: one number that changes when any bit does. */
function fingerprint(arrays: readonly Float64Array[]): string {
  let hash = 0x811c9dc5;
  for (const array of arrays) {
    for (const byte of new Uint8Array(array.buffer, array.byteOffset, array.byteLength)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

// Fingerprints of the results of the PCA as it was before it was sliced (main at efde5da), on the
// same seeded matrices: the Gram route with a centred copy, the covariance route, the Gram route
// streamed, and three components.
const cases = [
  { rows: 256, cols: 1024, options: {}, before: '96845a71' },
  { rows: 256, cols: 64, options: {}, before: '9de197e1' },
  { rows: 40, cols: 300, options: { maxCopyValues: 100 }, before: '4af50c19' },
  { rows: 256, cols: 300, options: { components: 3 }, before: '5327976b' },
] as const;

test('the sliced PCA gives the bits the PCA gave before it was sliced (Gram, covariance, streamed Gram, 3 components)', () => {
  const random = new Random(17);
  for (const { rows, cols, options, before } of cases) {
    const data = new Float32Array(rows * cols).map(() => random.normal());
    const result = pca(data, rows, cols, { components: 2, ...options });
    assert.equal(fingerprint([result.projections, result.components, result.variances, result.mean]), before, `${rows}×${cols} ${JSON.stringify(options)}`);
    // Pulled one pause at a time, the same bits again.
    const work = pcaWork(data, rows, cols, { components: 2, ...options });
    let next = work.next();
    while (!next.done) next = work.next();
    assert.equal(fingerprint([next.value.projections, next.value.components, next.value.variances, next.value.mean]), before);
  }
});

test('a 256 × 1,024 PCA pauses about once per million operations, so no stretch holds the whole projection', () => {
  const [rows, cols] = [256, 1024];
  const random = new Random(3);
  const data = new Float32Array(rows * cols).map(() => random.normal());
  const work = pcaWork(data, rows, cols);
  let pauses = 0;
  while (!work.next().done) pauses++;
  // The Gram matrix alone is 256·257/2 rows × 1,024 = 33.7M multiply-adds; the 256×256
  // decomposition about 3·256³ = 50M more. Before the slicing the PCA was one stretch.
  const gramOperations = ((rows * (rows + 1)) / 2) * cols;
  assert.ok(pauses >= Math.floor(gramOperations / (1 << 20)), `${pauses} pauses`);
});

test('the eigen-decomposition in slices: the same bits as at once, and paused by the operations spent', () => {
  const n = 200;
  const random = new Random(5);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) matrix[i * n + j] = matrix[j * n + i] = random.normal();
  }
  const whole = symmetricEigen(matrix, n);
  const work = symmetricEigenWork(matrix, n, new PauseBudget(1 << 16));
  let pauses = 0;
  let next = work.next();
  while (!next.done) {
    pauses++;
    next = work.next();
  }
  assert.deepEqual(next.value.values, whole.values);
  assert.deepEqual(next.value.vectors, whole.vectors);
  // tred2 alone spends about 4n³/3 ≈ 10.7M operations: well over 100 pauses of 65,536.
  assert.ok(pauses >= 100, `${pauses} pauses`);
});
