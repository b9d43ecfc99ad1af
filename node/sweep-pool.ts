import { availableParallelism } from 'node:os';
import type { SweepMetric } from '../core/analysis/catalog';
import type { SweepSpec } from '../core/analysis/sweep-checker';
import { halvingOptionsOf, halvingRungs, keptAtRung, rankAtRung, type SweepConfiguration, type TrainEvent } from '../core/train';
import type { TrainingRunHandle } from './training-client';
import { SweepRun, type SweepRunResult } from './sweep-run';
import { TrainingWorkerThread } from './training-worker-thread';

export type { SweepRunResult } from './sweep-run';

/** Successive halving as the pool runs it: the rungs (the last is the run's full epochs) and the share kept. */
export interface PoolHalving {
  readonly rungs: readonly number[];
  readonly reductionFactor: number;
  readonly metric: SweepMetric;
}

/** The pool's halving for a checked `sweep:` whose runs train `epochs` epochs; undefined without `early_stop`. */
export function poolHalvingOf(sweep: Pick<SweepSpec, 'earlyStop' | 'metric'>, epochs: number): PoolHalving | undefined {
  const earlyStop = sweep.earlyStop;
  return earlyStop && { rungs: halvingRungs(epochs, halvingOptionsOf(earlyStop)), reductionFactor: earlyStop.reductionFactor, metric: sweep.metric };
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
  /** Stop the runs that trail at each rung (`early_stop: halving`); absent: every run trains to its end. */
  readonly halving?: PoolHalving;
  /** Called as each run starts, with its worker's handle (its runId names the run's events). */
  readonly onStarted?: (configuration: SweepConfiguration, handle: TrainingRunHandle) => void;
  /** Each batch of a run's events, in order (a panel draws the runs' curves from them). */
  readonly onEvents?: (configuration: SweepConfiguration, handle: TrainingRunHandle, events: readonly TrainEvent[]) => void;
  /** Called as each run ends (halving: also as it is stopped at a rung), in the order they end. */
  readonly onFinished?: (result: SweepRunResult) => void;
}

/** One worker per core by default: a run is single-threaded, so more would only take turns. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs a sweep's configurations on a pool of worker threads, at most `workers` training at a time
 * (`SweepRun`). A thread whose run has ended takes the lane's next run, so the worker's start-up
 * (bundle, WebAssembly kernels, decoded data, optimised code) is paid once per lane, not per run;
 * a run depends only on its configuration's text, not on what its thread ran before (test), so
 * the results do not depend on the worker count or on which run ends first; they are returned in
 * the sweep's order. With halving, the sweep goes rung by rung: every run still going trains to
 * the rung, where its worker waits (paused, not training, holding its thread); then the trailing
 * runs are stopped and the rest sent on — the decisions depend only on the numbers at the rung, so
 * they are deterministic too. `cancel()` stops every worker (each is terminated if it has not
 * stopped within the handle's deadline) and starts no more.
 */
export class SweepPool {
  /** Every run whose worker is alive and not ended: training or waiting at a rung. */
  private readonly running = new Set<TrainingRunHandle>();
  /** Every thread the pool started that has not exited: cancel and the sweep's end end them all. */
  private readonly threads = new Set<TrainingWorkerThread>();
  /** Threads whose run ended cleanly, waiting for the next run. */
  private idle: TrainingWorkerThread[] = [];
  private started = 0;
  private cancelled = false;

  constructor(private readonly options: SweepPoolOptions) {}

