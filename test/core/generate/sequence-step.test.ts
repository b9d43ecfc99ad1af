// The Sequence tab's *Generate next character* (core/generate/sequence-step.ts) on real trained
// weights: the character is drawn at the asked temperature from the seed's stream (the same seed,
// window and temperature give the same character; the k-th draw of the stream is the k-th uniform
// of Random(seed)); the window's earlier scores do not change when it grows; temperature 0 is the
// argmax; other seeds at a high temperature give other characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Random } from '../../../core/common/random';
import { runWeightsToSafetensors } from '../../../core/export/run-weights';
import { drawCategorical, samplingProbabilities } from '../../../core/generate';
import { sequenceStep, type SequenceStepRequest } from '../../../core/generate/sequence-step';
import type { TrainingRun } from '../../../core/train';
import { fromRoot } from '../../helpers/paths';
import { planFile, startRun } from '../../helpers/training';

function trained(path: string): { run: TrainingRun; text: string; weights: Uint8Array } {
  const run = startRun(planFile(path, { epochs: 1 }));
  for (const event of run.events()) void event;
  return { run, text: readFileSync(fromRoot(path), 'utf8'), weights: runWeightsToSafetensors(run) };
}

const attention = trained('test/fixtures/sequence/tiny-attention.dlmodel');
const window = Array.from(attention.run.data.validation.inputs.subarray(0, 8));
const request = (overrides: Partial<SequenceStepRequest> = {}): SequenceStepRequest => ({ text: attention.text, weights: attention.weights, tokens: window, prompt: 8, temperature: 1.5, seed: 7, draw: 0, ...overrides });

function step(overrides: Partial<SequenceStepRequest> = {}): Extract<ReturnType<typeof sequenceStep>, { ok: true }> {
  const result = sequenceStep(request(overrides));
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result;
}

test('the next character is the seed stream’s draw at the temperature, and the same seed gives it again', () => {
  const first = step();
  assert.deepEqual(step(), first, 'same seed, window and temperature: same character and numbers');
  assert.deepEqual(first.sample.tokens.slice(0, 9), [...window, first.token]);
  assert.equal(first.sample.prompt, 8);
  // Independently: softmax(z / T) at the window's last position, drawn with Random(seed)'s (draw+1)-th uniform.
  const scores = Float32Array.from(step({ tokens: window.slice(0, 8) }).sample.logits.slice(7 * 39, 8 * 39));
  for (const draw of [0, 3]) {
    const random = new Random(7);
    for (let i = 0; i < draw; i++) random.nextFloat();
    const expected = drawCategorical(samplingProbabilities(scores, { temperature: 1.5, topK: 0 }), random);
    assert.equal(step({ draw }).token, expected, `draw ${draw}`);
  }
  const seeds = new Set(Array.from({ length: 12 }, (_, seed) => step({ seed, temperature: 3 }).token));
  assert.ok(seeds.size >= 3, `12 seeds at T = 3 drew ${seeds.size} different characters`);
});

test('temperature 0 takes the argmax; the scores before the new character stay as they were', () => {
  const greedy = step({ temperature: 0, seed: 123 });
  const row = greedy.sample.logits.slice(7 * 39, 8 * 39);
  assert.equal(greedy.token, row.indexOf(Math.max(...row)));
  const shorter = step({ tokens: window.slice(0, 7), prompt: 7 });
  assert.deepEqual(greedy.sample.logits.slice(0, 7 * 39), shorter.sample.logits.slice(0, 7 * 39), 'a causal model: positions 0–6 do not see what follows');
  assert.equal(greedy.sample.attention.length, 2);
});

test('windowed character models (an MLP and an LSTM returning its last state) step too, without attention', () => {
  for (const path of ['examples/char-model.dlmodel', 'examples/char-lstm.dlmodel']) {
    const model = trained(path);
    const tokens = Array.from(model.run.data.validation.inputs.subarray(0, 4));
    const result = sequenceStep({ text: model.text, weights: model.weights, tokens, prompt: 4, temperature: 1, seed: 1, draw: 0 });
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(result.sample.tokens.length, 8);
    assert.equal(result.sample.logits.length, 8 * 40);
    assert.deepEqual(result.sample.attention, []);
  }
});

test('a full window, a token outside the vocabulary or a negative draw is refused with the reason', () => {
  const refused = (overrides: Partial<SequenceStepRequest>): string => {
    const result = sequenceStep(request(overrides));
    return result.ok ? '' : result.message;
  };
  assert.match(refused({ tokens: new Array<number>(16).fill(0) }), /must hold 1 to 15/);
  assert.match(refused({ tokens: [0, 99] , prompt: 1 }), /vocabulary/);
  assert.match(refused({ draw: -1 }), /draw/);
  assert.match(refused({ temperature: -1 }), /temperature/);
});
