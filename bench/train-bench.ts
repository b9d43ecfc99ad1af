// Training-step benchmark (issue 4, "Speed"): three models written in .dlmodel, checked by the real
// checker, built as a Network and trained step by step exactly as the trainer does (tape forward,
// fused loss from the logits, backward, SGD step, zeroGrad). Each is timed with the fast kernels and
// with the reference (plain TypeScript) kernels, and compared with PyTorch running the same models
// on one thread in the same run (bench/torch_steps.py; skipped when /usr/bin/python3 has no torch).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { loadavg } from 'node:os';
import { torchThreadsEnv } from './torch-threads';
import { enableRelaxedSimd } from '../node/wasm-features';
import { useKernelThreads } from '../node/kernel-threads';
import { checkDocument } from '../core/analysis';
import { Random } from '../core/common/random';
import { computeLoss } from '../core/nn/losses';
import { defaultLoss } from '../core/nn/settings';
import { Network } from '../core/nn/network';
import { createOptimizer } from '../core/nn/optimizers';
import * as t from '../core/tensor';

export interface TrainModel {
  readonly key: string;
  readonly name: string;
  readonly dlmodel: string;
  readonly batch: number;
  readonly classes: number;
  /** Required steps/s relative to the better of PyTorch on 1 and 2 threads (issue 17). */
  readonly target: number;
}

export const trainModels: readonly TrainModel[] = [
  {
    key: 'a',
    name: 'MLP 2-16-16-3, batch 32',
    batch: 32,
    classes: 3,
    target: 5,
    dlmodel: 'model BenchSmallMLP {\n  input [2]\n  dense(16, activation: relu)\n  dense(16, activation: relu)\n  dense(3)\n}\n',
  },
  {
    key: 'b',
    name: 'MLP 784-128-64-10, batch 64',
    batch: 64,
    classes: 10,
    target: 1,
    dlmodel: 'model BenchMnistMLP {\n  input [784]\n  dense(128, activation: relu)\n  dense(64, activation: relu)\n  dense(10)\n}\n',
  },
  {
    key: 'c',
    name: 'CNN 1x28x28 (conv8-conv16), batch 32',
    batch: 32,
    classes: 10,
    target: 1.5,
    dlmodel:
      'model BenchCNN {\n  input [1, 28, 28]\n  conv2d(8, 3, activation: relu)\n  maxpool2d(2)\n  conv2d(16, 3, activation: relu)\n  maxpool2d(2)\n  flatten()\n  dense(10)\n}\n',
  },
];

