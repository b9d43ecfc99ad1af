// linearGelu (dense + GELU as one op, core/tensor/ops/matmul.ts) split across kernel threads: its
// forward product and its backward's two (split size 0: every one splits) give the one-thread
// bits, output and every gradient (1040 rows: dW reads a transposed X, see wasm/matmul.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../core/tensor';
import { Random } from '../../core/common/random';
import { useKernelThreads } from '../../node/kernel-threads';
import { enableRelaxedSimd } from '../../node/wasm-features';

enableRelaxedSimd();

/** Output and gradients of one linearGelu on `threads` threads, as raw bits, and the rounds run split. */
function runOn(threads: number, inputs: readonly Float32Array[], dy: Float32Array): { bits: Uint32Array[]; rounds: number } {
  assert.equal(useKernelThreads(threads), threads);
  try {
    const [x, w, b] = [t.parameter(inputs[0]!.slice(), [2, 520, 12]), t.parameter(inputs[1]!.slice(), [12, 20]), t.parameter(inputs[2]!.slice(), [20])];
    return new t.Tape().run(() => {
      const y = t.linearGelu(t.mulScalar(x, 1), w, b);
      t.backward(y, dy);
      return { bits: [y.data, x.grad, w.grad, b.grad].map((values) => new Uint32Array(values.slice().buffer)), rounds: t.kernelThreadRounds() };
    });
  } finally {
    useKernelThreads(1);
  }
}

test('linearGelu gives the same bits on 1, 2 and 3 kernel threads with every product split', () => {
  t.setKernelBackend('fast', { matmul: 0, elementwise: 0, parallel: 0 });
  try {
    const random = new Random(5);
    const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => random.normal());
    const inputs = [values(2 * 520 * 12), values(12 * 20), values(20)];
    const dy = values(2 * 520 * 20);
    const one = runOn(1, inputs, dy);
    const two = runOn(2, inputs, dy);
    assert.equal(one.rounds, 0);
    assert.ok(two.rounds > 0, 'products ran split');
    assert.deepEqual(two.bits, one.bits);
    assert.deepEqual(runOn(3, inputs, dy).bits, one.bits);
  } finally {
    t.setKernelBackend('fast');
  }
});
