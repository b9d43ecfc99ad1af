import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../protocol/worker-messages';

/** What the thread tells the run it serves. */
export interface ThreadListener {
  onMessage(message: WorkerToHost): void;
  /** The thread crashed or exited while this listener was attached. */
  onGone(reason: string): void;
}

/**
 * A training worker thread (dist/worker.js). It trains one run at a time; a run's handle attaches
 * to it for the run's duration. Train's runs each have their own thread; a sweep's lane hands its
 * thread from one run to the next, so the bundle, the WebAssembly kernels, the decoded data sets
 * and the optimised code are paid for once per lane instead of once per run.
 */
export class TrainingWorkerThread {
  private readonly worker: Worker;
  private listener: ThreadListener | undefined;
  private terminating = false;
  private exitedFlag = false;
  /** Resolves when the thread has exited (its 'exit' event). */
  readonly exited: Promise<void>;

  constructor(workerPath: string) {
    // Typed arrays live outside the JS heap; the limit guards the heap the run's objects use.
    this.worker = new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker.on('message', (message: WorkerToHost) => this.listener?.onMessage(message));
    this.worker.on('error', (error) => this.listener?.onGone(`the training worker stopped: ${error.message}`));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.exitedFlag = true;
        this.listener?.onGone(`the training worker exited unexpectedly (exit code ${code})`);
        resolve();
      }),
    );
  }

  /** True once the thread has exited, not merely been asked to. */
  get hasExited(): boolean {
    return this.exitedFlag;
  }

  /** False once the thread is ending (asked to terminate, or exited): it takes no more runs. */
  get usable(): boolean {
    return !this.terminating && !this.exitedFlag;
  }

  /** Routes the thread's messages and its end to `listener` (one run's handle) until `detach`. */
  attach(listener: ThreadListener): void {
    this.listener = listener;
  }

  detach(listener: ThreadListener): void {
    if (this.listener === listener) this.listener = undefined;
  }

  post(message: HostToWorker): void {
    if (this.usable) this.worker.postMessage(message);
  }

  /** Ends the thread (and whatever it is computing); `exited` resolves once it has. */
  terminate(): void {
    if (this.terminating) return;
    this.terminating = true;
    void this.worker.terminate();
  }
}
