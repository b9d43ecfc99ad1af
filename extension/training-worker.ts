// The training worker's entry point (bundled to dist/worker.js): a worker_threads Worker that the
// extension host starts, running the training core off the editor's event loop.
import { parentPort } from 'node:worker_threads';
import { runTrainingWorker } from '../node/training-worker-loop';
import { enableRelaxedSimd } from '../node/wasm-features';

if (!parentPort) throw new Error('dist/worker.js runs as a worker thread of the extension host');
enableRelaxedSimd();
const port = parentPort;
runTrainingWorker({ postMessage: (message) => port.postMessage(message), on: (event, listener) => port.on(event, listener) });
