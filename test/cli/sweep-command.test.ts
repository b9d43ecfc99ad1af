// `dlmodel sweep` as the real binary (dist/cli.js with dist/worker.js): its JSON lines against
// docs/schemas/sweep-events.schema.json, the same table whatever the worker count, and Ctrl-C.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fromRoot } from '../helpers/paths';
import { loadSchema, schemaErrors } from '../helpers/json-schema';

const cli = fromRoot('dist/cli.js');
const schema = loadSchema('sweep-events');
type JsonLine = { type: string; [key: string]: unknown };

function sweepLines(args: string[], expectedStatus: number): JsonLine[] {
  const result = spawnSync(process.execPath, [cli, 'sweep', '--json', ...args], { cwd: fromRoot('.'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, expectedStatus, result.stderr);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  for (const [i, line] of lines.entries()) assert.equal(schemaErrors(schema, line), '', `${args.join(' ')}: line ${i + 1} (${line.type})`);
  return lines;
}

/** The run lines in the sweep's order, without the wall time (the only field allowed to differ). */
function results(lines: readonly JsonLine[]): unknown[] {
  return lines
    .filter((l) => l.type === 'run')
    .map(({ seconds: _seconds, ...rest }) => rest)
    .sort((a, b) => (a.run as number) - (b.run as number));
}

test('a sweep gives the same runs and ranking on 1 and 2 workers, every line valid', () => {
  const one = sweepLines(['test/fixtures/sweep/xor-sweep.dlmodel', '--workers', '1'], 0);
  const two = sweepLines(['test/fixtures/sweep/xor-sweep.dlmodel', '--workers', '2'], 0);
  assert.deepEqual(one.map((l) => l.type), ['sweep', 'run', 'run', 'run', 'run', 'run', 'run', 'done']);
  assert.deepEqual(one[0], { type: 'sweep', runs: 6, method: 'grid', metric: 'val_accuracy', keys: ['lr', 'hidden.units'], workers: 1, earlyStop: null });
  assert.equal(two[0]!.workers, 2);
  assert.deepEqual(results(two), results(one));
  assert.deepEqual((results(one)[2] as { configuration: unknown }).configuration, { lr: '0.003', 'hidden.units': '16' });
  const done = (lines: readonly JsonLine[]): unknown => lines[lines.length - 1]!.ranking;
  assert.deepEqual(done(two), done(one));
  assert.equal((done(one) as number[]).length, 6);
});

test('a file without a sweep prints one error line and exits 1', () => {
  const lines = sweepLines(['examples/xor.dlmodel'], 1);
  assert.deepEqual(lines.map((l) => l.type), ['error']);
  assert.match(lines[0]!.message as string, /no sweep/);
});

test('the schema refuses an unknown field, so it lists everything the command prints', () => {
  assert.notEqual(schemaErrors(schema, { type: 'done', runs: 1, completed: 1, cancelled: false, metric: 'loss', ranking: [1], seconds: 1, extra: 1 }), '');
  assert.notEqual(schemaErrors(schema, { type: 'sweep', runs: 1, method: 'grid', metric: 'loss', keys: [] }), '');
});

test('Ctrl-C stops every worker: the sweep ends with the runs it has, cancelled', async () => {
  const child = spawn(process.execPath, [cli, 'sweep', '--json', '--workers', '2', 'test/fixtures/sweep/long-sweep.dlmodel'], { cwd: fromRoot('.') });
  let stdout = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Interrupt once the sweep has started its workers (the first line is printed just before).
    if (!interrupted && stdout.includes('"type":"sweep"')) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  for (const line of lines) assert.equal(schemaErrors(schema, line), '');
  const last = lines[lines.length - 1]!;
  assert.equal(status, 1);
  assert.equal(last.type, 'done');
  assert.equal(last.cancelled, true);
  assert.ok((last.runs as number) <= 2, 'no run started after the interrupt');
  for (const run of lines.filter((l) => l.type === 'run')) assert.equal(run.outcome, 'stopped');
});

test('early_stop: halving stops the trailing runs at the rungs: the same table twice, the skipped epochs counted', { timeout: 300_000 }, () => {
  const file = 'test/fixtures/sweep/spirals-halving.dlmodel';
  const first = sweepLines([file, '--workers', '2'], 0);
  const second = sweepLines([file, '--workers', '2'], 0);
  assert.deepEqual(first[0]!.earlyStop, { kind: 'halving', gracePeriod: 2, reductionFactor: 3, rungs: [2, 6, 15] });
  assert.deepEqual(results(second), results(first), 'the same runs stopped at the same epochs with the same numbers');
  const runs = results(first) as { run: number; outcome: string; epochs: number; stoppedAt: number | null }[];
  // 6 runs to epoch 2, the best ⌈6/3⌉ = 2 to epoch 6, the best one to the end (as core's successiveHalving).
  assert.deepEqual(runs.map((r) => r.stoppedAt).sort(), [2, 2, 2, 2, 6, null]);
  for (const run of runs) assert.equal(run.outcome, run.stoppedAt === null ? 'completed' : 'stopped');
  const done = first[first.length - 1]!;
  assert.deepEqual(done.halving, { stoppedEarly: 5, epochsTrained: 4 * 2 + 6 + 15, epochsPlanned: 6 * 15 });
  assert.deepEqual(done.ranking, second[second.length - 1]!.ranking);
  // The survivor paused at two rungs and went on: its numbers equal the same run in the plain sweep.
  const plain = results(sweepLines(['test/fixtures/sweep/spirals-sweep.dlmodel', '--workers', '2'], 0)) as { run: number; stoppedAt?: unknown }[];
  const survivor = runs.find((r) => r.stoppedAt === null)!;
  const { stoppedAt: _s, ...plainSurvivor } = plain.find((r) => r.run === survivor.run)!;
  const { stoppedAt: _t, ...halvedSurvivor } = survivor;
  assert.deepEqual(halvedSurvivor, plainSurvivor);
});

test('the halving table says which runs stopped and where, and what was saved', { timeout: 300_000 }, () => {
  const result = spawnSync(process.execPath, [cli, 'sweep', '--workers', '2', 'test/fixtures/sweep/spirals-halving.dlmodel'], { cwd: fromRoot('.'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.match(lines[0]!, /halving at epochs 2, 6 of 15/);
  const header = lines.find((l) => l.startsWith('rank'))!;
  assert.match(header, /hidden1\.units +epochs +loss/);
  assert.equal(lines.filter((l) => /^— .* 2 \(stopped\)/.test(l)).length, 4);
  assert.equal(lines.filter((l) => /^— .* 6 \(stopped\)/.test(l)).length, 1);
  assert.match(lines.find((l) => /^1 /.test(l))!, / 15 /);
  assert.match(result.stdout, /done: 1 of 6 runs completed, 5 stopped early by halving: 29 of 90 epochs trained \(68% saved\)/);
});
