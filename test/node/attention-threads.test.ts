// The fused causal attention (core/tensor/kernels/attention.ts) split across kernel threads: every
// product of its chain split (split size 0) gives the one-thread bits, forward and backward.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../core/tensor';
import { Random } from '../../core/common/random';
import { useKernelThreads } from '../../node/kernel-threads';
import { enableRelaxedSimd } from '../../node/wasm-features';

enableRelaxedSimd();

/** Output, weights and input gradient of one causalAttention on `threads` threads, as raw bits, and the rounds run split. */
function runOn(threads: number, x: Float32Array, shape: number[], dy: Float32Array): { bits: Uint32Array[]; rounds: number } {
  assert.equal(useKernelThreads(threads), threads);
  try {
    const input = t.tensor(x, shape, { requiresGrad: true });
    return new t.Tape().run(() => {
      const { output, weights } = t.causalAttention(input, 2, 1 / Math.sqrt(5));
      t.backward(output, dy);
      return { bits: [output.data, weights.data, input.grad!].map((values) => new Uint32Array(values.slice().buffer)), rounds: t.kernelThreadRounds() };
    });
  } finally {
    useKernelThreads(1);
  }
}

test('causalAttention gives the same bits on 1, 2 and 3 kernel threads with every product split', () => {
  t.setKernelBackend('fast', { matmul: 0, elementwise: 0, parallel: 0 });
  try {
    const random = new Random(3);
    const [batch, length, width] = [3, 13, 10];
    const shape = [batch, length, 3 * width];
    const x = Float32Array.from({ length: batch * length * 3 * width }, () => random.normal());
    const dy = Float32Array.from({ length: batch * length * width }, () => random.normal());
    const one = runOn(1, x, shape, dy);
    const two = runOn(2, x, shape, dy);
    assert.equal(one.rounds, 0);
    assert.ok(two.rounds > 0, 'products ran split');
    assert.deepEqual(two.bits, one.bits);
    assert.deepEqual(runOn(3, x, shape, dy).bits, one.bits);
  } finally {
    t.setKernelBackend('fast');
  }
});
