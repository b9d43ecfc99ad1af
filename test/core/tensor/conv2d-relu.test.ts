// conv2dRelu (conv2d(activation: relu) as one op) against relu(conv2d(…)), the two ops it fuses:
// the same bits forward and backward, on the reference kernels, on the fast backend with its
// thresholds and with every kernel forced to WebAssembly; 'valid', 'same', strided and grouped
// convolutions, with and without a bias, x a leaf holding a gradient, a fresh intermediate, or an
// input without one; pre-activations that are exactly ±0 (a zero filter), NaN and −0 in dy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../core/tensor';
import type { ConvOptions } from '../../../core/tensor/kernels/conv-geometry';
import { TestRandom } from './support/random';

const random = new TestRandom(33);
const values = (count: number): Float32Array => Float32Array.from({ length: count }, () => 2 * random.normal());
const bits = (x: Float32Array | undefined): number[] => (x ? Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)) : []);

interface Case {
  readonly x: readonly [number, number, number, number];
  readonly filters: number;
  readonly kernel: number;
  readonly options: ConvOptions;
  readonly bias: boolean;
  readonly x_: 'leaf' | 'intermediate' | 'input';
}

/**
 * dy with NaNs and −0s among normal values. No infinities: +inf + −inf makes x86's default NaN
 * (sign bit set), and which of two NaNs a sum keeps depends on V8's operand order, which differs
 * between its wasm tiers (a tier-up mid-test changed a bias gradient's NaN sign): one NaN payload
 * keeps every sum's bits determined.
 */
function seed(count: number): Float32Array {
  const dy = values(count);
  for (let i = 0; i < count; i += 17) dy[i] = (i / 17) % 2 === 0 ? Number.NaN : -0;
  return dy;
}

/** Output, dx (of the leaf behind x), dweight, dbias of `fuse ? conv2dRelu : relu ∘ conv2d`. */
function run(c: Case, inputs: readonly Float32Array[], fuse: boolean): number[][] {
  const [xData, wData, bData, dy, startGrad] = inputs as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const groups = c.options.groups ?? 1;
  const leaf = c.x_ === 'input' ? T.tensor(xData.slice(), [...c.x]) : T.parameter(xData.slice(), [...c.x]);
  if (c.x_ !== 'input') leaf.grad!.set(startGrad);
  const w = T.parameter(wData.slice(), [c.filters, c.x[1] / groups, c.kernel, c.kernel]);
  const b = c.bias ? T.parameter(bData.slice(), [c.filters]) : undefined;
  const x = c.x_ === 'intermediate' ? T.mulScalar(leaf, 1) : leaf;
  const y = fuse ? T.conv2dRelu(x, w, b, c.options) : T.relu(T.conv2d(x, w, b, c.options));
  T.backward(y, dy.subarray(0, y.data.length));
  return [bits(y.data), bits(leaf.grad), bits(w.grad), bits(b?.grad)];
}

const cases: Case[] = [
  { x: [4, 1, 28, 28], filters: 8, kernel: 3, options: {}, bias: true, x_: 'input' }, // the bench's first conv
  { x: [3, 8, 13, 13], filters: 16, kernel: 3, options: {}, bias: true, x_: 'intermediate' }, // and its second
  { x: [2, 3, 14, 14], filters: 8, kernel: 3, options: { padding: [1, 1] }, bias: true, x_: 'leaf' },
  { x: [2, 4, 9, 11], filters: 6, kernel: 3, options: { stride: [2, 2], padding: [1, 1] }, bias: false, x_: 'intermediate' },
  { x: [3, 4, 7, 6], filters: 4, kernel: 2, options: { groups: 2 }, bias: true, x_: 'leaf' },
  { x: [1, 2, 3, 3], filters: 2, kernel: 1, options: {}, bias: false, x_: 'intermediate' }, // below every threshold
];

const backends: Array<[string, () => void]> = [
  ['reference', () => T.setKernelBackend('reference')],
  ['fast', () => T.setKernelBackend('fast')],
  ['fast, forced', () => T.setKernelBackend('fast', { matmul: 0, conv2d: 0, elementwise: 0 })],
];

test('conv2dRelu gives the bits of relu(conv2d(…)), forward and backward, on every backend', () => {
  const previous = T.kernelBackend();
  try {
    for (const c of cases) {
      const groups = c.options.groups ?? 1;
      const [batch, channels, height, width] = c.x;
      const weights = values((c.filters * channels * c.kernel * c.kernel) / groups);
      // the first filter is zero: its pre-activation is exactly the bias (or +0), relu's kink
      weights.fill(0, 0, (channels * c.kernel * c.kernel) / groups);
      const bias = values(c.filters);
      bias[0] = 0;
      const inputs = [values(batch * channels * height * width), weights, bias, seed(batch * c.filters * height * width), values(batch * channels * height * width)];
      for (const [name, select] of backends) {
        select();
        for (const tape of [undefined, new T.Tape()]) {
          const separate = tape ? tape.run(() => run(c, inputs, false)) : run(c, inputs, false);
          const fused = tape ? tape.run(() => run(c, inputs, true)) : run(c, inputs, true);
          const what = `${name}, ${JSON.stringify(c)}${tape ? ', on a tape' : ''}`;
          ['output', 'dx', 'dweight', 'dbias'].forEach((part, i) => assert.deepEqual(fused[i], separate[i], `${part}, ${what}`));
        }
      }
    }
  } finally {
    T.setKernelBackend(previous);
  }
});

test('conv2dRelu without a gradient to record records no node and gives relu(conv2d(…))', () => {
  const x = T.tensor(values(2 * 3 * 6 * 6), [2, 3, 6, 6]);
  const w = T.tensor(values(4 * 3 * 3 * 3), [4, 3, 3, 3]);
  const y = T.conv2dRelu(x, w, undefined, { padding: [1, 1] });
  assert.equal(y.node, undefined);
  assert.deepEqual(bits(y.data), bits(T.relu(T.conv2d(x, w, undefined, { padding: [1, 1] })).data));
});

test('conv2dRelu names conv2d in a bias shape error', () => {
  const x = T.parameter(values(2 * 3 * 6 * 6), [2, 3, 6, 6]);
  const w = T.parameter(values(4 * 3 * 3 * 3), [4, 3, 3, 3]);
  assert.throws(() => T.conv2dRelu(x, w, T.parameter(values(3), [3])), /^Error: conv2d: bias must be \[filters\] = \[4\]/);
});
