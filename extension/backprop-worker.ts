// The step-through's worker (bundled to dist/backprop-worker.js): computes one trace from the
// request in workerData and posts it, so the extension host's bundle carries none of the training
// core (dist/extension.js stays small; bench/run-bench.ts holds it to a size target).
import { parentPort, workerData } from 'node:worker_threads';
import { computeBackprop, type BackpropRequest } from '../node/backprop-compute';

if (!parentPort) throw new Error('dist/backprop-worker.js runs as a worker thread of the extension host');
try {
  parentPort.postMessage(computeBackprop(workerData as BackpropRequest));
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
