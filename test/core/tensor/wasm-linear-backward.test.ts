// linear's backward in one visit to WebAssembly (kernels/matmul.ts `linearBackward`) against the
// three kernels it replaces (dX += dY·Wᵀ, dW += Xᵀ·dY, dbias += column sums), all on the fast
// backend: the same bits, whether dX is a buffer of zeros filled in wasm or holds values to add
// to, with any of the three gradients left out, and from 1024 rows on (dW from a transposed X).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastKernelsAvailable, kernelBackend, setKernelBackend } from '../../../core/tensor';
import { addColumnSums } from '../../../core/tensor/kernels/elementwise';
import { linearBackward, matmulTransposeAAccumulate, matmulTransposeBAccumulate } from '../../../core/tensor/kernels/matmul';
import { TestRandom } from './support/random';

const random = new TestRandom(12);
const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => random.normal());
const bits = (x: Float32Array | undefined): Uint32Array | undefined => x && new Uint32Array(x.buffer, x.byteOffset, x.length);

test('linearBackward gives the bits of the three separate kernels', { skip: !fastKernelsAvailable() && 'no WebAssembly SIMD here' }, () => {
  const previous = kernelBackend();
  setKernelBackend('fast', { matmul: 0, elementwise: 0 });
  try {
    for (const [rows, n, m] of [[37, 13, 9], [64, 64, 192], [5, 1, 3], [200, 70, 65], [1030, 13, 9]] as const) {
      for (const [dxZero, withW, withBias] of [[true, true, true], [false, true, true], [true, false, false], [false, true, false]] as const) {
        const [x, w, dy] = [values(rows * n), values(n * m), values(rows * m)];
        const start = { dx: dxZero ? new Float32Array(rows * n) : values(rows * n), dw: values(n * m), db: values(m) };
        const fused = { dx: start.dx.slice(), dw: withW ? start.dw.slice() : undefined, db: withBias ? start.db.slice() : undefined };
        linearBackward(x, w, dy, { ...fused, dxZero }, rows, n, m);
        const separate = { dx: start.dx.slice(), dw: withW ? start.dw.slice() : undefined, db: withBias ? start.db.slice() : undefined };
        matmulTransposeBAccumulate(dy, w, separate.dx, rows, m, n);
        if (separate.dw) matmulTransposeAAccumulate(x, dy, separate.dw, n, rows, m);
        if (separate.db) addColumnSums(dy, separate.db);
        const what = `rows ${rows}, n ${n}, m ${m}, dX ${dxZero ? 'zeros' : 'values'}`;
        assert.deepEqual(bits(fused.dx), bits(separate.dx), `dX, ${what}`);
        assert.deepEqual(bits(fused.dw), bits(separate.dw), `dW, ${what}`);
        assert.deepEqual(bits(fused.db), bits(separate.db), `dbias, ${what}`);
      }
    }
  } finally {
    setKernelBackend(previous);
  }
});
