// The examples with a train block, each exported to PyTorch and run on both sides: the initial
// forward pass, the first full-batch steps and a few minibatch epochs. Shared by the two test
// files that split the examples (so node runs them in parallel).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as t from '../../core/tensor';
import type { TrainPlan } from '../../core/train';
import { fromRoot } from '../helpers/paths';
import { planFile } from '../helpers/training';
import { exportPlan, maxRelativeDifference, maxScaledDifference, ourForward, ourRun, relative, runPythonChecks, torchMissing, type PythonRun } from './helpers';

export interface ExampleCase {
  readonly file: string;
  /** Full-batch steps compared (20 unless the example is slow). */
  readonly fullSteps: number;
  /** The held-out fraction for the full-batch run (a larger one keeps slow models' steps small). */
  readonly fullValidation?: number;
  /** Minibatch epochs compared. */
  readonly miniEpochs: number;
  /** Tolerance of the full-batch and minibatch losses (see docs/export.md for the one exception). */
  readonly fullTolerance?: number;
  readonly miniTolerance?: number;
  /** Tolerance of the minibatch run's validation losses (default: miniTolerance). */
  readonly miniValidationTolerance?: number;
  /** The kernels dlmodel's minibatch run uses (default: the engine's default, 'fast'). */
  readonly miniBackend?: t.KernelBackend;
}

const forwardRows = 64;

function lossesOf(run: PythonRun): { initial: number | null; epochs: Record<string, unknown>[] } {
  assert.equal(run.status, 0, 'train.py exit status');
  const start = run.events.find((e) => e['type'] === 'start')!;
  return { initial: start['initialLoss'] as number | null, epochs: run.events.filter((e) => e['type'] === 'epoch') };
}

function compareRun(context: TestContext, label: string, plan: TrainPlan, python: PythonRun, tolerance: number, validationTolerance = tolerance, backend?: t.KernelBackend): number {
  const previous = t.kernelBackend();
  if (backend) t.setKernelBackend(backend);
  let ours: ReturnType<typeof ourRun>;
  try {
    ours = ourRun(plan);
  } finally {
    t.setKernelBackend(previous);
  }
  const theirs = lossesOf(python);
  assert.equal(theirs.epochs.length, ours.epochs.length, `${label}: epochs`);
  let worst = relative(theirs.initial, ours.start.initialLoss);
  assert.ok(worst <= tolerance, `${label}: initial loss ${theirs.initial} vs ours ${ours.start.initialLoss}`);
  ours.epochs.forEach((epoch, i) => {
    const other = theirs.epochs[i]!;
 for (const key of ['loss', 'valLoss'] as const) {
      const difference = relative(other[key] as number | null, epoch[key]);
      worst = Math.max(worst, difference);
      assert.ok(difference <= (key === 'loss' ? tolerance : validationTolerance), `${label}: epoch ${i + 1} ${key} ${String(other[key])} (PyTorch) vs ${epoch[key]} (dlmodel): ${difference.toExponential(2)} relative`);
    }
    assert.ok(relative(other['lr'] as number, epoch.lr) <= 1e-12, `${label}: epoch ${i + 1} lr ${String(other['lr'])} vs ${epoch.lr}`);
    // Accuracy may differ by a sample whose two best scores tie within rounding (more where the run is chaotic).
    const accuracyTolerance = Math.max(2 / plan.dataDescription.samples, validationTolerance > 1e-3 ? validationTolerance : 0) + 1e-12;
    if (epoch.accuracy !== null) assert.ok(Math.abs((other['accuracy'] as number) - epoch.accuracy) <= accuracyTolerance, `${label}: epoch ${i + 1} accuracy ${String(other['accuracy'])} vs ${epoch.accuracy}`);
  });
  context.diagnostic(`${label}: ${ours.epochs.length} epochs, largest relative loss difference ${worst.toExponential(2)}`);
  return worst;
}

/** Registers one test per example. */
export function exampleTests(cases: readonly ExampleCase[]): void {
  for (const example of cases) {
    test(`${basename(example.file)}: PyTorch export matches dlmodel (forward, ${example.fullSteps} full-batch steps, ${example.miniEpochs} minibatch epochs)`, { skip: torchMissing() }, (context) => {
      const text = readFileSync(fromRoot(example.file), 'utf8');
      const plan = planFile(example.file);
      const fileName = basename(example.file);
      const fullPlan: TrainPlan = { ...plan, batch: 'full', epochs: example.fullSteps, ...(example.fullValidation === undefined ? {} : { validation: example.fullValidation }) };
      const miniPlan: TrainPlan = { ...plan, epochs: example.miniEpochs };

      const folder = exportPlan(plan, text, fileName, basename(example.file, '.dlmodel'));
      const fullFolder = example.fullValidation === undefined ? folder : exportPlan(fullPlan, text, fileName, `${basename(example.file, '.dlmodel')}-full`);
      const runs: Record<string, string[]> = { mini: ['--epochs', String(example.miniEpochs)] };
      const fullArgs = ['--batch', 'full', '--epochs', String(example.fullSteps)];
      if (fullFolder === folder) runs['full'] = fullArgs;
      const python = runPythonChecks(folder, { rows: forwardRows, runs });
      const pythonFull = fullFolder === folder ? python.runs['full']! : runPythonChecks(fullFolder, { runs: { full: fullArgs } }).runs['full']!;

      const ours = ourForward(plan, forwardRows);
      const outputDifference = maxScaledDifference(ours.output, python.output!);
      const logitsDifference = maxScaledDifference(ours.logits, python.logits!);
      const elementwise = Math.max(maxRelativeDifference(ours.output, python.output!), maxRelativeDifference(ours.logits, python.logits!));
      context.diagnostic(`forward: output ${outputDifference.toExponential(2)}, logits ${logitsDifference.toExponential(2)} of the tensor's scale; elementwise relative (floor 1e-6) ${elementwise.toExponential(2)}`);
      assert.ok(outputDifference <= 1e-5, `forward output differs by ${outputDifference} of its scale`);
      assert.ok(logitsDifference <= 1e-5, `forward logits differ by ${logitsDifference} of their scale`);

      compareRun(context, `full batch (${example.fullSteps} steps${example.fullValidation === undefined ? '' : `, validation ${example.fullValidation}`})`, fullPlan, pythonFull, example.fullTolerance ?? 1e-4);
      const miniTolerance = example.miniTolerance ?? 1e-3;
      compareRun(context, `minibatch (${example.miniEpochs} epochs of batch ${plan.batch}${example.miniBackend ? `, ${example.miniBackend} kernels` : ''})`, miniPlan, python.runs['mini']!, miniTolerance, example.miniValidationTolerance ?? miniTolerance, example.miniBackend);
    });
  }
}
