// How soon the training worker answers Stop when it is asked at a random moment (issue 17 §4:
// within 200 ms under load; the handle's 800 ms terminate is the last resort). A run of a digits
// conv net is started in a real worker (dist/worker.js), and once its first step has arrived Stop
// is sent after a seeded random delay, so that Stop lands in training steps, validation, the probe
// and the panels' epoch-end recording alike. Printed per model: the median and the largest time
// from Stop to the worker's `ended`, how many stops needed the terminate, and the load average.
// `--load N` adds N busy processes for the length of the bench (a machine under load on purpose).
// `--worker a.js --worker b.js` compares worker bundles (another build, e.g. main's) stop for stop,
// interleaved, under the same load and at the same moments.
// Standalone: node out/bench/stop-bench.js [--stops 12] [--load 2] [--max-delay 3000] [--worker path]… [model…]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Random } from '../core/common/random';
import { TrainingRunHandle } from '../node/training-client';

const root = join(__dirname, '..', '..');

export interface StopSample {
  readonly ms: number;
  readonly terminated: boolean;
  /** Load average (1 min) when Stop was sent. */
  readonly load: number;
}

/** One run stopped `delayMs` after its first step arrived. */
async function stopOnce(workerPath: string, model: string, delayMs: number): Promise<StopSample> {
  let firstStep!: () => void;
  const stepped = new Promise<void>((resolve) => (firstStep = resolve));
  const handle = new TrainingRunHandle(
    workerPath,
    { text: readFileSync(join(root, 'examples', `${model}.dlmodel`), 'utf8'), workspaceRoot: root, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs: 200 },
    { onEvents: (events) => events.some((e) => e.type === 'step') && firstStep(), onEnded: () => undefined },
  );
  await stepped;
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const load = loadavg()[0]!;
  const asked = performance.now();
  await handle.stop();
  const ms = performance.now() - asked;
  const terminated = handle.terminatedOnStop;
  handle.dispose();
  await handle.exited;
  return { ms, terminated, load };
}

/** `stops` stops per worker bundle, the bundles taking turns at each seeded moment. */
export async function stopSamples(workers: readonly string[], model: string, stops: number, maxDelayMs: number, seed = 17): Promise<StopSample[][]> {
  const random = new Random(seed);
  const samples: StopSample[][] = workers.map(() => []);
  for (let i = 0; i < stops; i++) {
    const delay = random.uniform(0, maxDelayMs);
    for (const [w, worker] of workers.entries()) samples[w]!.push(await stopOnce(worker, model, delay));
  }
  return samples;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function printStopSamples(model: string, samples: readonly StopSample[]): void {
  const ms = samples.map((s) => s.ms);
  const loads = samples.map((s) => s.load);
  const terminated = samples.filter((s) => s.terminated).length;
  console.log(
    `${model.padEnd(14)}\n  Stop → ended: median ${median(ms).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms over ${samples.length} stops; ` +
      `terminated ${terminated}/${samples.length}; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  );
  console.log(`  ${ms.map((v) => v.toFixed(0)).join(' ')}`);
}

/** `npm run bench -- stop`: 10 stops of digits-cnn at random moments, against the 200 ms goal; returns 1 when missed. */
export async function printStopBench(): Promise<number> {
  const goalMs = 200;
  const [samples] = await stopSamples([join(root, 'dist', 'worker.js')], 'digits-cnn', 10, 3000);
  const all = samples ?? [];
  const worst = Math.max(...all.map((s) => s.ms));
  const ok = worst < goalMs && all.every((s) => !s.terminated);
  console.log(`\nStop at a random moment → the worker's answer (dist/worker.js; goal: every answer < ${goalMs} ms, none by the 800 ms terminate)`);
  printStopSamples('digits-cnn', all);
  console.log(`  ${ok ? 'ok' : 'MISSED'}`);
  return ok ? 0 : 1;
}

function paths(args: string[], name: string): string[] {
  const found: string[] = [];
  for (let at = args.indexOf(name); at >= 0; at = args.indexOf(name)) found.push(...args.splice(at, 2).slice(1).map((path) => resolve(path)));
  return found;
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  args.splice(at, 2);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const stops = option(args, '--stops', 12);
  const load = option(args, '--load', 0);
  const maxDelay = option(args, '--max-delay', 3000);
  const given = paths(args, '--worker');
  const workers = given.length > 0 ? given : [join(root, 'dist', 'worker.js')];
  const models = args.length > 0 ? args : ['digits-cnn', 'digits-resnet'];
  const burners: ChildProcess[] = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    for (const model of models) {
      const samples = await stopSamples(workers, model, stops, maxDelay);
      samples.forEach((perWorker, w) => printStopSamples(workers.length > 1 ? `${model} (${workers[w]})` : model, perWorker));
    }
  } finally {
    for (const burner of burners) burner.kill();
  }
}

if (require.main === module) void main();
