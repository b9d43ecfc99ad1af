// text(…, split: contiguous): the validation part is the text's tail, so no held-out character is
// the target of any position of a training window — unlike the shuffled split, under which most
// held-out characters are targets inside neighbouring training windows (targets: all). Samples are
// one per character in file order, so a sample's index is its character's; sample j's window
// targets the characters from max(its line's start, j − context + 1) to j.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runStreams } from '../../../core/common/random';
import { prepareData } from '../../../core/data/prepare';
import { validationCount } from '../../../core/data/split';
import { loadText, type TextSplit } from '../../../core/data/text';
import { forEachTextCharacter } from '../../../core/data/text-corpus';
import { fromRoot } from '../../helpers/paths';

const bytes = new Uint8Array(readFileSync(fromRoot('examples/data/tiny-corpus.txt')));
const context = 16;
const fraction = 0.1;

/** Index of the first character of each character's line. */
function lineStarts(): number[] {
  const starts: number[] = [];
  let start = 0;
  forEachTextCharacter(bytes, (character) => {
    starts.push(start);
    if (character === '\n') start = starts.length;
  });
  return starts;
}

/** The held-out characters (validation sample indices) that are a target of some training window. */
function leaked(trainIndices: Iterable<number>, validationIndices: ReadonlySet<number>): number {
  const starts = lineStarts();
  const targets = new Set<number>();
  for (const j of trainIndices) for (let c = Math.max(starts[j]!, j - context + 1); c <= j; c++) targets.add(c);
  return [...validationIndices].filter((v) => targets.has(v)).length;
}

const prepare = (split: TextSplit) => {
  const prepared = prepareData({ name: 'text', bytes, context, targets: 'all', split, stride: 1 }, fraction, runStreams(0));
  assert.ok(prepared.ok);
  return prepared.value;
};

test('split: contiguous holds out the text’s tail; no validation target position is in a training window', () => {
  const whole = loadText(bytes, context, 'all');
  assert.ok(whole.ok);
  const count = whole.value.count;
  const held = validationCount(count, fraction);
  const { train, validation } = prepare('contiguous');
  assert.equal(validation.count, held);
  assert.equal(train.count, count - held);
  // In file order: training samples 0 … n−1, validation n … N−1.
  assert.deepEqual(train.inputs, whole.value.inputs.subarray(0, (count - held) * context));
  assert.deepEqual(validation.inputs, whole.value.inputs.subarray((count - held) * context));
  assert.ok(train.targetKind === 'classes' && whole.value.targetKind === 'classes');
  assert.deepEqual(train.targets, whole.value.targets.subarray(0, (count - held) * context));
  const validationIndices = new Set(Array.from({ length: held }, (_, i) => count - held + i));
  assert.equal(leaked(Array.from({ length: count - held }, (_, j) => j), validationIndices), 0);
});

test('the shuffled split (the default) trains on most held-out characters through neighbouring windows', () => {
  const { train, validation } = prepare('shuffled');
  const count = train.count + validation.count;
  // The split's order, as splitDataset draws it from the split stream.
  const order = Int32Array.from({ length: count }, (_, i) => i);
  runStreams(0).split.shuffle(order);
  const held = validation.count;
  const validationIndices = new Set(order.subarray(0, held));
  const leakedCount = leaked(order.subarray(held), validationIndices);
  assert.ok(leakedCount > held / 2, `${leakedCount} of ${held} held-out characters are training targets`);
});
