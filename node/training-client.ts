import { randomUUID } from 'node:crypto';
import type { TrainEvent } from '../core/train/events';
import type { LandscapeData, LatentData } from '../core/train/panel-data';
import type { HostToWorker, StartRun, WorkerToHost } from '../protocol/worker-messages';
import { defaultRace, type RaceChoice } from '../core/train/race-choice';
import { TrainingWorkerThread, type ThreadListener } from './training-worker-thread';

export type RunOutcome = 'completed' | 'stopped' | 'failed';

export interface RunCallbacks {
  /** A batch of events, in order. */
  onEvents(events: readonly TrainEvent[]): void;
  onPaused?(paused: boolean): void;
  /** A checkpoint asked for with `saveCheckpoint()` (safetensors with the optimizer state), after `epoch` epochs. */
  onCheckpoint?(safetensors: Uint8Array, epoch: number): void;
  /** The latent-space data so far (replaces what came before). */
  onLatent?(latent: LatentData): void;
  /** Called exactly once, whatever happens to the worker. */
  onEnded(outcome: RunOutcome, message?: string): void;
}

/** How long Stop waits for the worker to finish its slice before terminating it (under the 1 s the spec allows, with room for the timer and the message). */
export const stopDeadlineMs = 800;

export interface LandscapeResult {
  readonly landscape: LandscapeData | null;
  readonly message?: string;
  /** The epoch whose weights it maps (a run still training goes on past it). */
  readonly epoch?: number;
}

/** The decoder's outputs at the points asked (row after row), or why there are none. */
export interface DecodedLatent {
  readonly decoded: Float32Array | null;
  readonly message?: string;
}

/**
 * One training run in a worker thread, driven from the extension host (or any Node process).
 * The run always ends: on completion, on Stop (the worker is terminated if it does not answer within
 * a second), or on a crash, which is reported as a failure with the worker's reason. After a run
 * that did not fail, the worker keeps the trained weights for loss-landscape requests until
 * `dispose()`. Given a worker path, the run has a thread of its own, ended with the run's
 * `dispose()`; given a thread (a sweep's lane), the run borrows it: once the run has ended the
 * thread is the lender's again (the next run it starts replaces the kept weights), and only a run
 * that must be cut short (Stop's deadline, `dispose()` before the end) terminates it.
 */
export class TrainingRunHandle {
  readonly runId: string;
  private readonly thread: TrainingWorkerThread;
  /** True when the thread was made for this run alone. */
  private readonly ownsThread: boolean;
  private readonly listener: ThreadListener;
  private ended = false;
  private readonly endedPromise: Promise<RunOutcome>;
  private resolveEnded!: (outcome: RunOutcome) => void;
  private disposed = false;
  private stopTerminated = false;
  private trainedWeights: Uint8Array | undefined;
  private nextRequest = 1;
  private readonly decodes = new Map<number, (result: DecodedLatent) => void>();
  private readonly landscapes = new Map<number, { resolve: (result: LandscapeResult) => void; onProgress?: (done: number, total: number, stage: string) => void }>();

  /**
   * `worker`: the worker bundle's path (a thread of the run's own) or an idle thread to borrow.
   * `runId`: a new one for a run to train; the stored run's own id to restore one (`request.restoreWeights`).
   */
  constructor(worker: string | TrainingWorkerThread, request: Omit<StartRun, 'type' | 'runId'>, private readonly callbacks: RunCallbacks, runId: string = randomUUID()) {
    this.runId = runId;
    this.endedPromise = new Promise((resolve) => (this.resolveEnded = resolve));
    this.ownsThread = typeof worker === 'string';
    this.thread = typeof worker === 'string' ? new TrainingWorkerThread(worker) : worker;
    this.listener = { onMessage: (message) => this.receive(message), onGone: (reason) => this.workerGone(reason) };
    this.thread.attach(this.listener);
    this.send({ type: 'start', runId: this.runId, ...request });
  }

  /** The weights the run ended with (safetensors), once a run that did not fail has ended; kept after `dispose()`. */
  get weights(): Uint8Array | undefined {
    return this.trainedWeights;
  }

  /** True once the worker thread has exited (its 'exit' event), not merely been asked to. */
  get hasExited(): boolean {
    return this.thread.hasExited;
  }

  /**
   * True when Stop had to terminate the worker because it did not answer within `stopDeadlineMs`
   * (the last resort): the worker itself answers between two slices of its work.
   */
  get terminatedOnStop(): boolean {
    return this.stopTerminated;
  }

  /**
   * Resolves when the worker thread has exited (after `dispose()`, a crash, or the end of the
   * process; a borrowed thread when its lender ends it).
   */
  get exited(): Promise<void> {
    return this.thread.exited;
  }

  /** Resolves with the outcome once the run has ended. */
  get done(): Promise<RunOutcome> {
    return this.endedPromise;
  }

  pause(): void {
    this.send({ type: 'pause', runId: this.runId });
  }

  /** Sets the learning rate from the next step on. */
  setLearningRate(lr: number): void {
    this.send({ type: 'set-lr', runId: this.runId, lr });
  }

