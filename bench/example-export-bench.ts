// An example end to end against its own PyTorch export (issue 17's digits-resnet row): `dlmodel
// train FILE` through the real CLI (dist/cli.js, a fresh process per run) against the `train.py`
// that `dlmodel export FILE --to pytorch` writes for the same file (same data, split, initial
// weights, optimizer, schedule, batch and epochs), run by PyTorch on 1 and on 2 threads. Rounds are
// interleaved; each figure is the median of the rounds' process wall times, as a person waits for
// them. The runs' own training times (their `done` events, start-up excluded) are printed beside.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { median } from './train-bench';
import { torchThreadsEnv } from './torch-threads';

export interface ExampleRow {
  readonly file: string;
  readonly epochs: number;
  readonly steps: number;
  /** Required: PyTorch 1 thread's seconds ÷ ours. */
  readonly target: number;
  readonly ours: Timing;
  readonly torch1: Timing | undefined;
  readonly torch2: Timing | undefined;
  readonly oursValAccuracy: number;
  readonly torchValAccuracy: number | undefined;
}

interface Timing {
  /** The whole process. */
  readonly wallSeconds: number;
  /** The training alone, from the run's `done` event. */
  readonly trainSeconds: number;
}

export type ExampleResult = { readonly rows: ExampleRow[]; readonly load: readonly [number, number] } | { readonly skipped: string };

interface DoneEvent {
  readonly type: 'done';
  readonly epochs: number;
  readonly steps: number;
  readonly valAccuracy: number;
  readonly elapsedMs: number;
}

function lastDone(stdout: string, command: string): DoneEvent {
  const lines = stdout.trim().split('\n');
  const done = JSON.parse(lines[lines.length - 1]!) as DoneEvent;
  if (done.type !== 'done') throw new Error(`${command} did not finish: ${lines[lines.length - 1]}`);
  return done;
}

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { timing: Timing; done: DoneEvent } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  const done = lastDone(result.stdout, `${command} ${args.join(' ')}`);
  return { timing: { wallSeconds, trainSeconds: done.elapsedMs / 1000 }, done };
}

function medianTiming(samples: readonly Timing[]): Timing {
  return { wallSeconds: median(samples.map((s) => s.wallSeconds)), trainSeconds: median(samples.map((s) => s.trainSeconds)) };
}

/** Trains `example` (a path under examples/) through the CLI and its export, `rounds` times each. */
export function runExampleBench(example = 'examples/digits-resnet.dlmodel', target = 1, rounds = 3): ExampleResult {
  const cli = resolve('dist/cli.js');
  const torchMissing = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status !== 0;
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-example-bench-'));
  const file = basename(example);
  const loadBefore = loadavg()[0]!;
  try {
    copyFileSync(resolve(example), join(folder, file));
    const exported = spawnSync(process.execPath, [cli, 'export', file, '--to', 'pytorch', '--out', 'export'], { cwd: folder, encoding: 'utf8' });
    if (exported.status !== 0) throw new Error(`dlmodel export ${file}: ${exported.stderr}`);
    const exportFolder = join(folder, 'export');
    const samples = { ours: [] as Timing[], torch1: [] as Timing[], torch2: [] as Timing[] };
    let ours: DoneEvent | undefined;
    let torch: DoneEvent | undefined;
    for (let round = 0; round < rounds; round++) {
      const run = timed(process.execPath, [cli, 'train', file, '--json'], folder);
      samples.ours.push(run.timing);
      ours = run.done;
      if (torchMissing) continue;
      for (const threads of [1, 2] as const) {
        const torchRun = timed('/usr/bin/python3', ['train.py', '--device', 'cpu'], exportFolder, torchThreadsEnv(threads));
        samples[threads === 1 ? 'torch1' : 'torch2'].push(torchRun.timing);
        torch = torchRun.done;
      }
    }
    const row: ExampleRow = {
      file,
      epochs: ours!.epochs,
      steps: ours!.steps,
      target,
      ours: medianTiming(samples.ours),
      torch1: torchMissing ? undefined : medianTiming(samples.torch1),
      torch2: torchMissing ? undefined : medianTiming(samples.torch2),
      oursValAccuracy: ours!.valAccuracy,
      torchValAccuracy: torch?.valAccuracy,
    };
    return { rows: [row], load: [loadBefore, loadavg()[0]!] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Prints the rows; returns how many targets were missed. */
export function printExampleBench(result: ExampleResult): number {
  if ('skipped' in result) {
    console.log(`\n${result.skipped}`);
    return 0;
  }
  let missed = 0;
  const seconds = (t: Timing | undefined): string => (t === undefined ? '—' : `${t.wallSeconds.toFixed(2)} (${t.trainSeconds.toFixed(2)})`);
  const ratio = (t: Timing | undefined, ours: Timing, key: keyof Timing): string => (t === undefined ? '—' : (t[key] / ours[key]).toFixed(2) + '×');
  console.log('\nexample vs its PyTorch export (process wall s (training s))     ours CLI          PyTorch 1t        PyTorch 2t        vs 1t (training)   target (vs 1t)');
  for (const row of result.rows) {
    const ok = row.torch1 === undefined || row.torch1.wallSeconds / row.ours.wallSeconds >= row.target;
    if (!ok) missed++;
    const name = `${row.file}, ${row.epochs} epochs (${row.steps} steps)`;
    const accuracy = `val acc ours ${(row.oursValAccuracy * 100).toFixed(1)}%` + (row.torchValAccuracy === undefined ? '' : `, PyTorch ${(row.torchValAccuracy * 100).toFixed(1)}%`);
    const versus = `${ratio(row.torch1, row.ours, 'wallSeconds')} (${ratio(row.torch1, row.ours, 'trainSeconds')})`;
    const verdict = row.torch1 === undefined ? 'skipped (no PyTorch)' : ok ? 'ok' : 'MISSED';
    console.log(`${name.padEnd(62)} ${seconds(row.ours).padEnd(17)} ${seconds(row.torch1).padEnd(17)} ${seconds(row.torch2).padEnd(17)} ${versus.padEnd(18)} ≥ ${row.target}×  ${verdict}  (${accuracy})`);
  }
  console.log(`each: the median of interleaved rounds of whole processes (CLI: dist/cli.js train --json; PyTorch: the export's train.py --device cpu); load average ${result.load[0].toFixed(2)} before, ${result.load[1].toFixed(2)} after`);
  return missed;
}

// `node out/bench/example-export-bench.js` runs this row alone.
if (require.main === module) printExampleBench(runExampleBench());
