// Sweep throughput (issue 15 §4): 12 digits-MLP runs on a pool of 2 workers against the same 12
// runs one after another (a pool of 1), measured in the same process: the ratio is the figure
// (target ≤ 0.6). Each lane keeps its worker thread from run to run, so the pool of 2 pays the
// worker's start-up and V8's compilation twice and the pool of 1 once: with runs this short that
// fixed cost, not the runs, decides the ratio (the absolute times are printed beside it). Both
// pools start cold (new worker threads) in every round, and the rounds alternate which pool goes
// first, so neither gains from going second; the figure is the median of the rounds' ratios.
// The runs are examples/digits-mlp.dlmodel as shipped (30 epochs, the issue's "12 digits-MLP runs"):
// with 5 epochs a run took ~60 ms once workers were reused, and the ratio measured the start-up.
// Standalone: node out/bench/sweep-bench.js (after npm run build: needs dist/worker.js).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDocument } from '../core/analysis';
import { expandSweep, sweepTrain, type SweepConfiguration } from '../core/train';
import { SweepPool } from '../node/sweep-pool';
import { cpuSplit, threadCpuMs, type CpuSplit } from './thread-cpu';
import { median } from './train-bench';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
/** The example's own epochs; 12 runs = 3 learning rates × 4 seeds. */
const exampleFile = join(root, 'examples', 'digits-mlp.dlmodel');
/** Rounds of both pools; odd rounds run the pool of 2 first. */
const rounds = 3;

export interface SweepBenchResult {
  readonly runs: number;
  /** Each run's epochs (the example's). */
  readonly epochs: number;
  readonly oneWorkerMs: number;
  readonly twoWorkersMs: number;
  /** The median of the rounds' ratios (2 workers ÷ 1 worker); the times beside it are medians too. */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  readonly target: number;
  /** The 1-minute load average after the last round (another process's load moves every figure). */
  readonly load: number;
  /** CPU time per wall time with 1 and with 2 workers. */
  readonly cores: readonly [number, number];
  /** CPU time in ms (the process: host, workers, V8's helper threads) with 1 and with 2 workers. */
  readonly cpuMs: readonly [number, number];
  /** The CPU ms above split between the lanes' threads, V8's helper threads and the host, with 1 and with 2 workers (undefined without /proc). */
  readonly split: readonly [CpuSplit, CpuSplit] | undefined;
  /**
   * A lane's first run and its later ones (medians, ms), with 1 and with 2 workers: the first pays
   * the lane's start-up (thread, bundle, data, V8's warm-up), which each lane pays once.
   */
  readonly runs1st: readonly [FirstAndLater, FirstAndLater];
  /**
   * The ratio two idle cores would give, from CPU time (load moves it far less than wall time;
   * `idleCoresRatio`). Median of the rounds; undefined without /proc.
   */
  readonly cpuRatio: number | undefined;
  /**
   * The same ratio for a pool of 2 that spent only the pool of 1's CPU, as if its second lane cost
   * nothing to start (no thread, bundle, warm-up or compilation of its own): the floor that any cut
   * of a lane's fixed cost can approach, since the pool of 1 gets its V8 helper threads' CPU for
   * free on the other core. Median of the rounds; undefined without /proc.
   */
  readonly freeLaneRatio: number | undefined;
  /** Worker threads each pool started (one per lane when threads are reused). */
  readonly threads: readonly [number, number];
  /** The two pools' final losses agree run for run (the table does not depend on the worker count). */
  readonly identical: boolean;
}

export interface FirstAndLater {
  readonly first: number;
  readonly later: number;
}

/** The first `lanes` runs of a pool are its lanes' first runs (each lane starts with the sweep's next run). */
function firstAndLater(pool: readonly Timed[], lanes: number): FirstAndLater {
  return { first: median(pool.flatMap((t) => t.runMs.slice(0, lanes))), later: median(pool.flatMap((t) => t.runMs.slice(lanes))) };
}

