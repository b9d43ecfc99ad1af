// Attention's fused head split and join against the ops they replace in the attention layer
// (narrow → reshape → permute → mulScalar, and permute → reshape): the same output bits and the
// same gradient bits, since the tiny GPT's training run must not change by a bit with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../core/tensor';
import { Random } from '../../../core/common/random';

const random = new Random(7);
const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => random.normal() * 3);

/** The output's data and x's gradient after backward(output, dy). */
function run(x: Float32Array, shape: number[], op: (x: T.Tensor) => T.Tensor, dy: Float32Array): { out: Float32Array; grad: Float32Array } {
  const input = T.tensor(x, shape, { requiresGrad: true });
  const tape = new T.Tape();
  return tape.run(() => {
    const output = op(input);
    T.backward(output, dy);
    return { out: output.data.slice(), grad: input.grad!.slice() };
  });
}

const sameBits = (a: Float32Array, b: Float32Array, what: string): void => {
  assert.equal(a.length, b.length, what);
  assert.deepEqual(new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length), what);
};

test('splitHeads gives the bits of narrow → reshape → permute → mulScalar, forward and backward', () => {
  const [batch, length, width, heads] = [3, 5, 8, 4];
  const shape = [batch, length, 3 * width];
  const x = values(batch * length * 3 * width);
  for (const [part, scale] of [[0, 1 / Math.sqrt(width / heads)], [1, 1], [2, 1], [1, -0.3]] as const) {
    const dy = values(batch * length * width);
    const fused = run(x, shape, (input) => T.splitHeads(input, heads, part * width, width, scale), dy);
    const composed = run(x, shape, (input) => {
      const heads4 = T.permute(T.reshape(T.narrow(input, 2, part * width, width), [batch, length, heads, width / heads]), [0, 2, 1, 3]);
      return scale === 1 ? heads4 : T.mulScalar(heads4, scale);
    }, dy);
    sameBits(fused.out, composed.out, `output of part ${part}`);
    sameBits(fused.grad, composed.grad, `gradient of part ${part}`);
  }
});

test('mergeHeads gives the bits of permute → reshape, forward and backward', () => {
  const [batch, heads, length, headSize] = [2, 3, 5, 4];
  const x = values(batch * heads * length * headSize);
  const dy = values(x.length);
  const fused = run(x, [batch, heads, length, headSize], T.mergeHeads, dy);
  const composed = run(x, [batch, heads, length, headSize], (input) => T.reshape(T.permute(input, [0, 2, 1, 3]), [batch, length, heads * headSize]), dy);
  sameBits(fused.out, composed.out, 'output');
  sameBits(fused.grad, composed.grad, 'gradient');
});

test('splitHeads and mergeHeads say what is wrong with their input', () => {
  assert.throws(() => T.splitHeads(T.zeros([2, 3, 12]), 5, 0, 12), /^Error: splitHeads: columns 0…12 of x \[2, 3, 12\] do not split into 5 heads$/);
  assert.throws(() => T.splitHeads(T.zeros([2, 3, 12]), 2, 8, 8), /^Error: splitHeads: columns 8…16 of x \[2, 3, 12\] do not split into 2 heads$/);
  assert.throws(() => T.mergeHeads(T.zeros([3, 4])), /^Error: mergeHeads: x must be \[\.\.\., heads, T, s\], got \[3, 4\]$/);
});
