import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { numberLiteral } from '../../../core/syntax/parse-values';

// numberLiteral builds small integers and every other value through two different object shapes
// (so that fractions do not make every node's value a boxed double); both must be the same node.
test('a Number node is the same plain node whichever shape builds it', () => {
  const values = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 2 ** 30 - 1, 2 ** 30, -(2 ** 30), -(2 ** 30) - 1, NaN, 1e21, 0.1));
  fc.assert(
    fc.property(values, fc.boolean(), (value, isIntegerLiteral) => {
      const range = { start: 3, end: 7 };
      const text = String(value);
      const node = numberLiteral(range, value, text, isIntegerLiteral);
      const plain = { kind: 'Number', range, value, text, isIntegerLiteral };
      assert.deepStrictEqual(node, plain);
      assert.equal(JSON.stringify(node), JSON.stringify(plain));
      assert.deepEqual(Object.keys(node), ['kind', 'range', 'value', 'text', 'isIntegerLiteral']);
      assert.ok(Object.is(node.value, value));
    }),
    { numRuns: 500 },
  );
});
