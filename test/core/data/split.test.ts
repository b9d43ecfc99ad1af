import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Random, runStreams } from '../../../core/common/random';
import { validationCount } from '../../../core/analysis';
import { gatherRows, MinibatchOrder, permuteSamples, prepareData, selectSamples, sliceSamples, splitDataset, type Dataset } from '../../../core/data';
import { dataBytes, unwrap } from './data-helpers';

/** N samples whose input and target are their own index, so a split shows where each one went. */
function numbered(count: number): Dataset {
  const inputs = Float32Array.from({ length: count }, (_, i) => i);
  return { count, inputs, sampleShape: [1], sampleSize: 1, tokens: false, targetKind: 'real', targets: inputs.slice(), targetShape: [1], targetSize: 1 };
}

test('the split holds out ceil(N·fraction) and partitions the data (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 0, max: 0xffffffff }), (count, fraction, seed) => {
      const { train, validation } = splitDataset(numbered(count), fraction, new Random(seed));
      assert.equal(validation.count, Math.ceil(count * fraction));
      assert.equal(validation.count, validationCount(count, fraction), 'the checker’s rule');
      assert.equal(train.count, count - validation.count);
      const seen = [...validation.inputs, ...train.inputs].sort((a, b) => a - b);
      assert.deepEqual(seen, Array.from({ length: count }, (_, i) => i));
      for (const part of [train, validation]) assert.deepEqual([...part.targets], [...part.inputs], 'targets travel with their inputs');
    }),
    { numRuns: 300 },
  );
});

test('the split is seeded: the same seed gives the same parts, another seed others', () => {
  const split = (seed: number) => splitDataset(numbered(100), 0.2, new Random(seed));
  assert.deepEqual(dataBytes(split(1).validation), dataBytes(split(1).validation));
  assert.notDeepEqual(dataBytes(split(1).validation), dataBytes(split(2).validation));
  assert.throws(() => splitDataset(numbered(10), 1, new Random(1)), RangeError);
  assert.throws(() => splitDataset(numbered(10), -0.1, new Random(1)), RangeError);
});

