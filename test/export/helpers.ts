// Shared by the export tests: finding Python with torch/onnx, exporting a plan to a scratch
// folder, running the exported code, running our core the same way, and comparing numbers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { runStreams } from '../../core/common/random';
import { buildDataSet } from '../../core/data';
import { exportPytorch, type ExportFile } from '../../core/export';
import { Network } from '../../core/nn/network';
import * as t from '../../core/tensor';
import { createRun, type EpochEvent, type StartEvent, type TrainEvent, type TrainPlan } from '../../core/train';
import { fromRoot } from '../helpers/paths';

/** The Python the tests use: $DLMODEL_PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export const python = process.env.DLMODEL_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const probes = new Map<string, string | undefined>();
/** undefined when `python -c code` succeeds, else why not (for the skip message). */
function probe(what: string, code: string): string | undefined {
  if (!probes.has(what)) {
    const result = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 60_000 });
    probes.set(what, result.status === 0 ? undefined : `${python} cannot ${what} (${(result.stderr || result.error?.message || '').trim().split('\n').pop()}) — install Debian's python3-torch and python3-onnx`);
  }
  return probes.get(what);
}

/** A skip reason when torch is missing, else undefined. */
export const torchMissing = (): string | undefined => probe('import torch', 'import torch');
/** A skip reason when onnx is missing, else undefined. */
export const onnxMissing = (): string | undefined => probe('import onnx', 'import onnx');
/** A skip reason when torchrun (or torch.distributed with gloo) is missing. */
export const ddpMissing = (): string | undefined =>
  torchMissing() ?? probe('run torch.distributed with gloo', 'import torch.distributed as d, torch.distributed.run; assert d.is_available() and d.is_gloo_available()');

/** A fresh scratch folder. */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dlmodel-export-${prefix}-`));
}

/** Writes export files into a folder. */
export function writeFiles(folder: string, files: readonly ExportFile[]): void {
  mkdirSync(folder, { recursive: true });
  for (const file of files) writeFileSync(join(folder, file.path), file.contents);
}

/** The network a run of this plan starts from (the plan's seed, its init stream). */
export function initialNetwork(plan: TrainPlan): Network {
  return new Network(plan.model, runStreams(plan.seed).init);
}

/** Exports a plan as train.py & co into a new scratch folder; returns the folder. */
export function exportPlan(plan: TrainPlan, text: string, fileName: string, prefix: string): string {
  const exported = exportPytorch({ model: plan.model, plan, network: initialNetwork(plan), source: { text, fileName } });
  if (!exported.ok) throw new Error(exported.message);
  const folder = scratch(prefix);
  writeFiles(folder, exported.files);
  return folder;
}

export interface PythonRun {
  readonly status: number;
  readonly events: Record<string, unknown>[];
}
export interface PythonResult {
  readonly output?: number[];
  readonly logits?: number[];
  readonly shape?: number[];
  readonly runs: Record<string, PythonRun>;
}

/** Runs test/fixtures/export/check_export.py on an export folder. */
export function runPythonChecks(folder: string, request: { rows?: number; inputs?: string; init?: string; runs?: Record<string, string[]> }, timeoutMs = 600_000): PythonResult {
  const requestPath = join(folder, 'request.json');
  const resultPath = join(folder, 'result.json');
  writeFileSync(requestPath, JSON.stringify(request));
  const result = spawnSync(python, [fromRoot('test/fixtures/export/check_export.py'), folder, requestPath, resultPath], { encoding: 'utf8', timeout: timeoutMs });
  if (result.status !== 0) throw new Error(`check_export.py failed (${result.status ?? result.signal}): ${result.stderr}`);
  return JSON.parse(readFileSync(resultPath, 'utf8')) as PythonResult;
}

/** Our eval-mode forward pass on the first `rows` samples of the plan's data set as built (before the split). */
export function ourForward(plan: TrainPlan, rows: number, network = initialNetwork(plan)): { output: Float32Array; logits: Float32Array; inputs: Float32Array } {
  const built = buildDataSet(plan.data, runStreams(plan.seed).data);
  if (!built.ok) throw new Error(built.error.message);
  const dataset = built.value;
  const count = Math.min(rows, dataset.count);
  const inputs = dataset.inputs.slice(0, count * dataset.sampleSize);
  const tape = new t.Tape();
  return tape.run(() =>
    t.noGrad(() => {
      const result = network.forward(t.tensor(inputs, [count, ...dataset.sampleShape]), { training: false });
      return { output: result.output.data.slice(), logits: result.logits.data.slice(), inputs };
    }),
  );
}

/** Our run's start and epoch events for a plan. */
export function ourRun(plan: TrainPlan): { start: StartEvent; epochs: EpochEvent[] } {
  const created = createRun(plan);
  if (!created.ok) throw new Error(created.message);
  const events = [...(created.run.events() as Iterable<TrainEvent>)];
  return { start: events.find((e): e is StartEvent => e.type === 'start')!, epochs: events.filter((e): e is EpochEvent => e.type === 'epoch') };
}

/** |a − b| / |b| (0 when both are 0 or both null). */
export function relative(a: number | null | undefined, b: number | null | undefined): number {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return 0;
  if (a === null || a === undefined || b === null || b === undefined) return Number.POSITIVE_INFINITY;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);
}

/** The largest elementwise difference relative to the tensor's scale (its largest |value|). */
export function maxScaledDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(scale, 1e-30));
  return worst;
}

/** The largest elementwise relative difference |a − b| / max(|b|, floor). */
export function maxRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor));
  return worst;
}

/** Checks a .dlmodel text and returns its analysis (throws on errors). */
export function analyse(text: string): ReturnType<typeof checkDocument> {
  const analysis = checkDocument(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return analysis;
}
