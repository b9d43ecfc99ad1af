// Training-step benchmark (issue 4, "Speed"): three models written in .dlmodel, checked by the real
// checker, built as a Network and trained step by step exactly as the trainer does (tape forward,
// fused loss from the logits, backward, SGD step, zeroGrad). Each is timed with the fast kernels and
// with the reference (plain TypeScript) kernels, and compared with PyTorch running the same models
// on one thread in the same run (bench/torch_steps.py; skipped when /usr/bin/python3 has no torch).
import { spawnSync } from 'node:child_process';
import { checkDocument } from '../core/analysis';
import { Random } from '../core/common/random';
import { computeLoss } from '../core/nn/losses';
import { Network } from '../core/nn/network';
import { createOptimizer } from '../core/nn/optimizers';
import * as t from '../core/tensor';

export interface TrainModel {
  readonly key: string;
  readonly name: string;
  readonly dlmodel: string;
  readonly batch: number;
  readonly classes: number;
  /** Required steps/s relative to PyTorch (ours ÷ PyTorch). */
  readonly target: number;
}

export const trainModels: readonly TrainModel[] = [
  {
    key: 'a',
    name: 'MLP 2-16-16-3, batch 32',
    batch: 32,
    classes: 3,
    target: 3,
    dlmodel: 'model BenchSmallMLP {\n  input [2]\n  dense(16, activation: relu)\n  dense(16, activation: relu)\n  dense(3)\n}\n',
  },
  {
    key: 'b',
    name: 'MLP 784-128-64-10, batch 64',
    batch: 64,
    classes: 10,
    target: 0.5,
    dlmodel: 'model BenchMnistMLP {\n  input [784]\n  dense(128, activation: relu)\n  dense(64, activation: relu)\n  dense(10)\n}\n',
  },
  {
    key: 'c',
    name: 'CNN 1x28x28 (conv8-conv16), batch 32',
    batch: 32,
    classes: 10,
    target: 0.5,
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
      const loss = computeLoss('cross_entropy', logits.data, labels, model.batch, grad);
      t.backward(logits, loss.grad);
      return loss.value;
    });
    optimizer.step();
    t.zeroGrad(parameters);
    return value;
  };
  return { step, parameters };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median µs per step over `repeats` runs of about `seconds` each, after a warm-up. */
export function timeSteps(step: () => unknown, repeats = 5, seconds = 0.3): number {
  let started = performance.now();
  let warm = 0;
  while (performance.now() - started < Math.max(200, seconds * 1000) || warm < 20) {
    step();
    warm++;
  }
  const perStep = (performance.now() - started) / warm;
  const count = Math.max(10, Math.round((seconds * 1000) / perStep));
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    started = performance.now();
    for (let i = 0; i < count; i++) step();
    samples.push(((performance.now() - started) * 1000) / count);
  }
  return median(samples);
}

interface TorchResult {
  readonly torch: string;
  readonly models: Record<string, { median_us: number }>;
}

/** PyTorch's µs per step of the given models on one thread, or the reason it was skipped. */
export function torchSteps(keys: readonly string[], options: { repeats?: number; seconds?: number } = {}, python = '/usr/bin/python3'): TorchResult | string {
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const args = ['bench/torch_steps.py', '--models', keys.join(','), '--repeats', String(options.repeats ?? 5), '--seconds', String(options.seconds ?? 0.3)];
  const run = spawnSync(python, args, { env, encoding: 'utf8', timeout: 300_000 });
  if (run.error) return `${python} not runnable (${run.error.message})`;
  if (run.status !== 0) return /No module named 'torch'/.test(run.stderr) ? `${python} has no torch` : `torch_steps.py failed: ${run.stderr.trim().split('\n').pop() ?? run.status}`;
  try {
    return JSON.parse(run.stdout) as TorchResult;
  } catch {
    return 'torch_steps.py printed no JSON';
  }
}

export interface TrainBenchRow {
  readonly key: string;
  readonly name: string;
  readonly target: number;
  readonly fastUs: number;
  readonly referenceUs: number;
  readonly torchUs: number | undefined;
}

export interface TrainBenchResult {
  readonly rows: TrainBenchRow[];
  /** Set when the PyTorch column was skipped, saying why. */
  readonly torchSkipped: string | undefined;
  readonly torchVersion: string | undefined;
}

/**
 * Each model in turn: PyTorch (its own process), then ours with the fast and with the reference
 * kernels, so the three figures of a row are measured close together on a shared machine.
 */
export function runTrainBench(options: { repeats?: number; seconds?: number } = {}): TrainBenchResult {
  const rows: TrainBenchRow[] = [];
  const previous = t.kernelBackend();
  let torchSkipped: string | undefined;
  let torchVersion: string | undefined;
  try {
    for (const model of trainModels) {
      let torchUs: number | undefined;
      if (torchSkipped === undefined) {
        const torch = torchSteps([model.key], options);
        if (typeof torch === 'string') torchSkipped = torch;
        else {
          torchVersion = torch.torch;
          torchUs = torch.models[model.key]?.median_us;
        }
      }
      const timed = (backend: t.KernelBackend): number => {
        t.setKernelBackend(backend);
        const { step } = trainer(model);
        return timeSteps(step, options.repeats, options.seconds);
      };
      const fastUs = timed('fast');
      const referenceUs = timed('reference');
      rows.push({ key: model.key, name: model.name, target: model.target, fastUs, referenceUs, torchUs });
    }
  } finally {
    t.setKernelBackend(previous);
  }
  return { rows, torchSkipped, torchVersion };
}

/** Prints the table; returns how many targets were missed (none can be when PyTorch is skipped). */
export function printTrainBench(result: TrainBenchResult): number {
  let missed = 0;
  const rate = (us: number | undefined): string => (us === undefined ? '—' : (1e6 / us).toFixed(0));
  console.log('\ntraining steps (1 thread)               ours fast   ours ref   PyTorch   fast/ref   fast/PyTorch   target');
  console.log('                                          steps/s    steps/s   steps/s');
  for (const row of result.rows) {
    const ratio = row.torchUs === undefined ? undefined : row.torchUs / row.fastUs;
    const ok = ratio === undefined || ratio >= row.target;
    if (!ok) missed++;
    console.log(
      `(${row.key}) ${row.name.padEnd(36)} ${rate(row.fastUs).padStart(8)}   ${rate(row.referenceUs).padStart(8)}  ${rate(row.torchUs).padStart(8)}   ${(row.referenceUs / row.fastUs).toFixed(2).padStart(7)}×   ${(ratio === undefined ? '—' : ratio.toFixed(2) + '×').padStart(11)}   ≥ ${row.target}×  ${ratio === undefined ? 'skipped' : ok ? 'ok' : 'MISSED'}`,
    );
  }
  if (result.torchSkipped) console.log(`PyTorch column skipped: ${result.torchSkipped}`);
  else console.log(`PyTorch ${result.torchVersion} (bench/torch_steps.py), torch.set_num_threads(1), OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1; medians of 5 repeats after a warm-up`);
  console.log(`fast backend: WebAssembly SIMD ${t.fastKernelsAvailable() ? 'available' : 'UNAVAILABLE (both columns ran the reference kernels)'}`);
  return missed;
}

// `node out/bench/train-bench.js` runs this table alone.
if (require.main === module) printTrainBench(runTrainBench());
