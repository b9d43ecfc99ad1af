// Every prefix of every example and fixture parses (the editor sees each of them while a file is
// typed): small files at every offset, larger ones at a few hundred evenly spaced offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChecked, sampleFiles } from './syntax-helpers';

const everyOffsetUpTo = 2_000;
const spacedPrefixes = 300;

function prefixLengths(length: number): number[] {
  if (length <= everyOffsetUpTo) return Array.from({ length: length + 1 }, (_, i) => i);
  return Array.from({ length: spacedPrefixes + 1 }, (_, i) => Math.round((i * length) / spacedPrefixes));
}

const files = sampleFiles();

test('there are files to cut into prefixes', () => {
  assert.ok(files.length > 0);
});

for (const [path, text] of files) {
  test(`every prefix parses: ${path.replace(/^.*\/(examples|test\/fixtures)\//, '$1/')}`, () => {
    for (const length of prefixLengths(text.length)) parseChecked(text.slice(0, length));
  });
}
