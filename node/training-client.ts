import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { TrainEvent } from '../core/train/events';
import type { LatentDataSnapshot } from '../core/train/latent';
import type { HostToWorker, StartRun, WorkerToHost } from '../protocol/worker-messages';

export type RunOutcome = 'completed' | 'stopped' | 'failed';

export interface RunCallbacks {
  /** A batch of events, in order. */
  onEvents(events: readonly TrainEvent[]): void;
  onPaused?(paused: boolean): void;
  /** The latent-space data so far (replaces what came before). */
  onLatent?(latent: LatentDataSnapshot): void;
  /** Called exactly once, whatever happens to the worker. */
  onEnded(outcome: RunOutcome, message?: string): void;
}

/** How long Stop waits for the worker to finish its slice before terminating it. */
export const stopDeadlineMs = 1000;

/**
 * One training run in its own worker thread, driven from the extension host (or any Node process).
 * The worker is created per run and always ends: on completion, on Stop (terminated if it does not
 * answer within a second), or on a crash, which is reported as a failure with the worker's reason.
 */
export class TrainingRunHandle {
  readonly runId = randomUUID();
  private readonly worker: Worker;
  private ended = false;
  private readonly endedPromise: Promise<RunOutcome>;
  private resolveEnded!: (outcome: RunOutcome) => void;

  constructor(workerPath: string, request: Omit<StartRun, 'type' | 'runId'>, private readonly callbacks: RunCallbacks) {
    this.endedPromise = new Promise((resolve) => (this.resolveEnded = resolve));
    // Typed arrays live outside the JS heap; the limit guards the heap the run's objects use.
    this.worker = new Worker(workerPath, { resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    this.worker.on('message', (message: WorkerToHost) => this.receive(message));
    this.worker.on('error', (error) => this.finish('failed', `the training worker stopped: ${error.message}`));
    this.worker.on('exit', (code) => this.finish('failed', `the training worker exited unexpectedly (exit code ${code})`));
    this.send({ type: 'start', runId: this.runId, ...request });
  }

  /** Resolves with the outcome once the run has ended. */
  get done(): Promise<RunOutcome> {
    return this.endedPromise;
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.runId });
  }

  resume(): void {
    this.send({ type: 'resume', runId: this.runId });
  }

  /** Asks the run to stop; terminates the worker if it has not ended within `stopDeadlineMs`. */
  async stop(): Promise<RunOutcome> {
    if (this.ended) return this.endedPromise;
    this.send({ type: 'stop', runId: this.runId });
    const timer = setTimeout(() => {
      this.finish('stopped');
    }, stopDeadlineMs);
    const outcome = await this.endedPromise;
    clearTimeout(timer);
    return outcome;
  }

  private send(message: HostToWorker): void {
    if (!this.ended) this.worker.postMessage(message);
  }

  private receive(message: WorkerToHost): void {
    if (this.ended || message.runId !== this.runId) return;
    switch (message.type) {
      case 'events':
        this.callbacks.onEvents(message.events);
        break;
      case 'paused':
        this.callbacks.onPaused?.(message.paused);
        break;
      case 'latent':
        this.callbacks.onLatent?.(message.latent);
        break;
      case 'ended':
        this.finish(message.outcome, message.message);
        break;
    }
  }

  private finish(outcome: RunOutcome, message?: string): void {
    if (this.ended) return;
    this.ended = true;
    void this.worker.terminate();
    try {
      this.callbacks.onEnded(outcome, message);
    } finally {
      this.resolveEnded(outcome);
    }
  }
}
