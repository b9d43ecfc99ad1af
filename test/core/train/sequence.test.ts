// The Sequence tab's data, recorded on a real run of a tiny causal-attention model: the attention
// probabilities are distributions with the future masked, the greedy continuation is the argmax of
// the recorded logits, and the recorded logits equal the key/value cache's one-position-at-a-time
// scores (an independent way through the same weights); windowed models (an MLP, an LSTM returning
// its last state) score each position's shifted window; non-causal and non-text models record nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValueCache } from '../../../core/generate';
import { LatentRecorder, recordsSequence, SequenceRecorder, type TrainingRun } from '../../../core/train';
import { workYield } from '../../../core/train/work-yield';
import { isSequenceData } from '../../../protocol/validate-sequence';
import { readFileSync } from 'node:fs';
import type { SequenceData } from '../../../core/train/sequence-data';
import { fromRoot } from '../../helpers/paths';
import { planFile, planText, startRun } from '../../helpers/training';

const tinyAttention = 'test/fixtures/sequence/tiny-attention.dlmodel';

let trained: TrainingRun | undefined;

/** One epoch of training, shared by the tests that only read the weights (recording changes nothing). */
function trainedRun(): TrainingRun {
  if (!trained) {
    trained = startRun(planFile(tinyAttention, { epochs: 1 }));
    for (const event of trained.events()) void event;
  }
  return trained;
}

test('a recorded window: attention rows are distributions with the future masked, and the continuation is the logits’ argmax', () => {
  const run = trainedRun();
  assert.ok(recordsSequence(run));
  const recorder = new SequenceRecorder(run, { samples: 2, continuation: 6 });
  recorder.capture(1);
  const data = recorder.snapshot();
  assert.ok(isSequenceData(JSON.parse(JSON.stringify(data))));
  assert.equal(data.vocabulary.length, 39);
  assert.equal(data.context, 16);
  assert.deepEqual(data.layers, [{ name: 'attention_1', heads: 2, causal: true }, { name: 'attention_2', heads: 2, causal: true }]);
  const frame = data.frame!;
  assert.equal(frame.samples.length, 2);
  const size = 39;
  for (const sample of frame.samples) {
    assert.equal(sample.prompt, 10);
    for (const weights of sample.attention) {
      for (let row = 0; row < 2 * 16; row++) {
        const query = row % 16;
        const values = weights.slice(row * 16, (row + 1) * 16);
        values.forEach((value, key) => (key > query ? assert.equal(value, 0, 'masked') : assert.ok(value >= 0)));
        // Rounded to 4 decimals: 16 entries sum to 1 within 16 half-units of the last place.
        assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) <= 8e-4, `row ${row}`);
      }
    }
    for (let position = sample.prompt; position < 16; position++) {
      const row = sample.logits.slice((position - 1) * size, position * size);
      assert.equal(sample.tokens[position], row.indexOf(Math.max(...row)), `token ${position} is the argmax of position ${position - 1}`);
    }
  }
  // The prompt is the validation window's own text.
  const validation = run.data.validation;
  assert.deepEqual(frame.samples[0]!.tokens.slice(0, 10), Array.from(validation.inputs.subarray(0, 10)));
});

test('the recorded logits equal the key/value cache’s scores, position by position', () => {
  const run = trainedRun();
  const recorder = new SequenceRecorder(run, { samples: 1 });
  recorder.capture(1);
  const sample = recorder.snapshot().frame!.samples[0]!;
  const cache = KeyValueCache.create(run.network)!;
  let worst = 0;
  sample.tokens.forEach((token, position) => {
    const row = cache.append(token);
    row.forEach((value, j) => (worst = Math.max(worst, Math.abs(value - sample.logits[position * 39 + j]!))));
  });
  // Logits are kept to 5 significant digits; they are a few units at most.
  assert.ok(worst < 1e-3, `largest difference ${worst.toExponential(2)}`);
});

test('the embedding PCA has a point per character; capture yields between its forward passes', () => {
  const run = trainedRun();
  const recorder = new SequenceRecorder(run, { samples: 3, continuation: 4 });
  const yields = [...recorder.captureWork(2)].filter((unit) => unit === workYield).length;
  // One pass per generated token (each followed by a yield), then the recording pass.
  assert.equal(yields, 4);
  const data = recorder.snapshot();
  assert.equal(data.embedding!.layer, 'embedding_1');
  assert.equal(data.embedding!.points.length, 78);
  assert.equal(data.frame!.epoch, 2);
  // The guard refuses what the tab would index wrongly: a short window, a layer's map of the wrong size, a token outside the vocabulary.
  const copy = () => JSON.parse(JSON.stringify(data)) as { frame: { samples: { tokens: number[]; attention: number[][] }[] } };
  assert.ok(isSequenceData(copy()));
  const short = copy();
  short.frame.samples[0]!.tokens.pop();
  const map = copy();
  map.frame.samples[1]!.attention[1]!.push(0);
  const token = copy();
  token.frame.samples[2]!.tokens[0] = 39;
  for (const broken of [short, map, token]) assert.equal(isSequenceData(broken), false);
});

