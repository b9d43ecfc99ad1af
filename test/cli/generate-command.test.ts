// `dlmodel generate` as the real binary (dist/cli.js): a text model trained with --save writes
// its vocabulary into the weights, generate streams text from them (the same seed, the same text),
// for targets: next and targets: all, and every way it cannot generate says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, readTextMetadata } from '../../core/export';
import { fromRoot } from '../helpers/paths';

const cli = fromRoot('dist/cli.js');

function dlmodel(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const corpus = 'the cat sat on the mat\nthe hat\na cat ate the rat\n';
const charModel = (targets: 'next' | 'all'): string => `model Chars {
  input [4]
  embedding(12, 8)
  ${targets === 'next' ? 'flatten()\n  dense(32, activation: relu)\n  dense(12)' : 'dense(32, activation: relu)\n  dense(12)'}
}
train {
  data: text("corpus.txt", context: 4, targets: ${targets})
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 16
  epochs: 3
}
`;

/** A folder with the corpus and a model of each kind, trained and saved once. */
function trainedFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-generate-'));
  writeFileSync(join(folder, 'corpus.txt'), corpus);
  for (const targets of ['next', 'all'] as const) {
    writeFileSync(join(folder, `${targets}.dlmodel`), charModel(targets));
    const trained = dlmodel(['train', `${targets}.dlmodel`, '--save', `${targets}.safetensors`], folder);
    assert.equal(trained.status, 0, trained.stderr);
  }
  return folder;
}
const folder = trainedFolder();

test('train --save records the vocabulary, context and targets in the weights’ metadata', () => {
  for (const targets of ['next', 'all'] as const) {
    const decoded = decodeSafetensors(readFileSync(join(folder, `${targets}.safetensors`)));
    assert.ok(decoded.ok);
    const read = readTextMetadata(decoded.file.metadata);
    assert.ok(read.ok && read.info);
    assert.deepEqual(read.info, { vocabulary: ['\n', ' ', 'a', 'c', 'e', 'h', 'm', 'n', 'o', 'r', 's', 't'], context: 4, targets });
  }
});

test('generate writes the prompt and then --length characters of the vocabulary; the same seed the same text', () => {
  for (const targets of ['next', 'all'] as const) {
    const run = (seed: string) => dlmodel(['generate', `${targets}.dlmodel`, '--prompt', 'the ', '--length', '120', '--seed', seed, '--top-k', '4', '--temperature', '0.8'], folder);
    const first = run('5');
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.ok(first.stdout.startsWith('the '), first.stdout);
    const generated = [...first.stdout.slice(4, -1)];
    assert.equal(generated.length, 120, `${targets}: 120 characters and a final newline`);
    assert.ok(generated.every((c) => corpus.includes(c)), 'only characters of the corpus');
    assert.equal(run('5').stdout, first.stdout, `${targets}: same seed, same text`);
    assert.notEqual(run('6').stdout, first.stdout, `${targets}: another seed, other text`);
  }
});

test('generate without weights says how to make them; a prompt outside the vocabulary names the characters', () => {
  mkdirSync(join(folder, 'fresh'), { recursive: true });
  writeFileSync(join(folder, 'fresh', 'corpus.txt'), corpus);
  writeFileSync(join(folder, 'fresh', 'm.dlmodel'), charModel('next'));
  const missing = dlmodel(['generate', 'fresh/m.dlmodel'], folder);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /no trained weights at fresh\/m\.safetensors — train the model and save them first: dlmodel train fresh\/m\.dlmodel --save fresh\/m\.safetensors/);
  const unknown = dlmodel(['generate', 'next.dlmodel', '--prompt', 'The Cat!'], folder);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /the prompt has characters the model never saw in training: "T", "C", "!"/);
  assert.equal(unknown.stdout, '');
});

test('generate refuses a model that is not a text model, weights without a vocabulary, and bad options', () => {
  writeFileSync(join(folder, 'xor.dlmodel'), readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8'));
  const xor = dlmodel(['generate', 'xor.dlmodel'], folder);
  assert.equal(xor.status, 1);
  assert.match(xor.stderr, /model \w+ is trained on xor\(…\), not on text: generate needs a model trained on text\(…\)/);
  // Weights saved without metadata (as an older dlmodel wrote them): the tensors alone.
  const bare = Buffer.from(readFileSync(join(folder, 'next.safetensors')));
  const headerLength = Number(bare.readBigUInt64LE(0));
  const header = JSON.parse(bare.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  delete header['__metadata__'];
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - ((8 + Buffer.byteLength(text)) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  writeFileSync(join(folder, 'bare.safetensors'), Buffer.concat([length, Buffer.from(text), bare.subarray(8 + headerLength)]));
  const noVocabulary = dlmodel(['generate', 'next.dlmodel', '--weights', 'bare.safetensors'], folder);
  assert.equal(noVocabulary.status, 1);
  assert.match(noVocabulary.stderr, /the weights record no vocabulary.* — save them again with dlmodel train next\.dlmodel --save bare\.safetensors/);
  const badTemperature = dlmodel(['generate', 'next.dlmodel', '--temperature', 'hot'], folder);
  assert.equal(badTemperature.status, 2);
  assert.match(badTemperature.stderr, /--temperature takes a number from 0 to 100; got 'hot'/);
});

test('train --init refuses text weights saved for another vocabulary', () => {
  // As many characters as the corpus (12), so the weights fit the model's shapes: only the vocabulary tells.
  writeFileSync(join(folder, 'other.txt'), 'abcdefghijk\n');
  writeFileSync(join(folder, 'other.dlmodel'), charModel('next').replace('corpus.txt', 'other.txt'));
  const other = dlmodel(['train', 'other.dlmodel', '--init', 'next.safetensors', '--epochs', '1'], folder);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /trained on a vocabulary of 12 characters, the data has 12 \(it lacks "b", "d", "f", "g", "i", …\)/);
});
