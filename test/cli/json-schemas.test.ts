// The CLI's JSON outputs against their schemas in docs/schemas/ (linked from docs/language.md §9):
// every line of real runs — classification, regression, batch norm, health findings, a diverging
// run, a file that cannot train — and `check --json` on every example and diagnostic fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../helpers/paths';
import { loadSchema, schemaErrors } from '../helpers/json-schema';

const cli = fromRoot('dist/cli.js');
const trainSchema = loadSchema('train-events');
const checkSchema = loadSchema('check-report');

type JsonLine = { type: string; [key: string]: unknown };

function dlmodel(args: string[], cwd = fromRoot('.')): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `dlmodel train --json`, validates every line, and returns them. */
function trainLines(args: string[], expectedStatus: number, cwd?: string): JsonLine[] {
  const result = dlmodel(['train', '--json', ...args], cwd);
  assert.equal(result.status, expectedStatus, result.stderr);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  for (const [i, line] of lines.entries()) assert.equal(schemaErrors(trainSchema, line), '', `${args.join(' ')}: line ${i + 1} (${line.type})`);
  return lines;
}

const typesOf = (lines: readonly JsonLine[]): string[] => lines.map((l) => l.type);

// Section 9 of the spec: the fields each line must carry (more may follow).
const specRequired: Record<string, readonly string[]> = {
  start: ['model', 'trainableParams', 'nonTrainableParams', 'trainSamples', 'validationSamples', 'stepsPerEpoch', 'initialLoss'],
  epoch: ['epoch', 'step', 'loss', 'valLoss', 'accuracy', 'valAccuracy', 'lr', 'elapsedMs'],
  health: ['code', 'severity', 'layer', 'line', 'column', 'message'],
  done: ['epochs', 'steps', 'loss', 'valLoss', 'accuracy', 'valAccuracy', 'elapsedMs', 'stepsPerSecond'],
  error: ['message'],
};

test('the train schema requires every field section 9 of the spec requires', () => {
  const lines: Record<string, JsonLine> = {};
  for (const line of trainLines(['test/fixtures/health/dead-relu.dlmodel'], 0)) lines[line.type] ??= line;
  lines.error = { type: 'error', message: 'x' };
  for (const [type, fields] of Object.entries(specRequired)) {
    const line = lines[type];
    assert.ok(line, `a real run printed a ${type} line`);
    for (const field of fields) {
      assert.ok(field in line, `${type} carries ${field}`);
      const { [field]: _dropped, ...without } = line;
      assert.notEqual(schemaErrors(trainSchema, without), '', `the schema requires ${type}.${field}`);
    }
  }
});

test('a policy run prints a start with its environment, one episode line per episode and a done with its returns, all in the schema', () => {
  const lines = trainLines(['examples/gridworld.dlmodel', '--episodes', '16'], 0);
  assert.deepEqual(typesOf(lines), ['start', ...Array.from({ length: 16 }, () => 'episode'), 'done']);
  const start = lines[0]!;
  assert.deepEqual(start.policy, { env: 'gridworld', observationShape: [25], actions: 4, episodes: 16, solvedReturn: null });
  assert.deepEqual(lines.slice(1, -1).map((l) => l.episode), Array.from({ length: 16 }, (_, i) => i + 1));
  const done = lines.at(-1)!;
  assert.equal(done.episodes, 16);
  assert.equal(typeof done.meanReturn, 'number');
  assert.ok(!('solvedAt' in done), 'the gridworld has no solved threshold');
  const { return: _dropped, ...without } = lines[1]!;
  assert.notEqual(schemaErrors(trainSchema, without), '', 'the schema requires episode.return');
});

test('the train schema refuses an unknown field, so it lists everything the command prints', () => {
  const [start] = trainLines(['examples/xor.dlmodel', '--epochs', '1'], 0);
  assert.match(schemaErrors(trainSchema, { ...start, extra: 1 }), /must NOT have (additional|unevaluated) properties/);
  assert.match(schemaErrors(trainSchema, { type: 'progress' }), /must be equal to one of the allowed values/);
});

test('a classification run: start, an epoch per epoch, done — all valid', () => {
  const lines = trainLines(['examples/spirals.dlmodel', '--epochs', '3'], 0);
  assert.deepEqual(typesOf(lines), ['start', 'epoch', 'epoch', 'epoch', 'done']);
  assert.deepEqual(lines.slice(1, 4).map((l) => l.step), [15, 30, 45]);
  const done = lines.at(-1)!;
  assert.equal(done.steps, 45);
  assert.ok(typeof done.accuracy === 'number');
});

