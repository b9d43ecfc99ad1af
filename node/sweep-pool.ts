import { availableParallelism } from 'node:os';
import type { SweepMetric } from '../core/analysis/catalog';
import type { SweepSpec } from '../core/analysis/sweep-checker';
import { halvingOptionsOf, halvingRungs, keptAtRung, rankAtRung, type SweepConfiguration, type TrainEvent } from '../core/train';
import type { TrainingRunHandle } from './training-client';
import { SweepRun, type SweepRunResult } from './sweep-run';

export type { SweepRunResult } from './sweep-run';

/** Successive halving as the pool runs it: the rungs (the last is the run's full epochs) and the share kept. */
export interface PoolHalving {
  readonly rungs: readonly number[];
  readonly reductionFactor: number;
  readonly metric: SweepMetric;
}

/** The pool's halving for a checked `sweep:` whose runs train `epochs` epochs; undefined without `early_stop`. */
export function poolHalvingOf(sweep: SweepSpec, epochs: number): PoolHalving | undefined {
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
 * Runs a sweep's configurations on a pool of worker threads, at most `workers` training at a time,
 * each in its own worker (`SweepRun`). A run depends only on its configuration's text, so the
 * results do not depend on the worker count or on which run ends first; they are returned in the
 * sweep's order. With halving, the sweep goes rung by rung: every run still going trains to the
 * rung, where its worker waits (paused, not training); then the trailing runs are stopped and the
 * rest sent on — the decisions depend only on the numbers at the rung, so they are deterministic
 * too. `cancel()` stops every worker (each is terminated if it has not stopped within the handle's
 * deadline) and starts no more.
 */
export class SweepPool {
  /** Every run whose worker is alive and not ended: training or waiting at a rung. */
  private readonly running = new Set<TrainingRunHandle>();
  /** Runs that have ended whose worker thread is still exiting: cancel waits for them too. */
  private readonly ending = new Set<TrainingRunHandle>();
  private cancelled = false;

  constructor(private readonly options: SweepPoolOptions) {}

  async run(configurations: readonly SweepConfiguration[]): Promise<SweepRunResult[]> {
    const runs = new Array<SweepRun | undefined>(configurations.length);
    const halving = this.options.halving;
    const rungs = halving?.rungs ?? [Number.POSITIVE_INFINITY];
    let going = configurations.map((_, index) => index);
    for (const [r, rung] of rungs.entries()) {
      await this.inLanes(going, configurations.length, (index) => {
        const run = runs[index];
        if (run) return run.resume();
        const started = this.start(configurations[index]!, halving ? halving.rungs.slice(0, -1) : []);
        runs[index] = started;
        return started.arrival;
      });
      if (this.cancelled || !halving || r === rungs.length - 1) break;
      going = await this.halve(going.map((index) => runs[index]!), rung, halving);
    }
    return runs.flatMap((run) => (run?.result ? [run.result] : []));
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
    const { workerPath, workspaceRoot, documentFolder, memoryBudget, trainName } = this.options;
    const run = new SweepRun(
      configuration,
      { workerPath, workspaceRoot, documentFolder, memoryBudget, ...(trainName === undefined ? {} : { trainName }), holdAfter },
      {
        onEvents: (handle, events) => this.options.onEvents?.(configuration, handle, events),
        onEnded: (ended, result) => {
          const handle = ended.handle;
          this.running.delete(handle);
          this.ending.add(handle);
          void handle.exited.then(() => this.ending.delete(handle));
          // The weights stay in a finished run's worker for landscapes; a sweep needs none.
          handle.dispose();
          this.options.onFinished?.(result);
        },
      },
    );
    this.running.add(run.handle);
    this.options.onStarted?.(configuration, run.handle);
    return run;
  }
}