  /** Asks for a checkpoint at the next epoch boundary (delivered to `onCheckpoint`). */
  saveCheckpoint(): void {
    this.send({ type: 'checkpoint', runId: this.runId });
  }

  resume(): void {
    this.send({ type: 'resume', runId: this.runId });
  }

  /**
   * Asks the run to stop; terminates the worker if it has not ended within `deadlineMs` (a test
   * that must see the worker's own answer, whatever the machine's load, passes a longer one).
   */
  async stop(deadlineMs = stopDeadlineMs): Promise<RunOutcome> {
    if (this.ended) return this.endedPromise;
    this.send({ type: 'stop', runId: this.runId });
    const timer = setTimeout(() => {
      this.stopTerminated = true;
      this.dispose();
    }, deadlineMs);
    const outcome = await this.endedPromise;
    clearTimeout(timer);
    return outcome;
  }

  /**
   * Computes the loss landscape in the run's worker: around a finished run's weights, or, while
   * the run trains, around a copy of its weights at the next epoch boundary (between training
   * steps, at most `landscapeShare` of the training's time). `race`: true for the default race,
   * or the optimizers and rates to race. Resolves with a message instead when the run failed, the
   * worker is gone, or the request was cancelled.
   */
  landscape(plane: 'random' | 'path', resolution: number, race: boolean | readonly RaceChoice[], onProgress?: (done: number, total: number, stage: string) => void): Promise<LandscapeResult> {
    if (this.disposed) return Promise.resolve({ landscape: null, message: 'this run’s weights are no longer kept — train again' });
    const requestId = this.nextRequest++;
    const choices = race === true ? defaultRace : race === false ? [] : race;
    return new Promise((resolve) => {
      this.landscapes.set(requestId, { resolve, ...(onProgress ? { onProgress } : {}) });
      this.thread.post({ type: 'landscape', runId: this.runId, requestId, plane, resolution, race: choices });
    });
  }

  /**
   * The decoder's outputs at points of a kept Latent manifold frame's plane (u, v pairs), under
   * that epoch's weights, computed in the run's worker; or why there are none.
   */
  decodeLatent(epoch: number, points: readonly number[]): Promise<DecodedLatent> {
    if (this.disposed) return Promise.resolve({ decoded: null, message: 'this run’s weights are no longer kept — train again to decode new points' });
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.decodes.set(requestId, resolve);
      this.thread.post({ type: 'decode-latent', runId: this.runId, requestId, epoch, points });
    });
  }

  /** Drops every landscape request under way; each resolves with 'cancelled' (the run goes on). */
  cancelLandscapes(): void {
    if (this.disposed) return;
    for (const requestId of this.landscapes.keys()) this.thread.post({ type: 'cancel-landscape', runId: this.runId, requestId });
  }

  /**
   * Ends the worker (and any landscape computation); the run's weights are gone. A borrowed thread
   * whose run has ended is left to its lender; one still training this run is terminated.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ownsThread || !this.ended) this.thread.terminate();
    this.thread.detach(this.listener);
    this.finish('stopped');
    this.settleLandscapes('cancelled');
  }

  private settleLandscapes(message: string): void {
    for (const pending of this.landscapes.values()) pending.resolve({ landscape: null, message });
    this.landscapes.clear();
    for (const resolve of this.decodes.values()) resolve({ decoded: null, message });
    this.decodes.clear();
  }

  private workerGone(reason: string): void {
    this.disposed = true;
    this.finish('failed', reason);
    this.settleLandscapes(reason);
  }

  private send(message: HostToWorker): void {
    if (!this.ended) this.thread.post(message);
  }

  private receive(message: WorkerToHost): void {
    if (message.runId !== this.runId) return;
    if (message.type === 'landscape' || message.type === 'landscape-progress') {
      const pending = this.landscapes.get(message.requestId);
      if (!pending) return;
      if (message.type === 'landscape-progress') pending.onProgress?.(message.done, message.total, message.stage);
      else {
        this.landscapes.delete(message.requestId);
        pending.resolve({ landscape: message.landscape, ...(message.message === undefined ? {} : { message: message.message }), ...(message.epoch === undefined ? {} : { epoch: message.epoch }) });
      }
      return;
    }
    if (message.type === 'decoded-latent') {
      const resolve = this.decodes.get(message.requestId);
      this.decodes.delete(message.requestId);
      resolve?.({ decoded: message.decoded, ...(message.message === undefined ? {} : { message: message.message }) });
      return;
    }
    if (this.ended) return;
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
      case 'checkpoint':
        this.callbacks.onCheckpoint?.(message.safetensors, message.epoch);
        break;
      case 'weights':
        this.trainedWeights = message.safetensors;
        break;
      case 'ended':
        this.finish(message.outcome, message.message);
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private finish(outcome: RunOutcome, message?: string): void {
    if (this.ended) return;
    this.ended = true;
    // A failed run has nothing to explore: free its worker now (a borrowed one too: a run that
    // failed inside it is no start for the next).
    if (outcome === 'failed' && !this.disposed) {
      this.disposed = true;
      this.thread.terminate();
      this.thread.detach(this.listener);
    }
    try {
      this.callbacks.onEnded(outcome, message);
    } finally {
      this.resolveEnded(outcome);
    }
  }
}
