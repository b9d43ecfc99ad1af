import type { DoneEvent, EpochEvent, FailedEvent, SweepConfiguration, TrainEvent } from '../core/train';
import { TrainingRunHandle, type RunOutcome } from './training-client';
import type { TrainingWorkerThread } from './training-worker-thread';

/** How one configuration of a sweep ended. */
export interface SweepRunResult {
  readonly configuration: SweepConfiguration;
  readonly outcome: RunOutcome;
  /** The run's last metrics (with early stopping, its best epoch's). */
  readonly done?: DoneEvent;
  /** Its last epoch's numbers: what a run stopped at a rung was ranked by. */
  readonly last?: EpochEvent;
  /** Successive halving stopped it after this many epochs (it trailed at that rung). */
  readonly stoppedAt?: number;
  /** Why the run failed: a non-finite loss, a refused plan, a crashed worker. */
  readonly message?: string;
  /** Wall time of this run, in ms (shown only; nothing decides on it). */
  readonly ms: number;
}

/** What a run of a sweep needs besides its configuration (the pool's options). */
export interface SweepRunRequest {
  /** The idle thread the run borrows (the pool's: it reuses it for the next run once this one ends). */
  readonly thread: TrainingWorkerThread;
  readonly workspaceRoot: string;
  readonly documentFolder: string;
  readonly memoryBudget: number;
  readonly trainName?: string;
  /** Rungs: epochs after which the worker pauses the run until `resume()` or `stopAtRung()`. */
  readonly holdAfter?: readonly number[];
}

export interface SweepRunCallbacks {
  readonly onEvents?: (handle: TrainingRunHandle, events: readonly TrainEvent[]) => void;
  /** Once, as the run ends (its worker may still be exiting). */
  readonly onEnded: (run: SweepRun, result: SweepRunResult) => void;
}

/**
 * One configuration of a sweep in a worker thread lent by the pool. `arrival` resolves when the run reaches its next
 * rung (the worker paused it there) or ends; `resume()` sends it on to the next one.
 */
export class SweepRun {
  readonly handle: TrainingRunHandle;
  /** Set once the run has ended. */
  result: SweepRunResult | undefined;
  last: EpochEvent | undefined;
  private done: DoneEvent | undefined;
  private failed: FailedEvent | undefined;
  private stoppedAt: number | undefined;
  private arrived: () => void = () => undefined;
  arrival: Promise<void>;
  private readonly started = performance.now();

  constructor(readonly configuration: SweepConfiguration, request: SweepRunRequest, callbacks: SweepRunCallbacks) {
    this.arrival = this.nextArrival();
    const { thread, holdAfter, ...start } = request;
    // eventsOnly: the Sweep tab and the overlaid curves read events only; the latent space's PCA
    // alone was about a fifth of a sweep run's time.
    this.handle = new TrainingRunHandle(
      thread,
      { ...start, text: configuration.text, eventsOnly: true, ...(holdAfter && holdAfter.length > 0 ? { holdAfter } : {}) },
      {
        onEvents: (events) => {
          for (const event of events) {
            if (event.type === 'epoch') this.last = event;
            else if (event.type === 'done') this.done = event;
            else if (event.type === 'failed') this.failed = event;
          }
          callbacks.onEvents?.(this.handle, events);
        },
        onPaused: (paused) => {
          if (paused) this.arrived();
        },
        onEnded: (outcome, message) => {
          const reason = message ?? this.failed?.message;
          const result: SweepRunResult = {
            configuration,
            outcome,
            ...(this.done ? { done: this.done } : {}),
            ...(this.last ? { last: this.last } : {}),
            ...(this.stoppedAt === undefined ? {} : { stoppedAt: this.stoppedAt }),
            ...(reason === undefined ? {} : { message: reason }),
            ms: performance.now() - this.started,
          };
          this.result = result;
          callbacks.onEnded(this, result);
          this.arrived();
        },
      },
    );
  }

  /** Sends a run waiting at a rung on; resolves at its next rung or its end. */
  resume(): Promise<void> {
    if (this.result) return Promise.resolve();
    this.arrival = this.nextArrival();
    this.handle.resume();
    return this.arrival;
  }

  /** Halving stops a run that trails at `rung`; resolves once it has ended. */
  async stopAtRung(rung: number): Promise<void> {
    if (this.result) return;
    this.stoppedAt = rung;
    await this.handle.stop();
  }

  private nextArrival(): Promise<void> {
    return new Promise((resolve) => (this.arrived = resolve));
  }
}