test('minibatches: ceil(N/B) batches, the last one shorter; each epoch a fresh permutation', () => {
  const order = new MinibatchOrder(10, 4, new Random(3));
  assert.equal(order.batchesPerEpoch, 3);
  const epochs = [0, 1, 2].map(() => [...order.epoch()].map((batch) => [...batch]));
  for (const batches of epochs) {
    assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
    assert.deepEqual(batches.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }
  assert.notDeepEqual(epochs[0], epochs[1]);
  const again = new MinibatchOrder(10, 4, new Random(3));
  assert.deepEqual([0, 1, 2].map(() => [...again.epoch()].map((batch) => [...batch])), epochs, 'the same seed gives the same batches');
  // An epoch's order is a Fisher–Yates shuffle of 0 … N−1 on the stream.
  const expected = Int32Array.from({ length: 10 }, (_, i) => i);
  new Random(3).shuffle(expected);
  assert.deepEqual(epochs[0]!.flat(), [...expected]);
});

test('minibatches: full batch is every sample in stored order and draws nothing', () => {
  const random = new Random(4);
  const order = new MinibatchOrder(5, 'full', random);
  assert.equal(order.batchSize, 5);
  assert.deepEqual([...order.epoch()].map((b) => [...b]), [[0, 1, 2, 3, 4]]);
  assert.equal(random.nextUint32(), new Random(4).nextUint32());
  assert.equal(new MinibatchOrder(0, 'full', random).batchesPerEpoch, 0);
  assert.equal(new MinibatchOrder(3, 32, random).batchesPerEpoch, 1);
  for (const bad of [0, -1, 2.5]) assert.throws(() => new MinibatchOrder(5, bad, random), RangeError);
});

test('gatherRows copies a batch into preallocated buffers', () => {
  const dataset: Dataset = {
    count: 3,
    inputs: Float32Array.from([1, 2, 3, 4, 5, 6]),
    sampleShape: [2],
    sampleSize: 2,
    tokens: false,
    targetKind: 'classes',
    targets: Int32Array.from([7, 8, 9]),
    classCount: 10,
  };
  const inputs = new Float32Array(4);
  const targets = new Int32Array(2);
  gatherRows(dataset, [2, 0, 1], 0, 2, inputs, targets);
  assert.deepEqual([...inputs], [5, 6, 1, 2]);
  assert.deepEqual([...targets], [9, 7]);
  gatherRows(dataset, [2, 0, 1], 2, 3, inputs, targets);
  assert.deepEqual([...inputs.subarray(0, 2)], [3, 4]);
  assert.equal(targets[0], 8);
});

test('prepareData builds with the data stream, splits with the split stream, standardises csv', () => {
  const spirals = unwrap(prepareData({ name: 'spirals', classes: 3, points: 600, noise: 0.15 }, 0.2, runStreams(42)));
  assert.deepEqual([spirals.train.count, spirals.validation.count], [480, 120]);
  assert.equal(spirals.standardization, undefined);
  assert.deepEqual(dataBytes(unwrap(prepareData({ name: 'spirals', classes: 3, points: 600, noise: 0.15 }, 0.2, runStreams(42))).train), dataBytes(spirals.train));
  const digits = unwrap(prepareData({ name: 'digits', flat: true }, 0.2, runStreams(0)));
  assert.deepEqual([digits.train.count, digits.validation.count], [1437, 360]);
  const csv = new TextEncoder().encode('a,b,y\n1,10,0\n2,20,1\n3,30,0\n4,40,1\n5,50,0\n');
  const normalized = unwrap(prepareData({ name: 'csv', bytes: csv, classification: true, normalize: true }, 0.2, runStreams(1)));
  assert.ok(normalized.standardization);
  assert.equal(normalized.train.count, 4);
  const raw = unwrap(prepareData({ name: 'csv', bytes: csv, classification: true, normalize: false }, 0.2, runStreams(1)));
  assert.equal(raw.standardization, undefined);
  assert.ok(raw.train.inputs.every(Number.isInteger));
  const failed = prepareData({ name: 'function', expression: 'log(x)', from: -1, to: 1, points: 10, noise: 0 }, 0.2, runStreams(1));
  assert.ok(!failed.ok);
});

test('permuteSamples reorders rows in place by cycles; selectSamples and sliceSamples pick rows', () => {
  const dataset: Dataset = {
    count: 5,
    inputs: Float32Array.from([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]),
    sampleShape: [2],
    sampleSize: 2,
    tokens: false,
    targetKind: 'real',
    targets: Float32Array.from([0, -0, 10, -10, 20, -20, 30, -30, 40, -40]),
    targetShape: [2],
    targetSize: 2,
  };
  const picked = selectSamples(dataset, [4, 1]);
  assert.deepEqual([...picked.inputs], [4, 4.5, 1, 1.5]);
  assert.deepEqual([...picked.targets], [40, -40, 10, -10]);
  permuteSamples(dataset, [3, 0, 4, 1, 2]); // two cycles: 0←3←1←0 and 2←4←2
  assert.deepEqual([...dataset.inputs], [3, 3.5, 0, 0.5, 4, 4.5, 1, 1.5, 2, 2.5]);
  assert.deepEqual([...dataset.targets], [30, -30, 0, -0, 40, -40, 10, -10, 20, -20]);
  const tail = sliceSamples(dataset, 3, 5);
  assert.equal(tail.count, 2);
  assert.deepEqual([...tail.inputs], [1, 1.5, 2, 2.5]);
  assert.equal(tail.inputs.buffer, dataset.inputs.buffer, 'a slice shares memory');
  assert.throws(() => permuteSamples(dataset, [0, 1]), RangeError);
});

test('permuteSamples gives what a copy through the permutation gives (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 0xffffffff }), (count, seed) => {
      const order = Int32Array.from({ length: count }, (_, i) => i);
      new Random(seed).shuffle(order);
      const dataset = numbered(count);
      const copied = selectSamples(dataset, order);
      permuteSamples(dataset, order);
      assert.deepEqual(dataBytes(dataset), dataBytes(copied));
    }),
  );
});