function configurations(): { runs: SweepConfiguration[]; epochs: number } {
  const text = readFileSync(exampleFile, 'utf8').replace(/(epochs: \d+)/, '$1\n  sweep: grid(lr: [0.001, 0.003, 0.01], seed: [0, 1, 2, 3])');
  const analysis = checkDocument(text);
  const train = sweepTrain(analysis);
  if (!train) throw new Error(`the bench's sweep does not check: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return { runs: expandSweep(text, analysis, train), epochs: train.settings.epochs };
}

interface Timed {
  readonly ms: number;
  readonly cpuMs: number;
  readonly cores: number;
  readonly split: CpuSplit | undefined;
  readonly threads: number;
  readonly losses: (number | undefined)[];
  /** Each run's wall time in ms, in the sweep's order. */
  readonly runMs: number[];
}

async function timed(workers: number, runs: readonly SweepConfiguration[]): Promise<Timed> {
  const pool = new SweepPool({ workerPath, workspaceRoot: root, documentFolder: 'examples', memoryBudget: 2 ** 31, workers });
  const started = performance.now();
  const threadsBefore = threadCpuMs();
  const cpu = process.cpuUsage();
  const results = await pool.run(runs);
  const ms = performance.now() - started;
  // CPU time of the process (worker threads included) per wall time: the cores the pool really got,
  // which on a shared machine explains a ratio far from 1/workers.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const split = cpuSplit(threadsBefore, threadCpuMs(), cpuMs);
  return { ms, cpuMs, cores: cpuMs / ms, split, threads: pool.threadsStarted, losses: results.map((r) => r.done?.loss), runMs: results.map((r) => r.ms) };
}

export async function runSweepBench(): Promise<SweepBenchResult> {
  const { runs, epochs } = configurations();
  const one: Timed[] = [];
  const two: Timed[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const workers of round % 2 === 0 ? [1, 2] : [2, 1]) (workers === 1 ? one : two).push(await timed(workers, runs));
  }
  const roundRatios = two.map((t, i) => t.ms / one[i]!.ms);
  const losses = [...one, ...two].map((t) => JSON.stringify(t.losses));
  return {
    runs: runs.length,
    epochs,
    oneWorkerMs: median(one.map((t) => t.ms)),
    twoWorkersMs: median(two.map((t) => t.ms)),
    ratio: median(roundRatios),
    roundRatios,
    target: 0.6,
    load: loadavg()[0]!,
    cores: [median(one.map((t) => t.cores)), median(two.map((t) => t.cores))],
    cpuMs: [median(one.map((t) => t.cpuMs)), median(two.map((t) => t.cpuMs))],
    split: medianSplit(one, two),
    cpuRatio: roundsMedian(two.map((t, i) => idleCoresRatio(t.cpuMs, one[i]!))),
    freeLaneRatio: roundsMedian(one.map((t) => idleCoresRatio(t.cpuMs, t))),
    runs1st: [firstAndLater(one, 1), firstAndLater(two, 2)],
    threads: [Math.max(...one.map((t) => t.threads)), Math.max(...two.map((t) => t.threads))],
    identical: losses.every((l) => l === losses[0]) && one[0]!.losses.every((l) => l !== undefined),
  };
}

/**
 * The ratio on 2 idle cores of a pool of 2 that spent `cpuMs` against the pool of 1's round
 * `sequential`: the pool of 2 cannot beat its CPU over 2 cores; the pool of 1 takes its lane's CPU
 * (and the host's), with V8's helper threads on the other core for free, or its CPU over 2 cores if
 * that is more. Undefined without /proc.
 */
function idleCoresRatio(cpuMs: number, sequential: Timed): number | undefined {
  const split = sequential.split;
  return split && cpuMs / 2 / Math.max(split.started + split.host, sequential.cpuMs / 2);
}

function roundsMedian(ratios: readonly (number | undefined)[]): number | undefined {
  const known = ratios.flatMap((r) => (r === undefined ? [] : [r]));
  return known.length === ratios.length ? median(known) : undefined;
}

function medianSplit(one: readonly Timed[], two: readonly Timed[]): readonly [CpuSplit, CpuSplit] | undefined {
  const of = (pool: readonly Timed[]): CpuSplit | undefined => {
    const splits = pool.flatMap((t) => (t.split ? [t.split] : []));
    if (splits.length < pool.length) return undefined;
    return { host: median(splits.map((s) => s.host)), background: median(splits.map((s) => s.background)), started: median(splits.map((s) => s.started)) };
  };
  const [a, b] = [of(one), of(two)];
  return a && b ? [a, b] : undefined;
}

/** Prints the result; returns how many targets it missed (0 or 1). */
export function printSweepBench(result: SweepBenchResult): number {
  const ok = result.ratio <= result.target && result.identical;
  console.log(`\nsweep throughput (examples/digits-mlp.dlmodel, ${result.epochs} epochs; medians of ${rounds} alternating rounds)`);
  console.log(`${''.padEnd(46)} 1 worker s   2 workers s   ratio   target`);
  console.log(`${`${result.runs} runs, dlmodel sweep's pool`.padEnd(46)} ${(result.oneWorkerMs / 1000).toFixed(1).padStart(10)}   ${(result.twoWorkersMs / 1000).toFixed(1).padStart(11)}   ${result.ratio.toFixed(2).padStart(5)}   ≤ ${result.target}  ${result.identical ? 'same losses' : 'LOSSES DIFFER'}  ${ok ? 'ok' : 'MISSED'}`);
  console.log(`${'CPU s (host, workers, V8 helper threads)'.padEnd(46)} ${(result.cpuMs[0] / 1000).toFixed(1).padStart(10)}   ${(result.cpuMs[1] / 1000).toFixed(1).padStart(11)}`);
  const split = result.split;
  if (split) {
    const row = (label: string, pick: (part: CpuSplit) => number): void =>
      console.log(`${`  ${label}`.padEnd(46)} ${(pick(split[0]) / 1000).toFixed(2).padStart(10)}   ${(pick(split[1]) / 1000).toFixed(2).padStart(11)}`);
    row("lanes' worker threads", (part) => part.started);
    row('V8 helper threads (compiler, GC)', (part) => part.background);
    row('host main thread', (part) => part.host);
  }
  if (result.cpuRatio !== undefined) console.log(`${'ratio on 2 idle cores, from CPU time'.padEnd(46)} ${''.padStart(10)}   ${''.padStart(11)}   ${result.cpuRatio.toFixed(2).padStart(5)}`);
  if (result.freeLaneRatio !== undefined) console.log(`${'  … if a second lane cost no CPU to start'.padEnd(46)} ${''.padStart(10)}   ${''.padStart(11)}   ${result.freeLaneRatio.toFixed(2).padStart(5)}`);
  const [first1, first2] = result.runs1st;
  console.log(`${"a lane's first run / later runs, ms".padEnd(46)} ${`${first1.first.toFixed(0)} / ${first1.later.toFixed(0)}`.padStart(10)}   ${`${first2.first.toFixed(0)} / ${first2.later.toFixed(0)}`.padStart(11)}`);
  console.log(`${'cores busy (CPU time / wall time)'.padEnd(46)} ${result.cores[0].toFixed(2).padStart(10)}   ${result.cores[1].toFixed(2).padStart(11)}`);
  console.log(`${'worker threads started'.padEnd(46)} ${String(result.threads[0]).padStart(10)}   ${String(result.threads[1]).padStart(11)}`);
  console.log(`${'ratio of each round'.padEnd(46)} ${result.roundRatios.map((r) => r.toFixed(2)).join(', ')}   (load average ${result.load.toFixed(1)})`);
  return ok ? 0 : 1;
}

if (require.main === module) void runSweepBench().then((result) => (process.exitCode = printSweepBench(result)));
