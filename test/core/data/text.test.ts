import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadText, permuteSamples } from '../../../core/data';
import { assertMatchesProbe, boundArguments, probe, unwrap } from './data-helpers';
import { probeDataSet } from '../../../core/analysis/data-probe';
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
    assertMatchesProbe(unwrap(loadText(file, context, 'all')), probe('text', { path: 't.txt', context, targets: 'all' }, { 't.txt': file }));
  }
  assert.equal(unwrap(loadText(corpus, 8)).classCount, 40, 'examples/data/README.md counts 40 characters');
  const empty = loadText(bytes(''), 8);
  assert.ok(!empty.ok);
  assert.equal(empty.error.argument, 'path');
});

test('text(targets: all): each sample has a target per position, its input shifted left by one and then its character', () => {
  const context = 3;
  const next = unwrap(loadText(bytes('hello\nhi\n'), context));
  const all = unwrap(loadText(bytes('hello\nhi\n'), context, 'all'));
  assert.equal(all.positions, context);
  assert.deepEqual(all.inputs, next.inputs, 'the inputs do not depend on the targets');
  const names = all.classNames!;
  const show = (token: number) => (names[token] === '\n' ? '·' : names[token]!);
  const rows = Array.from({ length: all.count }, (_, i) => Array.from(all.targets.subarray(i * context, (i + 1) * context), show).join(''));
  assert.deepEqual(rows, ['··h', '·he', 'hel', 'ell', 'llo', 'lo·', '··h', '·hi', 'hi·']);
  for (let i = 0; i < all.count; i++) assert.equal(all.targets[i * context + context - 1], next.targets[i], 'the last position predicts what targets: next predicts');
});

test('text(targets: all): the split keeps each sample’s row of targets with its inputs', () => {
  const context = 4;
  const dataset = unwrap(loadText(bytes('the quick brown fox\njumps over\nthe lazy dog\n'), context, 'all'));
  const shifted = (d: typeof dataset, i: number): boolean => Array.from({ length: context - 1 }, (_, k) => d.targets[i * context + k] === d.inputs[i * context + k + 1]).every(Boolean);
  const order = Array.from({ length: dataset.count }, (_, i) => (i * 7) % dataset.count);
  assert.equal(new Set(order).size, dataset.count, 'a permutation');
  const lastTargets = order.map((i) => dataset.targets[i * context + context - 1]);
  permuteSamples(dataset, order);
  for (let i = 0; i < dataset.count; i++) assert.ok(shifted(dataset, i), `sample ${i}: targets are its inputs shifted by one`);
  assert.deepEqual(Array.from({ length: dataset.count }, (_, i) => dataset.targets[i * context + context - 1]), lastTargets);
});

test('text(stride): keeps the samples of characters stride, 2·stride, … exactly as they are without it', () => {
  const text = bytes('the quick brown fox\njumps over\nthe lazy dog\nno newline at the end');
  for (const targets of ['next', 'all'] as const) {
    for (const [context, stride] of [[4, 4], [4, 3], [1, 7], [6, 1], [3, 64]] as const) {
      const every = unwrap(loadText(text, context, targets));
      const strided = unwrap(loadText(text, context, targets, stride));
      const kept = Array.from({ length: Math.floor(every.count / stride) }, (_, k) => (k + 1) * stride - 1);
      const positions = targets === 'all' ? context : 1;
      const rows = (data: Float32Array | Int32Array, width: number, indices: number[]) => indices.flatMap((i) => [...data.subarray(i * width, (i + 1) * width)]);
      assert.equal(strided.count, kept.length, `${targets} context ${context} stride ${stride}: count`);
      assert.deepEqual([...strided.inputs], rows(every.inputs, context, kept), 'inputs');
      assert.deepEqual([...strided.targets], rows(every.targets, positions, kept), 'targets');
      assert.deepEqual(strided.classNames, every.classNames, 'the vocabulary is the whole text’s');
      assertMatchesProbe(strided, probe('text', { path: 't.txt', context, targets, stride }, { 't.txt': text }));
    }
  }
});

test('text(stride): a text shorter than its stride keeps no sample and says why, in the checker too', () => {
  const short = loadText(bytes('abc'), 2, 'next', 5);
  assert.ok(!short.ok);
  assert.equal(short.error.argument, 'stride');
  assert.match(short.error.message, /4 characters, fewer than stride 5/);
  const result = probeDataSet('text', boundArguments('text', { path: 't.txt', context: 2, stride: 5 }), {
    documentFolder: '',
    fileAccess: { readFile: () => ({ kind: 'ok', bytes: bytes('abc') }) },
  });
  assert.ok('problem' in result && result.problem.message === short.error.message, JSON.stringify(result));
});
