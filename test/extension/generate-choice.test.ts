// The pure half of *Generate Text…* (extension/generate-choice.ts): it generates from the latest
// finished run of the active file when that run trained on text (its weights carry a vocabulary),
// says which case it is otherwise, and its input boxes refuse what `dlmodel generate` refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSafetensors } from '../../core/export/safetensors';
import { textMetadata } from '../../core/export/text-metadata';
import { promptProblem } from '../../core/generate/encode';
import type { FinishedRun } from '../../extension/export-weights';
import { latestTextRun, lengthInputProblem, parseLength, parseSeed, parseTemperature, parseTopK, seedInputProblem, temperatureInputProblem, topKInputProblem, weightsTextInfo } from '../../extension/generate-choice';

const info = { vocabulary: ['\n', ' ', 'a', 'b'], context: 4, targets: 'all' as const };
const weights = (text: boolean): Uint8Array => encodeSafetensors([['w', { dtype: 'F32', shape: [1], data: Float32Array.of(1) }]], text ? textMetadata(info) : {});
const run = (runId: string, documentKey: string, text: boolean): FinishedRun => ({ runId, documentKey, text: `# ${runId}`, trainName: undefined, name: runId, epoch: 1, epochs: 1, valAccuracy: null, weights: weights(text) });
const chars = 'file:///w/chars.dlmodel';
const xor = 'file:///w/xor.dlmodel';

test('the latest finished run of the file is used when it trained on text; other files’ runs never are', () => {
  const choice = latestTextRun([run('a', chars, true), run('b', chars, true), run('c', xor, true)], chars);
  assert.equal(choice.kind, 'text');
  assert.ok(choice.kind === 'text');
  assert.equal(choice.run.runId, 'b');
  assert.deepEqual(choice.info, info);
});

test('no run of the file, or a latest run that did not train on text, is said as such', () => {
  assert.deepEqual(latestTextRun([], chars), { kind: 'none' });
  assert.deepEqual(latestTextRun([run('c', xor, true)], chars), { kind: 'none' });
  // An older text run does not stand in for the latest one: the person trained something else since.
  const latest = latestTextRun([run('a', chars, true), run('b', chars, false)], chars);
  assert.equal(latest.kind, 'not-text');
  assert.ok(latest.kind === 'not-text' && latest.run.runId === 'b');
});

test('weights without a vocabulary, or not safetensors at all, carry no text model', () => {
  assert.deepEqual(weightsTextInfo(weights(true)), info);
  assert.equal(weightsTextInfo(weights(false)), undefined);
  assert.equal(weightsTextInfo(new Uint8Array([1, 2, 3])), undefined);
});

test('the temperature box takes a number from 0 to 100 (the CLI’s range), nothing else', () => {
  for (const ok of ['1', '0', '0.7', '.5', ' 2 ', '100']) assert.equal(temperatureInputProblem(ok), undefined, ok);
  for (const bad of ['', 'hot', '-1', '101', '1e3', 'NaN', 'Infinity', '1,5']) assert.match(temperatureInputProblem(bad) ?? '', /a number from 0 to 100/, bad);
  assert.equal(parseTemperature('0.7'), 0.7);
});

test('the length box takes a whole number of characters from 1 to 1,000,000 (the CLI’s --length range, without 0)', () => {
  for (const ok of ['1', '200', '1000000']) assert.equal(lengthInputProblem(ok), undefined, ok);
  for (const bad of ['', '0', '1.5', '-3', '1000001', 'ten']) assert.match(lengthInputProblem(bad) ?? '', /a whole number of characters from 1 to 1,000,000/, bad);
  assert.equal(parseLength(' 120 '), 120);
});

test('the prompt box names the characters outside the vocabulary, as dlmodel generate does', () => {
  assert.equal(promptProblem(info.vocabulary, 'ab ba\n'), undefined);
  assert.equal(promptProblem(info.vocabulary, ''), undefined);
  assert.equal(promptProblem(info.vocabulary, 'abc!'), 'the prompt has characters the model never saw in training: "c", "!" — use only characters of its 4-character vocabulary');
});

test('the top-k and seed boxes take what dlmodel generate --top-k and --seed take', () => {
  assert.equal(parseTopK(' 5 '), 5);
  assert.equal(parseSeed('4294967295'), 4294967295);
  for (const ok of ['0', '40', '1000000']) assert.equal(topKInputProblem(ok), undefined, ok);
  for (const bad of ['', '-1', '2.5', 'ten', '1000001']) assert.match(topKInputProblem(bad) ?? '', /whole number from 0 to 1,000,000/, bad);
  for (const ok of ['0', '42', '4294967295']) assert.equal(seedInputProblem(ok), undefined, ok);
  for (const bad of ['', '-3', '1e3', '4294967296']) assert.match(seedInputProblem(bad) ?? '', /whole number from 0 to 4,294,967,295/, bad);
});
