import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exceedsExactCount, product } from '../../../core/analysis/shape-math';

/** The definition: one bigint multiplication per factor. */
function bigintProduct(factors: readonly number[]): bigint {
  return factors.reduce((result, factor) => result * BigInt(factor), 1n);
}

// product multiplies as numbers while that is exact; it must equal the bigint definition on both
// sides of 2^53, where number products start to round.
test('product equals the bigint product, within and past 2^53', () => {
  const factor = fc.oneof(
    fc.integer({ min: 0, max: 4096 }),
    fc.integer({ min: -5, max: 5 }),
    fc.constantFrom(94906265, 94906266, 2 ** 26, 2 ** 27 + 1, 3, Number.MAX_SAFE_INTEGER, 2 ** 52, 1),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  );
  fc.assert(
    fc.property(fc.array(factor, { maxLength: 6 }), (factors) => {
      assert.equal(product(...factors), bigintProduct(factors), factors.join(' × '));
    }),
    { numRuns: 5000 },
  );
  assert.equal(product(94906267, 94906267), 9007199515875289n); // odd and past 2^53: a number product rounds it
  assert.equal(product(2 ** 53 - 1, 1), 9007199254740991n);
  assert.equal(product(2 ** 26, 2 ** 27 + 1), 9007199321849856n);
  assert.throws(() => product(1.5, 2), RangeError); // as before: a non-integer factor is a caller's bug
});

// exceedsExactCount replaces `product(...shape) > 2^53 − 1` on every layer's output; it must agree
// with it on both sides of the limit (and fall back to it, errors included, off the integers).
test('exceedsExactCount agrees with the bigint product against 2^53 − 1', () => {
  const dim = fc.oneof(
    fc.integer({ min: 0, max: 4096 }),
    fc.constantFrom(94906265, 94906266, 94906267, 2 ** 26, 2 ** 27 + 1, Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 52, 1, 0),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  );
  fc.assert(
    fc.property(fc.array(dim, { maxLength: 5 }), (shape) => {
      assert.equal(exceedsExactCount(shape), bigintProduct(shape) > BigInt(Number.MAX_SAFE_INTEGER), shape.join(' × '));
    }),
    { numRuns: 5000 },
  );
  assert.equal(exceedsExactCount([94906266, 94906266]), true);
  assert.equal(exceedsExactCount([Number.MAX_SAFE_INTEGER, 1]), false);
  assert.equal(exceedsExactCount([-3, 5]), false);
  assert.throws(() => exceedsExactCount([1.5, 2]), RangeError);
});
