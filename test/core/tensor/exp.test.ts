import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../core/common/random';
import { exp } from '../../../core/tensor/kernels/exp';

// The kernels' exp is a port of fdlibm's, which is what V8's Math.exp runs: it must give the same
// bits everywhere, or a softmax or GELU would change the numbers of every run that uses one.

test('exp equals Math.exp bit for bit on random arguments over the whole range', () => {
  const random = new Random(12);
  const ranges: Array<[number, number]> = [[-1e-8, 1e-8], [-0.4, 0.4], [-1.1, 1.1], [-30, 0], [-720, 720], [-750, -700]];
  let compared = 0;
  for (const [low, high] of ranges) {
    for (let i = 0; i < 200_000; i++) {
      const x = low + (high - low) * random.nextFloat();
      assert.ok(Object.is(exp(x), Math.exp(x)), `exp(${x}) = ${exp(x)}, Math.exp: ${Math.exp(x)}`);
      // float32 arguments too: the softmax and GELU kernels read them.
      const single = Math.fround(x);
      assert.ok(Object.is(exp(single), Math.exp(single)), `exp(${single}) = ${exp(single)}, Math.exp: ${Math.exp(single)}`);
      compared += 2;
    }
  }
  assert.equal(compared, 2_400_000);
});

test('exp equals Math.exp at the reduction bounds, the special values and the ends of the range', () => {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const fromWords = (high: number, low: number): number => {
    words[1] = high;
    words[0] = low;
    return bits[0]!;
  };
  const bounds = [fromWords(0x3fd62e42, 0xffffffff), fromWords(0x3fd62e43, 0), fromWords(0x3ff0a2b1, 0xffffffff), fromWords(0x3ff0a2b2, 0), fromWords(0x3e2fffff, 0xffffffff), fromWords(0x3e300000, 0)];
  const special = [0, -0, 1, -1, Math.LN2 / 2, -Math.LN2 / 2, 1.5 * Math.LN2, -1.5 * Math.LN2, 707.999, -707.999, 708, -708, 709.7, 710, -745, -746, Infinity, -Infinity, NaN];
  for (const x of [...bounds, ...bounds.map((b) => -b), ...special]) assert.ok(Object.is(exp(x), Math.exp(x)), `exp(${x}) = ${exp(x)}, Math.exp: ${Math.exp(x)}`);
});
