// The training worker's entry point (bundled to dist/worker.js): a worker_threads Worker that the
// extension host starts, running the training core off the editor's event loop.
import { parentPort } from 'node:worker_threads';
import { runTrainingWorker } from '../node/training-worker-loop';
import { enableRelaxedSimd } from '../node/wasm-features';
import { useNativeGunzip } from '../node/native-gunzip';

if (!parentPort) throw new Error('dist/worker.js runs as a worker thread of the extension host');
enableRelaxedSimd();
useNativeGunzip(); // IDX data sets and the built-in digits (once per sweep lane) inflate natively here too, as in the CLI
const port = parentPort;
runTrainingWorker({ postMessage: (message) => port.postMessage(message), on: (event, listener) => port.on(event, listener) });
