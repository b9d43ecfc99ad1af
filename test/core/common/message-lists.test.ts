// Messages that list names or values cap the list (issue 9: a CSV with ten million columns and a
// missing target column made a 98.9 MB message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatList, jsonCount, listedItemsLimit } from '../../../core/common/format';
import { closestName } from '../../../core/common/suggest';
import { loadCsv } from '../../../core/data';

test('formatList shows the first items and how many more there are', () => {
  assert.equal(formatList(['a', 'b', 'c']), 'a, b, c');
  const many = Array.from({ length: 25 }, (_, i) => `c${i}`);
  assert.equal(formatList(many), `${many.slice(0, listedItemsLimit).join(', ')}, … and 5 more`);
  assert.equal(formatList(['x'.repeat(1000)]).length, 81, 'one huge item is shortened too');
});

test('a missing CSV column among ten million is reported in a message of bounded length', () => {
  const header = new TextEncoder().encode(`${'x,'.repeat(10_000_000 - 1)}x\n`);
  const result = loadCsv(header, { target: 'label', classification: true });
  assert.ok(!result.ok);
  assert.match(result.error.message, /no column "label"/);
  assert.match(result.error.message, /… and 9,999,980 more\)$/);
  assert.ok(result.error.message.length < 500, `${result.error.message.length} characters`);
});

test('suggestions skip candidates too different in length, and names too long to be typos', () => {
  assert.equal(closestName('dense', ['x'.repeat(1_000_000), 'desne']), 'desne');
  assert.equal(closestName('y'.repeat(200), ['y'.repeat(199)]), undefined);
});

test('counts print exactly, and as JSON a number only while it is exact', () => {
  assert.equal(formatCount(9007199254740993n), '9,007,199,254,740,993');
  assert.equal(formatCount(-1234n), '-1,234');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(jsonCount(9007199254740991n), 9007199254740991);
  assert.equal(jsonCount(9007199254740993n), '9007199254740993');
  assert.equal(jsonCount(3000000000000000000000n), '3000000000000000000000');
});
