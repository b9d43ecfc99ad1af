import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { numberValue } from '../../../core/syntax/number-literal';

// numberValue sums the digits of a plain integer itself (its fast path); every text must still
// read exactly as the language's general rule does: Number() of the text without underscores.
test('a plain integer reads as Number() reads it, digit sum or not', () => {
  const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9'), minLength: 1, maxLength: 20 });
  fc.assert(
    fc.property(fc.boolean(), digits, (negative, body) => {
      const text = (negative ? '-' : '') + body;
      assert.ok(Object.is(numberValue(text), Number(text)), text);
    }),
    { numRuns: 2000 },
  );
  for (const text of ['0', '-0', '007', '999999999999999', '-999999999999999', '9007199254740993', '1_000', '.5', '2.5e3']) {
    assert.ok(Object.is(numberValue(text), Number(text.replace(/_/g, ''))), text);
  }
  for (const text of ['', '-', '1__0', '1e', '--1', '1-']) assert.ok(Number.isNaN(numberValue(text)), text);
});
