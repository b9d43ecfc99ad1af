// globalAvgPool2d as one op gives the bits of what it was, mean(reshape(x, [batch, C, H·W]), axis 2):
// the means, and x's gradient both when the pool's is x's first (fresh) and when x has one already
// (x also feeds another op), with −0, NaN and large values in dy. (Its finite-difference and float64
// checks are gradients.test.ts's.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../../core/tensor';
import { TestRandom } from './support/random';

function values(random: TestRandom, length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (i % 11 === 3 ? -0 : i % 17 === 5 ? Number.NaN : Math.fround(random.normal() * (i % 7 === 1 ? 1e30 : 1))));
}

/** x's gradient and the output after dy through pool(relu(x)), plus mul(relu(x), w) when `shared`. */
function run(pool: (x: t.Tensor) => t.Tensor, x: Float32Array, shape: number[], dy: Float32Array, shared: boolean): { out: Float32Array; grad: Float32Array } {
  const tape = new t.Tape();
  return tape.run(() => {
    const leaf = t.parameter(x.slice(), shape);
    const hidden = t.relu(leaf);
    const out = pool(hidden);
    const root = shared ? t.add(t.sum(t.mul(hidden, hidden)), t.sum(t.mul(out, t.tensor(dy, out.shape)))) : out;
    t.backward(root, shared ? undefined : dy);
    return { out: out.data.slice(), grad: leaf.grad.slice() };
  });
}

const asBefore = (x: t.Tensor): t.Tensor => {
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  return t.mean(t.reshape(x, [batch, channels, height * width]), { axis: 2 });
};

test('globalAvgPool2d is mean(reshape(x), axis 2) bit for bit, forward and backward, fresh and accumulated gradients', () => {
  const random = new TestRandom(5);
  for (const shape of [[1, 1, 1, 1], [3, 2, 4, 4], [2, 5, 3, 7], [32, 32, 4, 4]]) {
    const count = shape.reduce((a, b) => a * b);
    const x = values(random, count);
    const dy = values(random, shape[0]! * shape[1]!);
    for (const shared of [false, true]) {
      const now = run(t.globalAvgPool2d, x, shape, dy, shared);
      const before = run(asBefore, x, shape, dy, shared);
      assert.deepEqual(new Uint32Array(now.out.buffer), new Uint32Array(before.out.buffer), `means of ${shape}`);
      assert.deepEqual(new Uint32Array(now.grad.buffer), new Uint32Array(before.grad.buffer), `gradient of ${shape}${shared ? ', accumulated' : ''}`);
    }
  }
});