  async run(configurations: readonly SweepConfiguration[]): Promise<SweepRunResult[]> {
    const runs = new Array<SweepRun | undefined>(configurations.length);
    const halving = this.options.halving;
    const rungs = halving?.rungs ?? [Number.POSITIVE_INFINITY];
    let going = configurations.map((_, index) => index);
    try {
      for (const [r, rung] of rungs.entries()) {
        await this.inLanes(going, configurations.length, (index) => {
          const run = runs[index];
          if (run) return run.resume();
          const started = this.start(configurations[index]!, halving ? halving.rungs.slice(0, -1) : []);
          runs[index] = started;
          return started.arrival;
        });
        // Every run has started: the threads left idle take no more.
        this.retireIdle();
        if (this.cancelled || !halving || r === rungs.length - 1) break;
        going = await this.halve(going.map((index) => runs[index]!), rung, halving);
      }
    } finally {
      this.retireIdle();
    }
    return runs.flatMap((run) => (run?.result ? [run.result] : []));
  }

  /** How many worker threads the pool has started (at most one per lane while no run fails or is cut short). */
  get threadsStarted(): number {
    return this.started;
  }

  /**
   * Stops every running worker and starts no more runs; resolves when every worker thread has
   * exited (each is terminated if it has not stopped within the handle's deadline).
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await Promise.all([...this.running].map((handle) => handle.stop()));
    this.retireIdle();
    const threads = [...this.threads];
    for (const thread of threads) thread.terminate();
    await Promise.all(threads.map((thread) => thread.exited));
  }

  /** At a rung: the runs still going ranked by the metric there; the trailing ones stopped; the kept ones' indices in the sweep's order. */
  private async halve(at: readonly SweepRun[], rung: number, halving: PoolHalving): Promise<number[]> {
    const waiting = at.filter((run) => !run.result);
    const ranked = rankAtRung(waiting.map((run) => ({ index: run.configuration.index, last: run.last ?? null, run })), halving.metric);
    const keep = keptAtRung(ranked.length, halving.reductionFactor);
    await Promise.all(ranked.slice(keep).map(({ run }) => run.stopAtRung(rung)));
    return ranked
      .slice(0, keep)
      .map((r) => r.index)
      .sort((a, b) => a - b);
  }

  /** `step` for each index, at most `workers` at a time, in the order given. */
  private async inLanes(indices: readonly number[], total: number, step: (index: number) => Promise<void>): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (!this.cancelled && next < indices.length) await step(indices[next++]!);
    };
    const workers = Math.max(1, Math.min(this.options.workers ?? defaultWorkerCount(), total));
    await Promise.all(Array.from({ length: Math.min(workers, Math.max(1, indices.length)) }, lane));
  }

  private start(configuration: SweepConfiguration, holdAfter: readonly number[]): SweepRun {
    const { workspaceRoot, documentFolder, memoryBudget, trainName } = this.options;
    const thread = this.idle.pop() ?? this.newThread();
    const run = new SweepRun(
      configuration,
      { thread, workspaceRoot, documentFolder, memoryBudget, ...(trainName === undefined ? {} : { trainName }), holdAfter },
      {
        onEvents: (handle, events) => this.options.onEvents?.(configuration, handle, events),
        onEnded: (ended, result) => {
          const handle = ended.handle;
          this.running.delete(handle);
          // A sweep needs no landscapes: the handle lets go of the thread (a run cut short ended it).
          handle.dispose();
          // Only a thread whose run ended by the worker's own answer starts another; not one a
          // failure or a terminate ended, nor any once the sweep is cancelled.
          if (result.outcome !== 'failed' && thread.usable && !this.cancelled) this.idle.push(thread);
          else thread.terminate();
          this.options.onFinished?.(result);
        },
      },
    );
    this.running.add(run.handle);
    this.options.onStarted?.(configuration, run.handle);
    return run;
  }

  private newThread(): TrainingWorkerThread {
    const thread = new TrainingWorkerThread(this.options.workerPath);
    this.started++;
    this.threads.add(thread);
    void thread.exited.then(() => this.threads.delete(thread));
    return thread;
  }

  /** Ends the idle threads (the sweep starts no more runs on them). */
  private retireIdle(): void {
    for (const thread of this.idle) thread.terminate();
    this.idle = [];
  }
}
