// The Sequence tab's data, recorded on a real run of a tiny causal-attention model: the attention
// probabilities are distributions with the future masked, the greedy continuation is the argmax of
// the recorded logits, and the recorded logits equal the key/value cache's one-position-at-a-time
// scores (an independent way through the same weights); other models record nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValueCache } from '../../../core/generate';
import { LatentRecorder, recordsSequence, SequenceRecorder, type TrainingRun } from '../../../core/train';
import { workYield } from '../../../core/train/work-yield';
import { isSequenceData } from '../../../protocol/validate-sequence';
import { planFile, startRun } from '../../helpers/training';

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
  for (const path of ['test/fixtures/export/char-positions.dlmodel', 'examples/char-lstm.dlmodel', 'examples/xor.dlmodel']) {
    assert.equal(recordsSequence(startRun(planFile(path, { epochs: 1 }))), false, path);
  }
});
