import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readIdxImages, readIdxLabels, scanIdxImages } from '../../core/data/idx-file';
import { useWholeGunzip } from '../../core/data/gzip';
import { nativeWholeGunzip } from '../../node/native-gunzip';
import { gzipBomb } from '../helpers/gzip-bomb';

function idxFile(magic: number, dimensions: number[], data: number[]): Uint8Array {
  const header = [magic, ...dimensions].flatMap((v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  return Uint8Array.from([...header, ...data]);
}

const pixels = Array.from({ length: 3 * 2 * 3 }, (_, i) => (i * 37) % 256);
const images = idxFile(0x803, [3, 2, 3], pixels);
const labels = idxFile(0x801, [3], [2, 0, 1]);

/** A gzip of `content` whose trailer claims `size` bytes (its CRC still that of `content`). */
function withTrailerSize(content: Uint8Array, size: number): Uint8Array {
  const gz = Uint8Array.from(gzipSync(content));
  new DataView(gz.buffer).setUint32(gz.length - 4, size, true);
  return gz;
}

/** Every reader's answer for the files (fresh copies: core caches by the bytes object). */
function readAll(files: readonly Uint8Array[]): unknown[] {
  return files.flatMap((file) => {
    const copy = (): Uint8Array => Uint8Array.from(file);
    return [scanIdxImages(copy()), readIdxImages(copy()), readIdxImages(copy(), 2), readIdxLabels(copy(), 3)];
  });
}

test('native gunzip: every IDX reader answers as the streaming one does, and the whole files go native', () => {
  const files = [
    gzipSync(images),
    gzipSync(labels),
    gzipSync(images.subarray(0, images.length - 6)), // cut after two images
    gzipSync(Uint8Array.from([...images, 7, 7])), // longer than its header promises
    withTrailerSize(Uint8Array.from([...images, 7, 7]), images.length), // … and its trailer lies
    withTrailerSize(images, images.length + 1),
    Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    gzipBomb(10, 64 * 2 ** 20),
  ];
  const streamed = readAll(files);
  let calls = 0;
  let answered = 0;
  useWholeGunzip((compressed, maxOutput) => {
    calls++;
    const content = nativeWholeGunzip(compressed, maxOutput);
    if (content) answered++;
    return content;
  });
  try {
    assert.deepEqual(readAll(files), streamed);
    // Only complete files whose trailer tells their promised size reach zlib, and only those answer.
    assert.ok(answered >= 3 && calls > answered, `${answered} of ${calls} calls answered`);
  } finally {
    useWholeGunzip(undefined);
  }
});

test('native gunzip: refuses more than it may inflate, and corrupt data', () => {
  const content = Uint8Array.from({ length: 1000 }, (_, i) => i % 7);
  assert.deepEqual(nativeWholeGunzip(gzipSync(content), 1000), content);
  assert.equal(nativeWholeGunzip(gzipSync(content), 999), undefined);
  assert.equal(nativeWholeGunzip(Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 1000), undefined);
});
