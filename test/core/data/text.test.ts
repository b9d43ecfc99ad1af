import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadText } from '../../../core/data';
import { assertMatchesProbe, probe, unwrap } from './data-helpers';
import { fromRoot } from '../../helpers/paths';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The samples as strings of characters ('·' for the padding/ending newline), with their targets. */
function readable(text: string, context: number): string[] {
  const dataset = unwrap(loadText(bytes(text), context));
  const names = dataset.classNames!;
  const show = (token: number) => (names[token] === '\n' ? '·' : names[token]!);
  return Array.from({ length: dataset.count }, (_, i) => {
    const window = Array.from(dataset.inputs.subarray(i * context, (i + 1) * context), show).join('');
    return `${window}>${show(dataset.targets[i]!)}`;
  });
}

test('text: the vocabulary is the distinct characters and \\n, sorted by code point; a token is an index', () => {
  const dataset = unwrap(loadText(bytes('ba\nc'), 2));
  assert.deepEqual(dataset.classNames, ['\n', 'a', 'b', 'c']);
  assert.equal(dataset.classCount, 4);
  assert.equal(dataset.tokens, true);
  assert.deepEqual(dataset.sampleShape, [2]);
  // Lines "ba" and "c" (no final newline, one is implied): targets b a \n c \n.
  assert.deepEqual([...dataset.targets], [2, 1, 0, 3, 0]);
  assert.deepEqual([...dataset.inputs], [0, 0, 0, 2, 2, 1, 0, 0, 0, 3]);
});

test('text: each line starts from newline padding; every character and each line end is a target', () => {
  assert.deepEqual(readable('hello\nhi\n', 3), ['···>h', '··h>e', '·he>l', 'hel>l', 'ell>o', 'llo>·', '···>h', '··h>i', '·hi>·']);
  assert.deepEqual(readable('ab\n\ncd', 1), ['·>a', 'a>b', 'b>·', '·>·', '·>c', 'c>d', 'd>·'], 'an empty line is one target: its newline');
  assert.deepEqual(readable('ab\r\ncd\r\n', 2), readable('ab\ncd\n', 2), '\\r\\n reads as \\n');
  assert.deepEqual(readable('\uFEFFab', 2), readable('ab', 2), 'a BOM is not a character');
});

test('text: characters above U+FFFF are one token each', () => {
  const dataset = unwrap(loadText(bytes('a\u{1F600}b'), 1));
  assert.deepEqual(dataset.classNames, ['\n', 'a', 'b', '\u{1F600}']);
  assert.deepEqual([...dataset.targets], [1, 3, 2, 0]);
});

test('text: the sample count and vocabulary agree with the checker, on the example corpus too', () => {
  const corpus = readFileSync(fromRoot('examples/data/tiny-corpus.txt'));
  for (const [file, context] of [
    [corpus, 8],
    [bytes('x\n\n\ny z\n'), 4],
    [bytes('no newline at the end'), 3],
  ] as const) {
    assertMatchesProbe(unwrap(loadText(file, context)), probe('text', { path: 't.txt', context }, { 't.txt': file }));
  }
  assert.equal(unwrap(loadText(corpus, 8)).classCount, 40, 'examples/data/README.md counts 40 characters');
  const empty = loadText(bytes(''), 8);
  assert.ok(!empty.ok);
  assert.equal(empty.error.argument, 'path');
});
