// Sweep throughput (issue 15 §4): 12 digits-MLP runs on a pool of 2 workers against the same 12
// runs one after another (a pool of 1), measured in the same process: the ratio is the figure
// (target ≤ 0.6). Each lane keeps its worker thread from run to run, so the pool of 2 pays the
// worker's start-up and V8's compilation twice and the pool of 1 once: with runs this short that
// fixed cost, not the runs, decides the ratio (the absolute times are printed beside it).
// Standalone: node out/bench/sweep-bench.js (after npm run build: needs dist/worker.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDocument } from '../core/analysis';
import { expandSweep, sweepTrain, type SweepConfiguration } from '../core/train';
import { SweepPool } from '../node/sweep-pool';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
/** 5 epochs keep the bench near a minute; 12 = 3 learning rates × 4 seeds. */
const epochs = 5;

export interface SweepBenchResult {
  readonly runs: number;
  readonly oneWorkerMs: number;
  readonly twoWorkersMs: number;
  readonly ratio: number;
  readonly target: number;
  /** CPU time per wall time with 1 and with 2 workers. */
  readonly cores: readonly [number, number];
  /** CPU time in ms (the process: host, workers, V8's helper threads) with 1 and with 2 workers. */
  readonly cpuMs: readonly [number, number];
  /** Worker threads each pool started (one per lane when threads are reused). */
  readonly threads: readonly [number, number];
  /** The two pools' final losses agree run for run (the table does not depend on the worker count). */
  readonly identical: boolean;
}

function configurations(): SweepConfiguration[] {
  const text = readFileSync(join(root, 'examples', 'digits-mlp.dlmodel'), 'utf8').replace(/epochs: \d+/, `epochs: ${epochs}\n  sweep: grid(lr: [0.001, 0.003, 0.01], seed: [0, 1, 2, 3])`);
  const analysis = checkDocument(text);
  const train = sweepTrain(analysis);
  if (!train) throw new Error(`the bench's sweep does not check: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return expandSweep(text, analysis, train);
}

async function timed(workers: number, runs: readonly SweepConfiguration[]): Promise<{ ms: number; cpuMs: number; cores: number; threads: number; losses: (number | undefined)[] }> {
  const pool = new SweepPool({ workerPath, workspaceRoot: root, documentFolder: 'examples', memoryBudget: 2 ** 31, workers });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const results = await pool.run(runs);
  const ms = performance.now() - started;
  // CPU time of the process (worker threads included) per wall time: the cores the pool really got,
  // which on a shared machine explains a ratio far from 1/workers.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  return { ms, cpuMs, cores: cpuMs / ms, threads: pool.threadsStarted, losses: results.map((r) => r.done?.loss) };
}

export async function runSweepBench(): Promise<SweepBenchResult> {
  const runs = configurations();
  const one = await timed(1, runs);
  const two = await timed(2, runs);
  return { runs: runs.length, oneWorkerMs: one.ms, twoWorkersMs: two.ms, ratio: two.ms / one.ms, target: 0.6, cores: [one.cores, two.cores], cpuMs: [one.cpuMs, two.cpuMs], threads: [one.threads, two.threads], identical: JSON.stringify(one.losses) === JSON.stringify(two.losses) && one.losses.every((l) => l !== undefined) };
}

/** Prints the result; returns how many targets it missed (0 or 1). */
export function printSweepBench(result: SweepBenchResult): number {
  const ok = result.ratio <= result.target && result.identical;
  console.log('\nsweep throughput (digits-mlp, 5 epochs)        1 worker s   2 workers s   ratio   target');
  console.log(`${`${result.runs} runs, dlmodel sweep's pool`.padEnd(46)} ${(result.oneWorkerMs / 1000).toFixed(1).padStart(10)}   ${(result.twoWorkersMs / 1000).toFixed(1).padStart(11)}   ${result.ratio.toFixed(2).padStart(5)}   ≤ ${result.target}  ${result.identical ? 'same losses' : 'LOSSES DIFFER'}  ${ok ? 'ok' : 'MISSED'}`);
  console.log(`${'CPU s (host, workers, V8 helper threads)'.padEnd(46)} ${(result.cpuMs[0] / 1000).toFixed(1).padStart(10)}   ${(result.cpuMs[1] / 1000).toFixed(1).padStart(11)}`);
  console.log(`${'cores busy (CPU time / wall time)'.padEnd(46)} ${result.cores[0].toFixed(2).padStart(10)}   ${result.cores[1].toFixed(2).padStart(11)}`);
  console.log(`${'worker threads started'.padEnd(46)} ${String(result.threads[0]).padStart(10)}   ${String(result.threads[1]).padStart(11)}`);
  return ok ? 0 : 1;
}

if (require.main === module) void runSweepBench().then((result) => (process.exitCode = printSweepBench(result)));
