// *Generate Text…*'s worker side (node/generation-stream.ts, bundled as dist/generate-worker.js):
// with the same weights, prompt, options and seed it writes exactly the text `dlmodel generate`
// prints (both prepare and sample through core/generate); how characters are grouped into chunks
// never changes the text; terminating the worker stops a long generation before its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GenerationRequest } from '../../core/generate';
import { streamGeneration } from '../../node/generation-stream';
import type { GenerateWorkerMessage } from '../../protocol/generate-messages';
import { generationDefaults } from '../../core/generate/defaults';
import { defaultLength, parseSeed, parseTopK, seedInputProblem, topKInputProblem } from '../../extension/generate-choice';
import { fromRoot } from '../helpers/paths';

const cli = fromRoot('dist/cli.js');
const folder = mkdtempSync(join(tmpdir(), 'dlmodel-generation-stream-'));
copyFileSync(fromRoot('test/fixtures/generate/tiny-attention.dlmodel'), join(folder, 'model.dlmodel'));
copyFileSync(fromRoot('examples/data/tiny-corpus.txt'), join(folder, 'tiny-corpus.txt'));
const trained = spawnSync(process.execPath, [cli, 'train', 'model.dlmodel', '--save', 'model.safetensors'], { cwd: folder, encoding: 'utf8' });
assert.equal(trained.status, 0, trained.stderr);
const text = readFileSync(join(folder, 'model.dlmodel'), 'utf8');
const weights = new Uint8Array(readFileSync(join(folder, 'model.safetensors')));

const request = (overrides: Partial<GenerationRequest> = {}): GenerationRequest => ({ text, weights, prompt: 'the ', length: 150, temperature: 0.8, topK: 0, seed: 3, ...overrides });

function collect(req: GenerationRequest, now?: () => number): GenerateWorkerMessage[] {
  const messages: GenerateWorkerMessage[] = [];
  streamGeneration(req, (message) => messages.push(message), now);
  return messages;
}
const chunkText = (messages: readonly GenerateWorkerMessage[]): string => messages.map((m) => (m.type === 'chunk' ? m.text : '')).join('');

test('the editor’s stream is the text dlmodel generate prints with the same weights, prompt, options and seed', () => {
  const printed = spawnSync(process.execPath, [cli, 'generate', 'model.dlmodel', '--prompt', 'the ', '--length', '150', '--temperature', '0.8', '--seed', '3'], { cwd: folder, encoding: 'utf8' });
  assert.equal(printed.status, 0, printed.stderr);
  const messages = collect(request());
  assert.deepEqual(messages.at(-1), { type: 'done', characters: 150 });
  const streamed = chunkText(messages);
  assert.equal([...streamed].length, 150);
  assert.equal(`the ${streamed}\n`, printed.stdout);
  assert.notEqual(chunkText(collect(request({ seed: 4 }))), streamed, 'another seed, other text');
});

test('with the seed and top-k typed in the editor’s boxes, the stream is dlmodel generate --seed S --top-k K’s text', () => {
  const printed = spawnSync(process.execPath, [cli, 'generate', 'model.dlmodel', '--prompt', 'the ', '--length', '120', '--temperature', '1.3', '--top-k', '5', '--seed', '9'], { cwd: folder, encoding: 'utf8' });
  assert.equal(printed.status, 0, printed.stderr);
  const boxes = { topK: '5', seed: '9' };
  assert.equal(topKInputProblem(boxes.topK), undefined);
  assert.equal(seedInputProblem(boxes.seed), undefined);
  const streamed = chunkText(collect(request({ length: 120, temperature: 1.3, topK: parseTopK(boxes.topK), seed: parseSeed(boxes.seed) })));
  assert.equal(`the ${streamed}\n`, printed.stdout);
  assert.notEqual(chunkText(collect(request({ length: 120, temperature: 1.3, topK: 0, seed: 9 }))), streamed, 'top-k changes the text');
  // The boxes' defaults are the CLI's: no options at all prints the stream of the untouched boxes.
  const plain = spawnSync(process.execPath, [cli, 'generate', 'model.dlmodel', '--prompt', 'the '], { cwd: folder, encoding: 'utf8' });
  const defaults = chunkText(collect(request({ length: defaultLength, temperature: generationDefaults.temperature, topK: generationDefaults.topK, seed: generationDefaults.seed })));
  assert.equal(`the ${defaults}\n`, plain.stdout);
});

test('chunks leave as time passes, and their grouping never changes the text', () => {
  const frozen = collect(request(), () => 0);
  assert.equal(frozen.filter((m) => m.type === 'chunk').length, 1, 'a clock that never moves: one chunk at the end');
  let clock = 0;
  const ticking = collect(request(), () => (clock += 25));
  assert.ok(ticking.filter((m) => m.type === 'chunk').length >= 70, 'a clock 25 ms per look (two looks per character): a chunk every character or two');
  assert.equal(chunkText(ticking), chunkText(frozen));
});

test('a prompt outside the vocabulary or weights of another kind fail with the CLI’s reason, before any chunk', () => {
  const unknown = collect(request({ prompt: 'the cat~' }));
  assert.equal(unknown.length, 1);
  assert.match(unknown[0]!.type === 'failed' ? unknown[0]!.message : '', /^the prompt has characters the model never saw in training: "~" — use only characters of its 40-character vocabulary$/);
  const garbage = collect(request({ weights: new Uint8Array(16) }));
  assert.equal(garbage[0]!.type, 'failed');
});

/** Runs the bundled worker on `req`; `stopAfterFirstChunk` terminates it as Cancel does. */
function runWorker(req: GenerationRequest, stopAfterFirstChunk: boolean): Promise<{ text: string; done: boolean; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fromRoot('dist/generate-worker.js'), { workerData: req });
    let received = '';
    let done = false;
    worker.on('message', (message: GenerateWorkerMessage) => {
      if (message.type === 'chunk') received += message.text;
      if (message.type === 'done') done = true;
      if (message.type === 'failed') reject(new Error(message.message));
      if (message.type === 'chunk' && stopAfterFirstChunk) void worker.terminate();
    });
    worker.on('error', reject);
    worker.on('exit', (exitCode) => resolve({ text: received, done, exitCode }));
  });
}

test('the bundled worker streams the same text, and terminating it ends a long generation early', async () => {
  const whole = await runWorker(request(), false);
  assert.equal(whole.done, true);
  assert.equal(whole.text, chunkText(collect(request())));
  const stopped = await runWorker(request({ length: 1_000_000 }), true);
  assert.equal(stopped.done, false);
  assert.ok(stopped.text.length > 0 && stopped.text.length < 1_000_000, `${stopped.text.length} characters before the stop`);
});
