// The host's half of the Sequence tab's Generate next character (extension/sequence-step.ts): with a
// finished run's weights the bundled worker (dist/generate-worker.js) answers exactly what
// core/generate/sequence-step.ts computes; a run without kept weights (training, or restored) gets
// the reason instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runWeightsToSafetensors } from '../../core/export/run-weights';
import { sequenceStep } from '../../core/generate/sequence-step';
import type { FinishedRun } from '../../extension/export-weights';
import { answerSequenceStep } from '../../extension/sequence-step';
import type { SequenceStepRequestMessage } from '../../protocol/sequence-step-messages';
import { fromRoot } from '../helpers/paths';
import { planFile, startRun } from '../helpers/training';

const path = 'test/fixtures/sequence/tiny-attention.dlmodel';
const run = startRun(planFile(path, { epochs: 1 }));
for (const event of run.events()) void event;
const finished: FinishedRun = { runId: 'r1', documentKey: 'file:///m.dlmodel', text: readFileSync(fromRoot(path), 'utf8'), trainName: undefined, name: 'run 1', epoch: 1, epochs: 1, valAccuracy: null, weights: runWeightsToSafetensors(run) };
const request: SequenceStepRequestMessage = { type: 'sequence-step', runId: 'r1', window: 2, tokens: Array.from(run.data.validation.inputs.subarray(0, 9)), prompt: 9, temperature: 0.8, seed: 11, draw: 0 };
const worker = fromRoot('dist/generate-worker.js');

test('a finished run: the worker answers what core sequenceStep computes', async () => {
  const answer = await answerSequenceStep(worker, [finished], request);
  const expected = sequenceStep({ text: finished.text, weights: finished.weights, tokens: request.tokens, prompt: 9, temperature: 0.8, seed: 11, draw: 0 });
  assert.ok(expected.ok);
  assert.deepEqual(answer, { type: 'sequence-step-result', runId: 'r1', window: 2, draw: 0, token: expected.token, sample: expected.sample, message: null });
});

test('a run whose weights are not kept, or a request the model refuses, is answered with the reason', async () => {
  const missing = await answerSequenceStep(worker, [finished], { ...request, runId: 'other' });
  assert.equal(missing.sample, null);
  assert.match(missing.message ?? '', /still training, or was restored/);
  const full = await answerSequenceStep(worker, [finished], { ...request, tokens: new Array<number>(16).fill(0) });
  assert.match(full.message ?? '', /must hold 1 to 15/);
});
