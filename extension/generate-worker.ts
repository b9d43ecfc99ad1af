// The text-generation worker (bundled to dist/generate-worker.js): samples the characters of one
// request (workerData) and posts them in chunks, or answers one Sequence-tab step. A thread of its
// own keeps the extension host responsive whatever the model costs per character, and terminating
// it stops generation at once, even inside a forward pass. The host's bundle carries none of the
// tensor engine.
import { parentPort, workerData } from 'node:worker_threads';
import { sequenceStep } from '../core/generate/sequence-step';
import { streamGeneration } from '../node/generation-stream';
import { isSequenceStepTask, type GenerateWorkerData } from '../protocol/generate-messages';

if (!parentPort) throw new Error('dist/generate-worker.js runs as a worker thread of the extension host');
const port = parentPort;
const data = workerData as GenerateWorkerData;
try {
  if (isSequenceStepTask(data)) port.postMessage(sequenceStep(data.request));
  else streamGeneration(data, (message) => port.postMessage(message));
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
