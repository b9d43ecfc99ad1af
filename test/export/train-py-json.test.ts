// The exported train.py's JSON lines against docs/schemas/train-py-events.schema.json, which takes
// every field that means what a `dlmodel train --json` field means from train-events.schema.json:
// real runs under Debian's PyTorch (classification with batch norm and --steps, regression, a run
// that diverges), and the start line's shared fields equal to the CLI's on the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSchema, schemaErrors } from '../helpers/json-schema';
import { fromRoot } from '../helpers/paths';
import { planText } from '../helpers/training';
import { exportPlan, python, torchMissing } from './helpers';

const trainPySchema = loadSchema('train-py-events');
type JsonLine = { type: string; [key: string]: unknown };

/** Exports `text` and runs its train.py; every line printed must be valid against the schema. */
function trainPy(text: string, args: readonly string[], expectedStatus: number): JsonLine[] {
  const plan = planText(text);
  const folder = exportPlan(plan, text, 'model.dlmodel', 'json');
  const run = spawnSync(python, [join(folder, 'train.py'), ...args], { encoding: 'utf8', timeout: 240_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  assert.equal(run.status, expectedStatus, run.stderr);
  const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  for (const [i, line] of lines.entries()) assert.equal(schemaErrors(trainPySchema, line), '', `train.py ${args.join(' ')}: line ${i + 1} (${line.type}): ${JSON.stringify(line)}`);
  return lines;
}

/** `dlmodel train --json` on the same text. */
function cliLines(text: string, args: readonly string[]): JsonLine[] {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-json-'));
  writeFileSync(join(folder, 'model.dlmodel'), text);
  const run = spawnSync(process.execPath, [fromRoot('dist/cli.js'), 'train', '--json', 'model.dlmodel', ...args], { cwd: folder, encoding: 'utf8' });
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
}

const types = (lines: readonly JsonLine[]): string[] => [...new Set(lines.map((l) => l.type))];
const withBatchNorm = readFileSync(fromRoot('test/fixtures/export/ddp.dlmodel'), 'utf8');

test('train.py prints start, step, epoch and done lines valid against the schema; start agrees with dlmodel train --json', { skip: torchMissing(), timeout: 300_000 }, () => {
  const lines = trainPy(withBatchNorm, ['--epochs', '2', '--steps'], 0);
  assert.deepEqual(types(lines), ['start', 'step', 'epoch', 'done']);
  const start = lines[0]!;
  const ours = cliLines(withBatchNorm, ['--epochs', '2'])[0]!;
  assert.equal(ours.type, 'start');
  // The fields both print mean the same: the same values for the same file and seed.
  for (const key of ['model', 'train', 'trainableParams', 'nonTrainableParams', 'trainSamples', 'validationSamples', 'epochs', 'stepsPerEpoch', 'batchSize', 'seed', 'expectedInitialLoss', 'layers']) {
    assert.deepEqual(start[key], ours[key], key);
  }
  assert.ok((start['nonTrainableParams'] as number) > 0, 'batch norm has running statistics');
  const epochs = lines.filter((l) => l.type === 'epoch');
  const perEpoch = start['stepsPerEpoch'] as number;
  assert.deepEqual(epochs.map((e) => e['step']), [perEpoch, 2 * perEpoch]);
  assert.equal(lines.filter((l) => l.type === 'step').length, 2 * perEpoch);
  assert.equal(lines.at(-1)!['steps'], 2 * perEpoch);
});

test('train.py on a regression prints null accuracies; with early stopping, done says where it stopped', { skip: torchMissing(), timeout: 300_000 }, () => {
  const plane = readFileSync(fromRoot('examples/plane.dlmodel'), 'utf8');
  const lines = trainPy(plane, ['--epochs', '3'], 0);
  assert.deepEqual(types(lines), ['start', 'epoch', 'done']);
  assert.equal(lines.at(-1)!['accuracy'], null);
  const stopping = trainPy(plane.replace(/seed: 0/, 'seed: 0\n  validation: 0.2\n  early_stopping: 1\n  min_delta: 1000'), ['--epochs', '5'], 0);
  const done = stopping.at(-1)!;
  assert.deepEqual([done['stoppedEarly'], done['bestEpoch'], done['epochs']], [true, 1, 2]);
});

test('a diverging train.py run ends with an error line (DL605), as dlmodel train --json does', { skip: torchMissing(), timeout: 300_000 }, () => {
  const diverging = readFileSync(fromRoot('examples/plane.dlmodel'), 'utf8').replace(/optimizer:[^\n#]*/, 'optimizer: sgd(lr: 1e30)');
  const lines = trainPy(diverging, ['--epochs', '20'], 1);
  const last = lines.at(-1)!;
  assert.equal(last.type, 'error');
  assert.equal(last['code'], 'DL605');
});
