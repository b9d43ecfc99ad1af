// Fashion-MNIST end to end (issue 17): `dlmodel train` through the real CLI (dist/cli.js, a fresh
// process per run, as a person runs it) against a plain PyTorch script doing the same training
// (bench/torch_fashion.py: same 12,000 images, 80/20 split, model, Adam, batch 64, epochs) on 1 and
// on 2 threads. Rounds are interleaved; each figure is the median of the rounds' wall times of the
// whole process. Skipped with a message when Debian's dataset-fashion-mnist is not installed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './train-bench';
import { torchThreadsEnv } from './torch-threads';

const dataset = '/usr/share/datasets/fashion-mnist';
const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'];
const limit = 12_000;

export interface FashionModel {
  readonly key: 'mlp' | 'cnn';
  readonly name: string;
  readonly epochs: number;
  /** Required: ours ÷ the better PyTorch (in speed: PyTorch's seconds ÷ ours). */
  readonly target: number;
  readonly layers: string;
}

export const fashionModels: readonly FashionModel[] = [
  { key: 'mlp', name: 'Fashion-MNIST MLP 784-128-10, Adam, batch 64', epochs: 3, target: 1, layers: '  flatten()\n  dense(128, activation: relu)\n  dense(10)\n' },
  {
    key: 'cnn',
    name: 'Fashion-MNIST CNN conv16-conv32 (padding 1), Adam, batch 64',
    epochs: 1,
    target: 1.5,
    layers: '  conv2d(16, 3, padding: 1, activation: relu)\n  maxpool2d(2)\n  conv2d(32, 3, padding: 1, activation: relu)\n  maxpool2d(2)\n  flatten()\n  dense(10)\n',
  },
];

function dlmodelText(model: FashionModel): string {
  return `model Fashion {\n  input [1, 28, 28]\n${model.layers}}\ntrain {\n  data: fashion_mnist(".", limit: ${limit})\n  validation: 0.2\n  loss: cross_entropy\n  optimizer: adam(lr: 0.001)\n  batch: 64\n  epochs: ${model.epochs}\n}\n`;
}

export interface FashionRow {
  readonly model: FashionModel;
  readonly oursSeconds: number;
  readonly torch1Seconds: number | undefined;
  readonly torch2Seconds: number | undefined;
  readonly oursAccuracy: number;
}

export type FashionResult = { readonly rows: FashionRow[]; readonly load: readonly [number, number] } | { readonly skipped: string };

function wall(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
}

export function runFashionBench(rounds = 3): FashionResult {
  if (!files.every((f) => existsSync(join(dataset, f)))) return { skipped: 'Fashion-MNIST rows skipped: Debian dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)' };
  const cli = resolve('dist/cli.js');
  const script = resolve('bench/torch_fashion.py');
  const torchMissing = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status !== 0;
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-fashion-bench-'));
  const loadBefore = loadavg()[0]!;
  try {
    for (const file of files) copyFileSync(join(dataset, file), join(folder, file));
    const rows: FashionRow[] = [];
    for (const model of fashionModels) {
      writeFileSync(join(folder, `${model.key}.dlmodel`), dlmodelText(model));
      const samples = { ours: [] as number[], torch1: [] as number[], torch2: [] as number[] };
      let accuracy = 0;
      for (let round = 0; round < rounds; round++) {
        const ours = wall(process.execPath, [cli, 'train', `${model.key}.dlmodel`, '--json'], folder);
        accuracy = (JSON.parse(ours.stdout.trim().split('\n').pop()!) as { valAccuracy: number }).valAccuracy;
        samples.ours.push(ours.seconds);
        if (torchMissing) continue;
        for (const threads of [1, 2] as const) {
          samples[threads === 1 ? 'torch1' : 'torch2'].push(wall('/usr/bin/python3', [script, folder, model.key, String(model.epochs), String(limit), String(threads)], folder, torchThreadsEnv(threads)).seconds);
        }
      }
      rows.push({ model, oursSeconds: median(samples.ours), torch1Seconds: torchMissing ? undefined : median(samples.torch1), torch2Seconds: torchMissing ? undefined : median(samples.torch2), oursAccuracy: accuracy });
    }
    return { rows, load: [loadBefore, loadavg()[0]!] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Prints the rows; returns how many targets were missed. */
export function printFashionBench(result: FashionResult): number {
  if ('skipped' in result) {
    console.log(`\n${result.skipped}`);
    return 0;
  }
  let missed = 0;
  const ratio = (torch: number | undefined, ours: number): string => (torch === undefined ? '—' : (torch / ours).toFixed(2) + '×');
  console.log(`\nend to end, ${limit.toLocaleString('en-US')} images (process wall s)                ours CLI  PyTorch 1t  PyTorch 2t   vs 1t   vs 2t   target (vs better)`);
  for (const row of result.rows) {
    const better = Math.min(row.torch1Seconds ?? Infinity, row.torch2Seconds ?? Infinity);
    const ok = !Number.isFinite(better) || better / row.oursSeconds >= row.model.target;
    if (!ok) missed++;
    console.log(
      `${`${row.model.name}, ${row.model.epochs} epoch${row.model.epochs === 1 ? '' : 's'}`.padEnd(70)} ${row.oursSeconds.toFixed(2).padStart(8)}  ${(row.torch1Seconds?.toFixed(2) ?? '—').padStart(10)}  ${(row.torch2Seconds?.toFixed(2) ?? '—').padStart(10)}   ${ratio(row.torch1Seconds, row.oursSeconds).padStart(5)}   ${ratio(row.torch2Seconds, row.oursSeconds).padStart(5)}   ≥ ${row.model.target}×  ${Number.isFinite(better) ? (ok ? 'ok' : 'MISSED') : 'skipped'}  (val acc ${(row.oursAccuracy * 100).toFixed(1)}%)`,
    );
  }
  console.log(`each: the median of interleaved rounds of whole processes (CLI: dist/cli.js train --json; PyTorch: bench/torch_fashion.py); load average ${result.load[0].toFixed(2)} before, ${result.load[1].toFixed(2)} after`);
  return missed;
}

// `node out/bench/fashion-bench.js` runs these rows alone.
if (require.main === module) printFashionBench(runFashionBench());
