// linearGelu (dense(activation: gelu) as one op) against gelu(linear(…)), the two ops it fuses:
// the same bits forward and backward, on the reference kernels, on the fast backend with its
// thresholds (above and below them) and with every kernel forced to WebAssembly, with x a fresh
// intermediate (its gradient created by the rule) or a leaf whose gradient already holds values,
// with and without a bias, inside a tape and without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../core/tensor';
import { TestRandom } from './support/random';

const random = new TestRandom(21);
const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => 2 * random.normal());
const bits = (x: Float32Array | undefined): number[] => (x ? Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)) : []);

interface Case {
  readonly xShape: readonly number[];
  readonly m: number;
  readonly bias: boolean;
  /** x is an op's output (no gradient until the rule makes one) rather than a leaf holding one. */
  readonly intermediate: boolean;
}

/** Output, dx (of the leaf behind x), dw, dbias of `fuse ? linearGelu : gelu ∘ linear` for one seed. */
function run(c: Case, inputs: readonly Float32Array[], fuse: boolean): number[][] {
  const [xData, wData, bData, seed, startGrad] = inputs as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const n = c.xShape[c.xShape.length - 1]!;
  const leaf = T.parameter(xData.slice(), c.xShape);
  leaf.grad.set(startGrad);
  const w = T.parameter(wData.slice(), [n, c.m]);
  const b = c.bias ? T.parameter(bData.slice(), [c.m]) : undefined;
  const x = c.intermediate ? T.mulScalar(leaf, 1) : leaf;
  const y = fuse ? T.linearGelu(x, w, b) : T.gelu(T.linear(x, w, b));
  T.backward(y, seed);
  return [bits(y.data), bits(leaf.grad), bits(w.grad), bits(b?.grad)];
}

const cases: Case[] = [
  { xShape: [64, 64], m: 256, bias: true, intermediate: true }, // the tiny GPT's MLP, per 64 rows
  { xShape: [3, 37, 13], m: 9, bias: true, intermediate: false },
  { xShape: [5, 3], m: 7, bias: false, intermediate: true }, // below every threshold
  { xShape: [200, 70], m: 65, bias: false, intermediate: false },
];

const backends: Array<[string, () => void]> = [
  ['reference', () => T.setKernelBackend('reference')],
  ['fast', () => T.setKernelBackend('fast')],
  ['fast, forced', () => T.setKernelBackend('fast', { matmul: 0, elementwise: 0 })],
];

test('linearGelu gives the bits of gelu(linear(…)), forward and backward, on every backend', () => {
  const previous = T.kernelBackend();
  try {
    for (const c of cases) {
      const rows = c.xShape.slice(0, -1).reduce((p, q) => p * q, 1);
      const n = c.xShape[c.xShape.length - 1]!;
      const inputs = [values(rows * n), values(n * c.m), values(c.m), values(rows * c.m), values(rows * n)];
      for (const [name, select] of backends) {
        select();
        for (const tape of [undefined, new T.Tape()]) {
          const separate = tape ? tape.run(() => run(c, inputs, false)) : run(c, inputs, false);
          const fused = tape ? tape.run(() => run(c, inputs, true)) : run(c, inputs, true);
          const what = `${name}, x ${JSON.stringify(c.xShape)}·[${n}, ${c.m}]${c.bias ? ' + bias' : ''}${tape ? ', on a tape' : ''}`;
          ['output', 'dx', 'dw', 'dbias'].forEach((part, i) => assert.deepEqual(fused[i], separate[i], `${part}, ${what}`));
        }
      }
    }
  } finally {
    T.setKernelBackend(previous);
  }
});

test('linearGelu without a gradient to record keeps no derivative and records no node', () => {
  const x = T.tensor(values(12), [3, 4]);
  const w = T.tensor(values(8), [4, 2]);
  const y = T.linearGelu(x, w);
  assert.equal(y.node, undefined);
  assert.deepEqual(bits(y.data), bits(T.gelu(T.linear(x, w)).data));
});

test('linearGelu names itself in shape errors', () => {
  assert.throws(() => T.linearGelu(T.zeros([2, 3]), T.zeros([4, 5])), /^Error: linearGelu: inner dimensions differ: x is \[2, 3\], w is \[4, 5\]/);
});
