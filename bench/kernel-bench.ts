// Kernel benchmark of issue 11's new ops: one forward and backward pass of a grouped (depthwise and
// 4-group) convolution, a transposed convolution and nearest/bilinear upsampling, timed on the
// tape exactly as training runs them, with the fast and the reference backend, against PyTorch on
// one thread in the same run (bench/torch_kernels.py, same shapes; skipped without torch).
import { Random } from '../core/common/random';
import * as t from '../core/tensor';
import { median, TorchSteps, timedStep, type TimedStep } from './train-bench';

export interface KernelOp {
  readonly key: string;
  readonly name: string;
  /** The op on its inputs (the first is x, the rest parameters), shapes in `shapes`. */
  readonly run: (inputs: readonly t.Tensor[]) => t.Tensor;
  readonly shapes: readonly (readonly number[])[];
}

/** Must match bench/torch_kernels.py's ops(). */
export const kernelOps: readonly KernelOp[] = [
  {
    key: 'depthwise',
    name: 'depthwise conv 3×3, [32, 64, 28, 28]',
    shapes: [[32, 64, 28, 28], [64, 1, 3, 3], [64]],
    run: ([x, w, b]) => t.conv2d(x!, w!, b, { padding: [1, 1], groups: 64 }),
  },
  {
    key: 'grouped',
    name: 'conv 3×3 groups 4, [32, 64, 28, 28]',
    shapes: [[32, 64, 28, 28], [64, 16, 3, 3], [64]],
    run: ([x, w, b]) => t.conv2d(x!, w!, b, { padding: [1, 1], groups: 4 }),
  },
  {
    key: 'transposed',
    name: 'conv_transpose 3×3/2, [32, 32, 14, 14]→16',
    shapes: [[32, 32, 14, 14], [32, 16, 3, 3], [16]],
    run: ([x, w, b]) => t.convTranspose2d(x!, w!, b, { stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] }),
  },
  { key: 'nearest', name: 'upsample nearest ×2, [32, 64, 14, 14]', shapes: [[32, 64, 14, 14]], run: ([x]) => t.upsample(x!, { scale: 2, mode: 'nearest' }) },
  { key: 'bilinear', name: 'upsample bilinear ×2, [32, 64, 14, 14]', shapes: [[32, 64, 14, 14]], run: ([x]) => t.upsample(x!, { scale: 2, mode: 'bilinear' }) },
];

/** One training pass of `op`: forward on the tape, backward with a fixed upstream gradient. */
export function kernelPass(op: KernelOp, seed = 1): () => void {
  const random = new Random(seed);
  const inputs = op.shapes.map((shape) => t.parameter(Float32Array.from({ length: t.size(shape) }, () => random.normal()), shape));
  const tape = new t.Tape();
  let upstream: Float32Array | undefined;
  return () => {
    tape.reset();
    tape.run(() => {
      const out = op.run(inputs);
      upstream ??= Float32Array.from({ length: out.size }, () => random.normal());
      t.backward(out, upstream);
    });
    t.zeroGrad(inputs);
  };
}

export interface KernelBenchRow {
  readonly key: string;
  readonly name: string;
  readonly fastUs: number;
  readonly referenceUs: number;
  readonly torchUs: number | undefined;
}

export interface KernelBenchResult {
  readonly rows: KernelBenchRow[];
  readonly torchSkipped: string | undefined;
  readonly torchVersion: string | undefined;
  readonly repeats: number;
}

/** For each op, `repeats` interleaved rounds of PyTorch, fast and reference (about `seconds` each); the medians. */
export async function runKernelBench(options: { repeats?: number; seconds?: number } = {}): Promise<KernelBenchResult> {
  const repeats = options.repeats ?? 3;
  const seconds = options.seconds ?? 0.5;
  const started = await TorchSteps.start('/usr/bin/python3', 'bench/torch_kernels.py');
  const torch = typeof started === 'string' ? undefined : started.torch;
  const rows: KernelBenchRow[] = [];
  const previous = t.kernelBackend();
  try {
    for (const op of kernelOps) {
      const warmed = (backend: t.KernelBackend): TimedStep => {
        t.setKernelBackend(backend);
        return timedStep(kernelPass(op), seconds);
      };
      const fast = warmed('fast');
      const reference = warmed('reference');
      const samples = { fast: [] as number[], reference: [] as number[], torch: [] as number[] };
      for (let round = 0; round < repeats; round++) {
        if (torch) samples.torch.push(await torch.repeat(op.key, seconds));
        t.setKernelBackend('fast');
        samples.fast.push(fast.repeat());
        t.setKernelBackend('reference');
        samples.reference.push(reference.repeat());
      }
      rows.push({ key: op.key, name: op.name, fastUs: median(samples.fast), referenceUs: median(samples.reference), torchUs: torch ? median(samples.torch) : undefined });
    }
  } finally {
    t.setKernelBackend(previous);
    torch?.stop();
  }
  return { rows, torchSkipped: typeof started === 'string' ? started : undefined, torchVersion: typeof started === 'string' ? undefined : started.version, repeats };
}

/** Prints the table. The ratios are information, not targets (issue 11 asks for the figures); returns 0 misses. */
export function printKernelBench(result: KernelBenchResult): number {
  const ms = (us: number | undefined): string => (us === undefined ? '—' : (us / 1000).toFixed(1));
  console.log('\nlayer kernels, forward + backward (1 thread)      ours fast   ours ref   PyTorch   fast/ref   PyTorch/fast');
  console.log('                                                     ms         ms        ms        (× faster)');
  for (const row of result.rows) {
    const ratio = row.torchUs === undefined ? '—' : (row.torchUs / row.fastUs).toFixed(2) + '×';
    console.log(`${row.name.padEnd(48)} ${ms(row.fastUs).padStart(9)}  ${ms(row.referenceUs).padStart(9)}  ${ms(row.torchUs).padStart(8)}   ${(row.referenceUs / row.fastUs).toFixed(2).padStart(7)}×   ${ratio.padStart(11)}`);
  }
  if (result.torchSkipped) console.log(`PyTorch column skipped: ${result.torchSkipped}`);
  else console.log(`PyTorch ${result.torchVersion} (bench/torch_kernels.py), torch.set_num_threads(1); PyTorch/fast > 1 means ours is faster`);
  console.log(`each figure: the median of ${result.repeats} interleaved rounds (PyTorch, fast, reference) after a warm-up`);
  return 0;
}

// `node out/bench/kernel-bench.js` runs this table alone.
if (require.main === module) void runKernelBench().then(printKernelBench);