/** A training loop of one model: `step()` runs one SGD step on a fixed random batch. */
export function trainer(model: TrainModel, seed = 1): { step: () => number; parameters: readonly t.Parameter[] } {
  const analysis = checkDocument(model.dlmodel);
  if (analysis.diagnostics.length > 0) throw new Error(`${model.name}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  const summary = analysis.models[0]!;
  const network = new Network(summary, new Random(seed));
  const random = new Random(seed + 1);
  const inputShape = [model.batch, ...summary.input!];
  const input = t.tensor(Float32Array.from({ length: t.size(inputShape) }, () => random.normal()), inputShape);
  const labels = Int32Array.from({ length: model.batch }, () => random.int(model.classes));
  const parameters = network.parameters.map((p) => p.tensor);
  const optimizer = createOptimizer({ name: 'sgd', args: { lr: 0.01, momentum: 0, weight_decay: 0, nesterov: false } }, parameters);
  const tape = new t.Tape();
  const grad = new Float32Array(model.batch * model.classes);
  const step = (): number => {
    tape.reset();
    const value = tape.run(() => {
      const { logits } = network.forward(input, { training: true });
      const loss = computeLoss(defaultLoss('cross_entropy'), logits.data, labels, model.batch, grad);
      t.backward(logits, loss.grad);
      return loss.value;
    });
    optimizer.step();
    t.zeroGrad(parameters);
    return value;
  };
  return { step, parameters };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A step function warmed up and with a step count that lasts about `seconds` per repeat. */
export interface TimedStep {
  /** Runs one repeat and returns its µs per step. */
  repeat(): number;
}

/** Warms `step` up (at least 0.2 s and 20 steps), then sizes repeats to about `seconds` each. */
export function timedStep(step: () => unknown, seconds: number): TimedStep {
  let started = performance.now();
  let warm = 0;
  while (performance.now() - started < Math.max(200, seconds * 1000) || warm < 20) {
    step();
    warm++;
  }
  const count = Math.max(5, Math.round((seconds * 1000) / ((performance.now() - started) / warm)));
  return {
    repeat() {
      started = performance.now();
      for (let i = 0; i < count; i++) step();
      return ((performance.now() - started) * 1000) / count;
    },
  };
}

/** Median µs per step over `repeats` runs of about `seconds` each, after a warm-up. */
export function timeSteps(step: () => unknown, repeats = 5, seconds = 0.3): number {
  const timed = timedStep(step, seconds);
  return median(Array.from({ length: repeats }, () => timed.repeat()));
}

/**
 * PyTorch in one long-lived process (`bench/torch_steps.py --serve`, one thread), timing one repeat
 * of a model's steps per request, so its repeats can be interleaved with ours.
 */
export class TorchSteps {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private readonly waiting: Array<(line: string | undefined) => void> = [];
  private closed = false;
  private stderr = '';

  private constructor(python: string, script: string, threads: number) {
    const n = String(threads);
    this.child = spawn(python, [script, '--serve', '--threads', n], { env: torchThreadsEnv(threads) });
    let buffered = '';
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        this.deliver(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    const close = (): void => {
      this.closed = true;
      for (const resolve of this.waiting.splice(0)) resolve(undefined);
    };
    this.child.on('close', close);
    this.child.on('error', (error) => {
      this.stderr += error.message;
      close();
    });
  }

  private deliver(line: string): void {
    const resolve = this.waiting.shift();
    if (resolve) resolve(line);
    else this.lines.push(line);
  }

  private next(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined || this.closed) return Promise.resolve(line);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Starts PyTorch serving `script` (bench/torch_steps.py, or bench/torch_kernels.py: the same
   * protocol); resolves to the reason it cannot run (no python, no torch) instead when it cannot.
   */
  static async start(python = '/usr/bin/python3', script = 'bench/torch_steps.py', threads = 1): Promise<{ torch: TorchSteps; version: string } | string> {
    const torch = new TorchSteps(python, script, threads);
    const hello = await torch.next();
    if (hello === undefined) {
      if (/No module named 'torch'/.test(torch.stderr)) return `${python} has no torch`;
      return `${python} could not run ${script} (${torch.stderr.trim().split('\n').pop() ?? 'no output'})`;
    }
    return { torch, version: (JSON.parse(hello) as { torch: string }).torch };
  }

  /** One repeat of model (or op) `key` lasting about `seconds`; µs per step. */
  async repeat(key: string, seconds: number): Promise<number> {
    return (await this.repeatTimes(key, seconds)).us;
  }

  /** One repeat as `repeat`, with the process's CPU time per step too (what a loaded machine disturbs less). */
  async repeatTimes(key: string, seconds: number): Promise<{ us: number; cpuUs: number }> {
    this.child.stdin.write(`${key} ${seconds}\n`);
    const line = await this.next();
    if (line === undefined) throw new Error(`PyTorch stopped: ${this.stderr.trim()}`);
    const { us, cpu_us: cpuUs } = JSON.parse(line) as { us: number; cpu_us: number };
    return { us, cpuUs };
  }

  stop(): void {
    this.child.stdin.end();
  }
}

export interface TrainBenchRow {
  readonly key: string;
  readonly name: string;
  readonly target: number;
  /** Ours, fast kernels on one thread. */
  readonly fastUs: number;
  /** Ours, fast kernels on `TrainBenchResult.threads` kernel threads. */
  readonly threadsUs: number;
  readonly referenceUs: number;
  /** PyTorch on one thread. */
  readonly torchUs: number | undefined;
  /** PyTorch on two threads (this machine's cores). */
  readonly torch2Us: number | undefined;
}

export interface TrainBenchResult {
  readonly rows: TrainBenchRow[];
  /** Set when the PyTorch column was skipped, saying why. */
  readonly torchSkipped: string | undefined;
  readonly torchVersion: string | undefined;
  /** Rounds per model (each column's figure is the median of its rounds). */
  readonly repeats: number;
  /** The 1-minute load average before and after the run (the machine is shared). */
  readonly load: readonly [number, number];
  /** The kernel threads of the threads column (2). */
  readonly threads: number;
}

/**
 * Starts `threads` kernel threads and returns once they serve rounds themselves (ops forced to
 * split meanwhile), or after 10 s. They stay up for the whole table: a thread's start (a worker's
 * boot) takes 0.2–0.3 s on a busy machine, and when the threads were restarted before each
 * 0.3 s repeat, most of the threaded column ran on one thread beside a booting worker.
 */
function startKernelThreads(threads: number, step: () => unknown): void {
  if (useKernelThreads(threads) === 1) return;
  const started = performance.now();
  t.setKernelBackend('fast', { parallel: 0 });
  while (t.kernelThreadRoundsServed() === 0 && performance.now() - started < 10_000) step();
}

/**
 * A step function timed with `parallel` as the split size of the kernel threads (running for
 * the whole table): `noSplit` gives the one-thread column (no op splits: every op runs on the
 * one-thread arena, the threads wait), the default thresholds the threaded one.
 */
function withSplit(parallel: number, step: () => unknown, seconds: number): TimedStep {
  t.setKernelBackend('fast', { parallel });
  const timed = timedStep(step, seconds);
  return {
    repeat() {
      t.setKernelBackend('fast', { parallel });
      return timed.repeat();
    },
  };
}

const noSplit = Number.POSITIVE_INFINITY;

/**
 * For each model, `repeats` rounds of one repeat each of PyTorch, ours with the fast kernels and
 * ours with the reference kernels (each about `seconds`), after a warm-up of each; the medians
 * of the rounds. Interleaving keeps the three columns under the same load on a shared machine.
 */
export async function runTrainBench(options: { repeats?: number; seconds?: number; threads?: number } = {}): Promise<TrainBenchResult> {
  const repeats = options.repeats ?? 5;
  const seconds = options.seconds ?? 0.3;
  // Two threads, whatever the default (node/thread-count.ts): the column is what decides it.
  const threads = options.threads ?? 2;
  enableRelaxedSimd(); // as the CLI and the training worker do
  const loadBefore = loadavg()[0]!;
  const started = await TorchSteps.start();
  const torch = typeof started === 'string' ? undefined : started.torch;
  const started2 = typeof started === 'string' ? undefined : await TorchSteps.start(undefined, undefined, 2);
  const torch2 = started2 === undefined || typeof started2 === 'string' ? undefined : started2.torch;
  const rows: TrainBenchRow[] = [];
  const previous = t.kernelBackend();
  try {
    startKernelThreads(threads, trainer(trainModels[trainModels.length - 1]!).step);
    const split = t.defaultKernelThresholds.parallel;
    for (const model of trainModels) {
      const fast = withSplit(noSplit, trainer(model).step, seconds);
      const onAll = withSplit(split, trainer(model).step, seconds);
      t.setKernelBackend('reference');
      const reference = timedStep(trainer(model).step, seconds);
      const samples = { fast: [] as number[], threads: [] as number[], reference: [] as number[], torch: [] as number[], torch2: [] as number[] };
      for (let round = 0; round < repeats; round++) {
        if (torch) samples.torch.push(await torch.repeat(model.key, seconds));
        if (torch2) samples.torch2.push(await torch2.repeat(model.key, seconds));
        samples.fast.push(fast.repeat());
        samples.threads.push(onAll.repeat());
        t.setKernelBackend('reference');
        samples.reference.push(reference.repeat());
      }
      rows.push({ key: model.key, name: model.name, target: model.target, fastUs: median(samples.fast), threadsUs: median(samples.threads), referenceUs: median(samples.reference), torchUs: torch ? median(samples.torch) : undefined, torch2Us: torch2 ? median(samples.torch2) : undefined });
    }
  } finally {
    t.setKernelBackend(previous);
    useKernelThreads(1);
    torch?.stop();
    torch2?.stop();
  }
  return { rows, torchSkipped: typeof started === 'string' ? started : undefined, torchVersion: typeof started === 'string' ? undefined : started.version, repeats, load: [loadBefore, loadavg()[0]!], threads };
}

/** Prints the table; returns how many targets were missed (none can be when PyTorch is skipped). */
export function printTrainBench(result: TrainBenchResult): number {
  let missed = 0;
  const rate = (us: number | undefined): string => (us === undefined ? '—' : (1e6 / us).toFixed(0));
  const ratioText = (ratio: number | undefined): string => (ratio === undefined ? '—' : ratio.toFixed(2) + '×');
  const n = result.threads;
  console.log(`\ntraining steps (ours: ${n} threads)       ours ${n}t    ours 1t   ours ref  PyTorch 1t  PyTorch 2t    ${n}t/1t   ${n}t/PyT 1t   ${n}t/PyT 2t   best ÷ best (target)`);
  console.log('                                          steps/s    steps/s    steps/s     steps/s     steps/s');
  for (const row of result.rows) {
    const ratio1 = row.torchUs === undefined ? undefined : row.torchUs / row.threadsUs;
    const ratio2 = row.torch2Us === undefined ? undefined : row.torch2Us / row.threadsUs;
    // Both sides at their better thread count: ours on 1 thread is the product's default (node/thread-count.ts).
    const oursBestUs = Math.min(row.fastUs, row.threadsUs);
    const torchBestUs = Math.min(row.torchUs ?? Infinity, row.torch2Us ?? Infinity);
    const worst = row.torchUs === undefined ? undefined : torchBestUs / oursBestUs;
    const ok = worst === undefined || worst >= row.target;
    if (!ok) missed++;
    console.log(
      `(${row.key}) ${row.name.padEnd(36)} ${rate(row.threadsUs).padStart(8)}   ${rate(row.fastUs).padStart(8)}   ${rate(row.referenceUs).padStart(8)}    ${rate(row.torchUs).padStart(8)}    ${rate(row.torch2Us).padStart(8)}   ${(row.fastUs / row.threadsUs).toFixed(2).padStart(6)}×   ${ratioText(ratio1).padStart(10)}   ${ratioText(ratio2).padStart(10)}   ${ratioText(worst).padStart(6)} ≥ ${row.target}×  ${worst === undefined ? 'skipped' : ok ? 'ok' : 'MISSED'}`,
    );
  }
  if (result.torchSkipped) console.log(`PyTorch columns skipped: ${result.torchSkipped}`);
  else console.log(`PyTorch ${result.torchVersion} (bench/torch_steps.py), torch.set_num_threads(1 and 2), OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = the same`);
  console.log(`each figure: the median of ${result.repeats} interleaved rounds (PyTorch 1t, 2t, ours 1t, ${n}t, reference) after a warm-up; load average ${result.load[0].toFixed(2)} before, ${result.load[1].toFixed(2)} after`);
  console.log(`best ÷ best: our speed at our faster thread count over PyTorch's at its faster one (ours runs 1 thread by default: node/thread-count.ts)`);
  console.log(`fast backend: ${fastBackendDescription(n)}`);
  return missed;
}

/** Which kernels the fast columns ran, and on how many threads (`threads`: the threaded column's count). */
export function fastBackendDescription(threads = 1): string {
  const variant = t.fastKernelsVariant();
  const on = threads === 1 ? '1 thread' : `1 and ${threads} threads (split from ${t.kernelThresholds().parallel.toLocaleString('en-US')} multiply-adds)`;
  switch (variant) {
    case 'fma':
      return `WebAssembly relaxed SIMD (FMA gemm), ${on}`;
    case 'simd':
      return `WebAssembly SIMD128 (no relaxed SIMD: separate multiply and add), ${on}`;
    case 'reference':
      return 'WebAssembly SIMD UNAVAILABLE (both columns ran the reference kernels)';
    default: {
      const unknown: never = variant;
      return unknown;
    }
  }
}

// `node out/bench/train-bench.js` runs this table alone.
if (require.main === module) void runTrainBench().then(printTrainBench);
