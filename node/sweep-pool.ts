import { availableParallelism } from 'node:os';
import type { DoneEvent, FailedEvent, SweepConfiguration, TrainEvent } from '../core/train';
import { TrainingRunHandle, type RunOutcome } from './training-client';

/** How one configuration of a sweep ended. */
export interface SweepRunResult {
  readonly configuration: SweepConfiguration;
  readonly outcome: RunOutcome;
  /** The run's last metrics (with early stopping, its best epoch's). */
  readonly done?: DoneEvent;
  /** Why the run failed: a non-finite loss, a refused plan, a crashed worker. */
  readonly message?: string;
  /** Wall time of this run, in ms (shown only; nothing decides on it). */
  readonly ms: number;
}

export interface SweepPoolOptions {
  /** The worker bundle (dist/worker.js). */
  readonly workerPath: string;
  readonly workspaceRoot: string;
  readonly documentFolder: string;
  readonly memoryBudget: number;
  readonly trainName?: string;
  /** Runs at a time; default one per core. */
  readonly workers?: number;
  /** Called as each run starts, with its worker's handle (its runId names the run's events). */
  readonly onStarted?: (configuration: SweepConfiguration, handle: TrainingRunHandle) => void;
  /** Each batch of a run's events, in order (a panel draws the runs' curves from them). */
  readonly onEvents?: (configuration: SweepConfiguration, handle: TrainingRunHandle, events: readonly TrainEvent[]) => void;
  /** Called as each run ends, in the order they end. */
  readonly onFinished?: (result: SweepRunResult) => void;
}

/** One worker per core by default: a run is single-threaded, so more would only take turns. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs a sweep's configurations on a pool of worker threads, at most `workers` at a time, each in
 * its own worker (`TrainingRunHandle`). A run depends only on its configuration's text, so the
 * results do not depend on the worker count or on which run ends first; they are returned in the
 * sweep's order. `cancel()` stops every running worker (each is terminated if it has not stopped
 * within the handle's deadline) and starts no more.
 */
export class SweepPool {
  private readonly running = new Set<TrainingRunHandle>();
  /** Runs that have ended whose worker thread is still exiting: cancel waits for them too. */
  private readonly ending = new Set<TrainingRunHandle>();
  private cancelled = false;

  constructor(private readonly options: SweepPoolOptions) {}

  async run(configurations: readonly SweepConfiguration[]): Promise<SweepRunResult[]> {
    const results = new Array<SweepRunResult | undefined>(configurations.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!this.cancelled && next < configurations.length) {
        const index = next++;
        const result = await this.runOne(configurations[index]!);
        results[index] = result;
        this.options.onFinished?.(result);
      }
    };
    const workers = Math.max(1, Math.min(this.options.workers ?? defaultWorkerCount(), configurations.length));
    await Promise.all(Array.from({ length: workers }, lane));
    return results.filter((r): r is SweepRunResult => r !== undefined);
  }

  /**
   * Stops every running worker and starts no more runs; resolves when every worker thread has
   * exited (each is terminated if it has not stopped within the handle's deadline).
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    const handles = [...this.running, ...this.ending];
    await Promise.all(
      handles.map(async (handle) => {
        await handle.stop();
        handle.dispose();
        await handle.exited;
      }),
    );
  }

  private runOne(configuration: SweepConfiguration): Promise<SweepRunResult> {
    const started = performance.now();
    let done: DoneEvent | undefined;
    let failed: FailedEvent | undefined;
    return new Promise((resolve) => {
      const handle = new TrainingRunHandle(
        this.options.workerPath,
        {
          text: configuration.text,
          workspaceRoot: this.options.workspaceRoot,
          documentFolder: this.options.documentFolder,
          memoryBudget: this.options.memoryBudget,
          ...(this.options.trainName === undefined ? {} : { trainName: this.options.trainName }),
        },
        {
          onEvents: (events: readonly TrainEvent[]) => {
            for (const event of events) {
              if (event.type === 'done') done = event;
              else if (event.type === 'failed') failed = event;
            }
            this.options.onEvents?.(configuration, handle, events);
          },
          onEnded: (outcome, message) => {
            this.running.delete(handle);
            this.ending.add(handle);
            void handle.exited.then(() => this.ending.delete(handle));
            // The weights stay in a finished run's worker for landscapes; a sweep needs none.
            handle.dispose();
            const reason = message ?? failed?.message;
            resolve({ configuration, outcome, ...(done ? { done } : {}), ...(reason === undefined ? {} : { message: reason }), ms: performance.now() - started });
          },
        },
      );
      this.running.add(handle);
      this.options.onStarted?.(configuration, handle);
    });
  }
}
