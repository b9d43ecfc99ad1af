import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import { loadDigits } from '../../../core/data';
import { decodeBase64 } from '../../../core/common/base64';
import { digitsCsvGzBase64 } from '../../../core/data/builtin/digits-gz';
import { assertMatchesProbe, classHistogram, probe } from './data-helpers';
import { fromRoot } from '../../helpers/paths';

const csvRows = (): number[][] =>
  new TextDecoder()
    .decode(gunzipSync(decodeBase64(digitsCsvGzBase64)))
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));

test('digits: 1797 samples of [1, 8, 8] or [64], 10 classes, as the checker says', () => {
  const images = loadDigits(false);
  const flat = loadDigits(true);
  assertMatchesProbe(images, probe('digits', {}));
  assertMatchesProbe(flat, probe('digits', { flat: true }));
  assert.deepEqual(images.sampleShape, [1, 8, 8]);
  assert.deepEqual(flat.sampleShape, [64]);
  assert.deepEqual(flat.inputs, images.inputs);
  assert.equal(images.count, 1797);
  assert.ok(classHistogram(images).every((n) => n >= 170 && n <= 190), 'about 180 of each digit');
});

test('digits: pixels are the CSV’s divided by 16; the first row is a 0', () => {
  const rows = csvRows();
  assert.equal(rows.length, 1797);
  const dataset = loadDigits(true);
  assert.deepEqual(rows[0]!.slice(0, 8), [0, 0, 5, 13, 9, 1, 0, 0]);
  assert.equal(dataset.targets[0], 0);
  for (const r of [0, 1, 900, 1796]) {
    const row = rows[r]!;
    assert.deepEqual([...dataset.inputs.subarray(r * 64, (r + 1) * 64)], row.slice(0, 64).map((p) => p / 16));
    assert.equal(dataset.targets[r], row[64]);
  }
  assert.ok(dataset.inputs.every((v) => v >= 0 && v <= 1));
  assert.equal(Math.max(...dataset.inputs), 1);
});

test('digits: each load is a fresh copy', () => {
  const first = loadDigits(true);
  first.inputs.fill(0);
  assert.notEqual(loadDigits(true).inputs[2], 0);
});

test('the embedded module decodes to the shared data file, byte for byte', (t) => {
  const path = fromRoot('..', 'shared', 'datasets', 'digits.csv.gz');
  if (!existsSync(path)) {
    t.skip('the shared data folder exists only in the development environment');
    return;
  }
  assert.deepEqual(decodeBase64(digitsCsvGzBase64), new Uint8Array(readFileSync(path)));
});

test('base64 decoding handles padding and rejects other characters', () => {
  const text = (s: string) => new TextDecoder().decode(decodeBase64(s));
  assert.equal(text('aGVsbG8='), 'hello');
  assert.equal(text('aGVsbG8'), 'hello');
  assert.equal(text('aGk='), 'hi');
  assert.equal(text('YQ=='), 'a');
  assert.equal(text(''), '');
  assert.deepEqual([...decodeBase64('+/8=')], [0xfb, 0xff]);
  assert.throws(() => decodeBase64('aGV*bG8='));
  assert.throws(() => decodeBase64('a'));
});