test('a regression run has null accuracies, valid all the same', () => {
  const lines = trainLines(['examples/plane.dlmodel', '--epochs', '2'], 0);
  assert.equal(lines[1]!.accuracy, null);
  assert.equal(lines.at(-1)!.valAccuracy, null);
});

test('a batch-norm model reports its non-trainable parameters', () => {
  const [start] = trainLines(['examples/digits-cnn.dlmodel', '--epochs', '1'], 0);
  assert.equal(start!.nonTrainableParams, 96); // 2·16 + 2·32 running means and variances
  assert.equal(start!.trainableParams, 38_330);
});

test('health findings print one line each when they appear, with 1-based positions and the layer; done has the final set', () => {
  const lines = trainLines(['test/fixtures/health/dead-relu.dlmodel'], 0);
  const health = lines.filter((l) => l.type === 'health');
  assert.ok(health.length > 0);
  const dead = health.find((l) => l.code === 'DL603');
  assert.ok(dead, 'a dead-ReLU finding');
  assert.deepEqual([dead.severity, dead.layer, dead.line, dead.column], ['warning', 'dense_2', 5, 3]);
  // A finding that persists is printed once, not once per epoch: never in two consecutive epochs.
  const seen = new Set(health.map((l) => `${l.code} ${l.layer} ${l.line} ${l.epoch}`));
  for (const l of health) assert.ok(!seen.has(`${l.code} ${l.layer} ${l.line} ${Number(l.epoch) - 1}`), `${l.code} on ${l.layer} printed again in epoch ${l.epoch}`);
  assert.ok((lines.at(-1)!.findings as unknown[]).length > 0);
});

test('a diverging run ends with an error line carrying DL605, and exits 1', () => {
  const lines = trainLines(['test/fixtures/health/diverging.dlmodel'], 1);
  assert.deepEqual(typesOf(lines), ['start', 'error']);
  assert.equal(lines[1]!.code, 'DL605');
});

test('a file that cannot train prints one valid error line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-schema-'));
  writeFileSync(join(folder, 'broken.dlmodel'), 'model M {\n  input [2]\n  dens(2)\n}\ntrain {\n  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\n');
  const lines = trainLines(['broken.dlmodel'], 1, folder);
  assert.deepEqual(typesOf(lines), ['error']);
});

test('check --json is valid for every example and every diagnostic fixture (with and without related locations)', () => {
  const examples = readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.dlmodel')).map((f) => `examples/${f}`);
  const fixtures = readdirSync(fromRoot('test/fixtures/diagnostics')).filter((f) => f.endsWith('.dlmodel'));
  const clean = JSON.parse(dlmodel(['check', '--json', ...examples]).stdout) as unknown;
  assert.equal(schemaErrors(checkSchema, clean), '');
  const result = dlmodel(['check', '--json', ...fixtures], fromRoot('test/fixtures/diagnostics'));
  const report = JSON.parse(result.stdout) as { files: { diagnostics: { related?: unknown }[] }[] };
  assert.equal(schemaErrors(checkSchema, report), '');
  const diagnostics = report.files.flatMap((f) => f.diagnostics);
  assert.ok(diagnostics.length >= fixtures.length / 2, `${diagnostics.length} diagnostics`);
  assert.ok(diagnostics.some((d) => d.related !== undefined), 'some diagnostic has related locations');
  // Past 2^53 − 1 a count is a string of digits, which the schema allows (and only then).
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-schema-'));
  writeFileSync(join(folder, 'huge.dlmodel'), 'model Huge {\n  input [2]\n  dense(3002399751580331)\n}\n');
  const huge = JSON.parse(dlmodel(['check', '--json', 'huge.dlmodel'], folder).stdout) as { files: { models: { totalParams: unknown }[] }[] };
  assert.equal(huge.files[0]!.models[0]!.totalParams, '9007199254740993');
  assert.equal(schemaErrors(checkSchema, huge), '');
  assert.notEqual(schemaErrors(checkSchema, { files: [{ path: 'x', models: [{ ...huge.files[0]!.models[0]!, totalParams: '12' }], diagnostics: [] }] }), '');
  assert.match(schemaErrors(checkSchema, { files: [{ path: 'x', models: [], diagnostics: [{ code: 'DL999', severity: 'fatal', line: 0, column: 1, endLine: 1, endColumn: 1, message: '' }] }] }), /pattern|allowed values|>= 1/);
});
