import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { loadIdx } from '../../../core/data';
import { scanIdxImages } from '../../../core/data/idx-file';
import { gzipBomb } from '../../helpers/gzip-bomb';
import { assertMatchesProbe, probe, unwrap } from './data-helpers';

/** An IDX file: the magic, the dimensions (big-endian 32-bit), then the bytes. */
function idxFile(magic: number, dimensions: number[], data: number[]): Uint8Array {
  const header = [magic, ...dimensions].flatMap((v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  return Uint8Array.from([...header, ...data]);
}

// Three 2×3 images; pixel p of image i is 10·i + p, except one at 255.
const pixels = [0, 1, 2, 3, 4, 255, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25];
const images = idxFile(0x803, [3, 2, 3], pixels);
const labels = idxFile(0x801, [3], [2, 0, 1]);

test('idx reads raw and gzipped files alike: [1, H, W], pixels /255, labels as classes', () => {
  for (const [imageBytes, labelBytes] of [
    [images, labels],
    [gzipSync(images), gzipSync(labels)],
    [gzipSync(images), labels],
  ]) {
    const dataset = unwrap(loadIdx(imageBytes!, labelBytes!, 0));
    assert.deepEqual(dataset.sampleShape, [1, 2, 3]);
    assert.equal(dataset.count, 3);
    assert.deepEqual([...dataset.inputs], pixels.map((p) => Math.fround(p / 255)));
    assert.equal(dataset.inputs[5], 1);
    assert.deepEqual([...dataset.targets], [2, 0, 1]);
    assert.equal(dataset.classCount, 3);
    assertMatchesProbe(dataset, probe('idx', { images: 'i', labels: 'l' }, { i: imageBytes!, l: labelBytes! }));
  }
});

test('idx: limit keeps the first samples; the class count stays that of the whole file', () => {
  const dataset = unwrap(loadIdx(images, labels, 2));
  assert.equal(dataset.count, 2);
  assert.deepEqual([...dataset.targets], [2, 0]);
  assert.equal(dataset.classCount, 3);
  assertMatchesProbe(dataset, probe('idx', { images: 'i', labels: 'l', limit: 2 }, { i: images, l: labels }));
  assert.equal(unwrap(loadIdx(images, labels, 10)).count, 3);
});

test('idx: with a limit only the kept images are read, so a file cut after them still loads, and one cut before them is truncated', () => {
  // The checker's scan reads the whole file; a run's load reads (and, gzipped, inflates) only what it keeps.
  const cutAfterTwo = images.subarray(0, images.length - 6);
  for (const bytes of [cutAfterTwo, gzipSync(cutAfterTwo)]) {
    const dataset = unwrap(loadIdx(bytes, labels, 2));
    assert.deepEqual([...dataset.inputs], pixels.slice(0, 12).map((p) => Math.fround(p / 255)));
    assert.equal(dataset.classCount, 3);
    const cut = loadIdx(bytes, labels, 3);
    assert.ok(!cut.ok && /truncated/.test(cut.error.message));
  }
  const cutInsideSecond = images.subarray(0, images.length - 7);
  const result = loadIdx(gzipSync(cutInsideSecond), labels, 2);
  assert.ok(!result.ok && /truncated/.test(result.error.message));
});

test('idx: wrong magic, truncation, mismatched labels and corrupt gzip are errors on the right argument', () => {
  const cases: Array<[Uint8Array, Uint8Array, RegExp, string]> = [
    [labels, labels, /magic 0x00000803/, 'images'],
    [images, images, /magic 0x00000801/, 'labels'],
    [images.subarray(0, images.length - 1), labels, /truncated/, 'images'],
    [images, idxFile(0x801, [2], [0, 1]), /2 labels for 3 images/, 'labels'],
    [Uint8Array.from([0x1f, 0x8b, 1, 2, 3]), labels, /not valid gzip/, 'images'],
    [images, Uint8Array.from([0x1f, 0x8b, 9]), /not valid gzip/, 'labels'],
  ];
  for (const [imageBytes, labelBytes, message, argument] of cases) {
    const result = loadIdx(imageBytes, labelBytes, 0);
    assert.ok(!result.ok);
    assert.match(result.error.message, message);
    assert.equal(result.error.argument, argument);
  }
});

test('idx reads Fashion-MNIST’s test files as the checker does, when Debian’s dataset-fashion-mnist is installed', (t) => {
  const folder = '/usr/share/datasets/fashion-mnist';
  if (!existsSync(`${folder}/t10k-images-idx3-ubyte.gz`)) {
    t.skip('apt-get install dataset-fashion-mnist to run this check');
    return;
  }
  const images = readFileSync(`${folder}/t10k-images-idx3-ubyte.gz`);
  const labels = readFileSync(`${folder}/t10k-labels-idx1-ubyte.gz`);
  const dataset = unwrap(loadIdx(images, labels, 0));
  assertMatchesProbe(dataset, probe('idx', { images: 'i', labels: 'l' }, { i: images, l: labels }));
  assert.deepEqual([dataset.count, dataset.classCount, ...dataset.sampleShape], [10000, 10, 1, 28, 28]);
  assert.ok(dataset.inputs.every((v) => v >= 0 && v <= 1));
});

test('idx: a gzip bomb is inflated only as far as its header promises, and only its promise is kept', () => {
  const claimed = 10 * 28 * 28;
  const bomb = gzipBomb(10, 512 * 2 ** 20); // half a MiB that inflates to 512 MiB
  const tenLabels = idxFile(0x801, [10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
  const scanned = unwrap(scanIdxImages(bomb));
  assert.deepEqual([scanned.count, scanned.height, scanned.width], [10, 28, 28]);
  // One 16 KiB slice of input inflates at most ~16.5 MiB; the bomb holds 512 MiB.
  assert.ok(scanned.inflatedBytes >= 16 + claimed && scanned.inflatedBytes < 17 * 2 ** 20, `inflated ${scanned.inflatedBytes} bytes`);
  const dataset = unwrap(loadIdx(bomb, tenLabels, 0));
  assert.equal(dataset.count, 10);
  assertMatchesProbe(dataset, probe('idx', { images: 'i', labels: 'l' }, { i: bomb, l: tenLabels }));
  const kept = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
  assert.ok(kept < 64 * 2 ** 20, `${kept} bytes of array buffers are held after reading the bomb`);
});

test('idx: a header promising more than 1 GiB of pixels is refused before anything is inflated', () => {
  const result = scanIdxImages(gzipBomb(2_000_000, 0));
  assert.ok(!result.ok);
  assert.match(result.error.message, /promises 2,000,000 images of 28×28, 1\.5 GiB of pixels — more than the 1\.0 GiB a data set may hold/);
  assert.equal(result.error.argument, 'images');
});
