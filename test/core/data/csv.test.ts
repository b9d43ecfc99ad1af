import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadCsv, splitDataset, standardize } from '../../../core/data';
import { Random } from '../../../core/common/random';
import { assertMatchesProbe, probe, unwrap } from './data-helpers';
import { fromRoot } from '../../helpers/paths';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('iris: four features, three named classes in sorted order, as the checker says', () => {
  const file = readFileSync(fromRoot('examples/data/iris.csv'));
  const dataset = unwrap(loadCsv(file, { target: 'species', classification: true }));
  assertMatchesProbe(dataset, probe('csv', { path: 'iris.csv', target: 'species' }, { 'iris.csv': file }, 'classes'));
  assert.deepEqual(dataset.sampleShape, [4]);
  assert.equal(dataset.count, 150);
  assert.ok(dataset.targetKind === 'classes');
  assert.deepEqual(dataset.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual([...dataset.inputs.subarray(0, 4)], [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.deepEqual(dataset.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
});

test('csv: quoted fields, CRLF line ends, a BOM and blank lines', () => {
  const text = '\uFEFF"width, cm",height,"kind"\r\n1.5,"2",cat\r\n\r\n"3",4,"dog ""rex"""\r\n';
  const dataset = unwrap(loadCsv(bytes(text), { classification: false }));
  assert.deepEqual(dataset.featureNames, ['width, cm', 'height']);
  assert.deepEqual([...dataset.inputs], [1.5, 2, 3, 4]);
  assert.ok(dataset.targetKind === 'classes', 'a text target is classes even for a regression loss');
  assert.deepEqual(dataset.classNames, ['cat', 'dog "rex"']);
  assert.deepEqual([...dataset.targets], [0, 1]);
  assertMatchesProbe(dataset, probe('csv', { path: 'a.csv' }, { 'a.csv': bytes(text) }, 'real'));
});

test('csv: the target defaults to the last column and may be any column', () => {
  const text = 'y,a,b\n1,2,3\n4,5,6\n';
  const last = unwrap(loadCsv(bytes(text), { classification: false }));
  assert.deepEqual([...last.inputs], [1, 2, 4, 5]);
  assert.deepEqual([...last.targets], [3, 6]);
  const first = unwrap(loadCsv(bytes(text), { target: 'y', classification: false }));
  assert.deepEqual([...first.inputs], [2, 3, 5, 6]);
  assert.ok(first.targetKind === 'real');
  assert.deepEqual([...first.targets], [1, 4]);
  assert.deepEqual(first.targetShape, [1]);
  assertMatchesProbe(first, probe('csv', { path: 'a.csv', target: 'y' }, { 'a.csv': bytes(text) }, 'real'));
});

test('csv: a numeric target with a classification loss is classes, ordered by value', () => {
  const text = 'a,label\n0,10\n1,2\n2,2.0\n3,-1\n4,10\n';
  const dataset = unwrap(loadCsv(bytes(text), { classification: true }));
  assert.ok(dataset.targetKind === 'classes');
  assert.deepEqual(dataset.classNames, ['-1', '2', '10'], '2 and 2.0 are one class; 2 sorts before 10');
  assert.deepEqual([...dataset.targets], [2, 1, 1, 0, 2]);
  assertMatchesProbe(dataset, probe('csv', { path: 'a.csv' }, { 'a.csv': bytes(text) }, 'binary'));
});

test('csv: text classes sort by code point', () => {
  const text = 'a,label\n1,b\n2,B\n3,é\n4,\u{1F600}\n5,\uFFFD\n';
  const dataset = unwrap(loadCsv(bytes(text), { classification: false }));
  assert.ok(dataset.targetKind === 'classes');
  assert.deepEqual(dataset.classNames, ['B', 'b', 'é', '\uFFFD', '\u{1F600}']);
});

test('csv: errors name the problem and the argument', () => {
  const cases: Array<[string, string | undefined, RegExp, string]> = [
    ['only\n1\n', undefined, /at least two columns/, 'path'],
    ['a,b\n', undefined, /no data rows/, 'path'],
    ['a,b\n1,2\n3\n', undefined, /row 3 has 1 fields/, 'path'],
    ['a,b\nx,2\n', undefined, /column "a" must be numeric; row 2 has "x"/, 'path'],
    ['a,b\n1,2\n', 'c', /no column "c"/, 'target'],
  ];
  for (const [text, target, message, argument] of cases) {
    const result = loadCsv(bytes(text), { ...(target ? { target } : {}), classification: false });
    assert.ok(!result.ok, text);
    assert.match(result.error.message, message);
    assert.equal(result.error.argument, argument);
  }
});

test('standardize uses training statistics only; a constant column gets std 1', () => {
  const rows = Array.from({ length: 10 }, (_, i) => `${i},7,${i % 2}`).join('\n');
  const dataset = unwrap(loadCsv(bytes(`a,constant,y\n${rows}\n`), { classification: true }));
  const { train, validation } = splitDataset(dataset, 0.3, new Random(1));
  const trainA = Array.from({ length: train.count }, (_, i) => train.inputs[2 * i]!);
  const validationA = Array.from({ length: validation.count }, (_, i) => validation.inputs[2 * i]!);
  const mean = trainA.reduce((s, v) => s + v, 0) / trainA.length;
  const std = Math.sqrt(trainA.reduce((s, v) => s + (v - mean) ** 2, 0) / trainA.length);
  const statistics = standardize(train, validation);
  assert.ok(Math.abs(statistics.mean[0]! - mean) < 1e-12 && Math.abs(statistics.std[0]! - std) < 1e-12);
  assert.deepEqual([statistics.mean[1], statistics.std[1]], [7, 1]);
  for (let i = 0; i < train.count; i++) assert.ok(Math.abs(train.inputs[2 * i]! - Math.fround((trainA[i]! - mean) / std)) < 1e-6);
  for (let i = 0; i < validation.count; i++) assert.ok(Math.abs(validation.inputs[2 * i]! - Math.fround((validationA[i]! - mean) / std)) < 1e-6, 'validation uses the training statistics');
  assert.ok(train.inputs.every(Number.isFinite) && validation.inputs.every(Number.isFinite));
  assert.equal(train.inputs[1], 0, 'a constant column becomes 0');
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < train.count; i++) {
    sum += train.inputs[2 * i]!;
    squares += train.inputs[2 * i]! ** 2;
  }
  assert.ok(Math.abs(sum / train.count) < 1e-6 && Math.abs(squares / train.count - 1) < 1e-5, 'training features have mean 0 and variance 1');
});
