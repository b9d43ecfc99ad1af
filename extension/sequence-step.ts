/**
 * The host's half of the Sequence tab's *Generate next character*: the run's finished weights (kept
 * for this window's finished runs) and one task on the generation worker (dist/generate-worker.js),
 * whose core/generate/sequence-step.ts draws the character and scores the longer window. A run still
 * training, or one restored from an earlier session, has no weights here: the answer says so.
 */
import { Worker } from 'node:worker_threads';
import type { SequenceStepResult } from '../core/generate/sequence-step';
import type { GenerateWorkerData } from '../protocol/generate-messages';
import type { SequenceStepRequestMessage, SequenceStepResultMessage } from '../protocol/sequence-step-messages';
import type { FinishedRun } from './export-weights';

/** Answers one step request with the finished run's weights, or with why it cannot. */
export async function answerSequenceStep(workerPath: string, finished: readonly FinishedRun[], request: SequenceStepRequestMessage): Promise<SequenceStepResultMessage> {
  const answer = (result: SequenceStepResult | { readonly ok: false; readonly message: string }): SequenceStepResultMessage => ({
    type: 'sequence-step-result',
    runId: request.runId,
    window: request.window,
    draw: request.draw,
    token: result.ok ? result.token : null,
    sample: result.ok ? result.sample : null,
    message: result.ok ? null : result.message,
  });
  const run = finished.find((r) => r.runId === request.runId);
  if (!run) return answer({ ok: false, message: 'Generate next character samples with the run’s finished weights: this run is still training, or was restored from an earlier session (its weights are not kept). Wait for it to finish, or train again.' });
  const { tokens, prompt, temperature, seed, draw } = request;
  const data: GenerateWorkerData = { task: 'sequence-step', request: { text: run.text, ...(run.trainName === undefined ? {} : { trainName: run.trainName }), weights: run.weights, tokens, prompt, temperature, seed, draw } };
  return answer(await runTask(workerPath, data));
}

/** One task on a fresh worker: its one message, or its failure. */
function runTask(workerPath: string, data: GenerateWorkerData): Promise<SequenceStepResult> {
  return new Promise((resolve) => {
    const worker = new Worker(workerPath, { workerData: data });
    let settled = false;
    const settle = (result: SequenceStepResult): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (message: SequenceStepResult | { type: 'failed'; message: string }) => settle('type' in message ? { ok: false, message: message.message } : message));
    worker.on('error', (error) => settle({ ok: false, message: error.message }));
    worker.on('exit', (code) => settle({ ok: false, message: `the generation worker stopped (exit code ${code})` }));
  });
}
