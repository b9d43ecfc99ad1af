// causalAttention (one op for attention's core) against the five ops it replaces in the attention
// layer (splitHeads ×3 → batchMatmul(q, k, transposed) → causalSoftmax → batchMatmul(·, v) →
// mergeHeads): the same output, weights and gradient bits on each backend, with the fast
// backend's WebAssembly chain, its size thresholds and its fallbacks, since the tiny GPT's
// training run must not change by a bit with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../core/tensor';
import { Random } from '../../../core/common/random';

const random = new Random(11);
const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => random.normal() * 2);

const sameBits = (a: Float32Array, b: Float32Array, what: string): void => {
  assert.equal(a.length, b.length, what);
  assert.deepEqual(new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length), what);
};

type Core = (packed: T.Tensor) => { output: T.Tensor; weights: T.Tensor };

const fused = (heads: number, scale: number): Core => (packed) => T.causalAttention(packed, heads, scale);

const composed = (heads: number, scale: number): Core => (packed) => {
  const width = packed.shape[packed.shape.length - 1]! / 3;
  const q = T.splitHeads(packed, heads, 0, width, scale);
  const k = T.splitHeads(packed, heads, width, width);
  const v = T.splitHeads(packed, heads, 2 * width, width);
  const weights = T.causalSoftmax(T.batchMatmul(q, k, true));
  return { output: T.mergeHeads(T.batchMatmul(weights, v)), weights };
};

/**
 * Output, weights and the packed input's gradient. `alsoDirect`: the packed input also feeds the
 * loss directly (its gradient is not fresh when the core's rule runs).
 */
function run(x: Float32Array, shape: number[], core: Core, dy: Float32Array, alsoDirect: boolean): Float32Array[] {
  const input = T.tensor(x, shape, { requiresGrad: true });
  return new T.Tape().run(() => {
    const { output, weights } = core(input);
    const width = shape[shape.length - 1]! / 3;
    const loss = alsoDirect ? T.add(output, T.narrow(input, shape.length - 1, width, width)) : output;
    T.backward(loss, dy);
    return [output.data.slice(), weights.data.slice(), input.grad!.slice()];
  });
}

const cases = [
  { batch: 3, length: 5, heads: 2, headSize: 3 }, // ragged gemm edges (T mod 4, s mod 8)
  { batch: 2, length: 64, heads: 4, headSize: 16 }, // the tiny GPT's heads
  { batch: 1, length: 137, heads: 2, headSize: 8 }, // sums over more than 64 terms: $causalGemm's bands across blocks
];
const backends: [string, () => void][] = [
  ['reference', () => T.setKernelBackend('reference')],
  ['fast (default thresholds)', () => T.setKernelBackend('fast')],
  ['fast (every kernel in WebAssembly)', () => T.setKernelBackend('fast', { matmul: 0, elementwise: 0 })],
];

test('causalAttention gives the bits of splitHeads → batchMatmul → causalSoftmax → batchMatmul → mergeHeads', () => {
  try {
    for (const [name, use] of backends) {
      use();
      for (const { batch, length, heads, headSize } of cases) {
        const width = heads * headSize;
        const shape = [batch, length, 3 * width];
        const x = values(batch * length * 3 * width);
        const dy = values(batch * length * width);
        for (const scale of [1 / Math.sqrt(headSize), 1]) {
          for (const alsoDirect of [false, true]) {
            const a = run(x, shape, fused(heads, scale), dy, alsoDirect);
            const b = run(x, shape, composed(heads, scale), dy, alsoDirect);
            const what = `${name}, T ${length}, ${heads} heads of ${headSize}, scale ${scale}${alsoDirect ? ', gradient not fresh' : ''}`;
            ['output', 'weights', 'gradient'].forEach((part, i) => sameBits(a[i]!, b[i]!, `${part}: ${what}`));
          }
        }
      }
    }
  } finally {
    T.setKernelBackend('fast');
  }
});

test('causalAttention checks its input', () => {
  assert.throws(() => T.causalAttention(T.zeros([2, 3, 12]), 3, 1), /^Error: causalAttention: x \[2, 3, 12\] is not \[\.\.\., T, 3d\] with d divisible by 3 heads$/);
});