test('the latent recorder carries the sequence data for a causal text model, and not for others', () => {
  const run = startRun(planFile(tinyAttention, { epochs: 1 }));
  const latent = new LatentRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch' && latent.records(event.epoch)) latent.capture(event.epoch);
  assert.equal(latent.snapshot().sequence?.frame?.epoch, 1);
  assert.equal(recordsSequence(startRun(planFile('examples/xor.dlmodel', { epochs: 1 }))), false, 'not a character model');
  assert.equal(recordsSequence(startRun(planText(charModel('attention(2)', 'all'), { documentFolder: 'examples' }))), false, 'non-causal attention: a position reads later ones');
});

/** A character model on the tiny corpus with `layer` between the embedding and the output (context 8). */
function charModel(layer: string, targets: 'next' | 'all'): string {
  const output = targets === 'all' ? '' : '\n  flatten()';
  return `model M {\n  input [8]\n  embedding(40, 16)\n  ${layer}${output}\n  dense(40)\n}\ntrain {\n  data: text("data/tiny-corpus.txt", context: 8, targets: ${targets})\n  validation: 0.1\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01)\n  batch: 64\n  epochs: 1\n  seed: 0\n}\n`;
}

/** One epoch of `plan`'s training, then a recording of two windows with 3 generated characters each. */
function recorded(run: TrainingRun): SequenceData {
  for (const event of run.events()) void event;
  assert.ok(recordsSequence(run));
  const recorder = new SequenceRecorder(run, { samples: 2, continuation: 3 });
  recorder.capture(1);
  const data = recorder.snapshot();
  assert.ok(isSequenceData(JSON.parse(JSON.stringify(data))));
  return data;
}

test('an LSTM or MLP on a window (targets: next): position p scores the window ending at p, padded with newlines; no attention', () => {
  for (const path of ['examples/char-lstm.dlmodel', 'examples/char-model.dlmodel']) {
    const run = startRun(planFile(path, { epochs: 1 }));
    const data = recorded(run);
    assert.deepEqual(data.layers, [], path);
    assert.equal(data.embedding!.points.length, 80, path);
    const sample = data.frame!.samples[0]!;
    assert.equal(sample.prompt, 5);
    // Independently: the network on each shifted window, one at a time.
    const newline = data.vocabulary.indexOf('\n');
    for (let position = 0; position < 8; position++) {
      const window = [...new Array<number>(7 - position).fill(newline), ...sample.tokens.slice(0, position + 1)];
      const logits = run.forwardEval(Float32Array.from(window), 1, (result) => Array.from(result.logits.data));
      const recordedRow = sample.logits.slice(position * 40, (position + 1) * 40);
      logits.forEach((value, j) => assert.ok(Math.abs(value - recordedRow[j]!) <= 1e-3 * Math.max(1, Math.abs(value)), `${path} position ${position}`));
      if (position >= sample.prompt) assert.equal(sample.tokens[position], argmaxOf(sample.logits.slice((position - 1) * 40, position * 40)), `${path}: greedy continuation`);
    }
  }
});

test('a GRU returning sequences and a per-position model trained on every position are causal: one pass scores every position', () => {
  for (const text of [charModel('gru(32, return: sequences)', 'all'), readFileSync(fromRoot('test/fixtures/export/char-positions.dlmodel'), 'utf8').replace('../../../examples/data/', 'data/')]) {
    const run = startRun(planText(text, { documentFolder: 'examples' }));
    const data = recorded(run);
    assert.deepEqual(data.layers, []);
    const sample = data.frame!.samples[1]!;
    // Each position's scores are the network's on the window cut after it (later tokens replaced by newlines: they must not matter).
    const newline = data.vocabulary.indexOf('\n');
    const cut = [...sample.tokens.slice(0, 5), ...new Array<number>(3).fill(newline)];
    const logits = run.forwardEval(Float32Array.from(cut), 1, (result) => Array.from(result.logits.data));
    logits.slice(0, 5 * 40).forEach((value, j) => assert.ok(Math.abs(value - sample.logits[j]!) <= 1e-3 * Math.max(1, Math.abs(value))));
  }
});

const argmaxOf = (row: readonly number[]): number => row.indexOf(Math.max(...row));
