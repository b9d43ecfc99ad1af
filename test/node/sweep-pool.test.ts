// The sweep pool in real worker threads (dist/worker.js): what Run Sweep in VS Code relies on.
// Cancel must leave no worker behind: asserted by each worker's own 'exit' event, never by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../core/analysis';
import { expandSweep, sweepTrain, type TrainEvent } from '../../core/train';
import { SweepPool } from '../../node/sweep-pool';
import { TrainingRunHandle } from '../../node/training-client';
import { fromRoot, repoRoot } from '../helpers/paths';

const hangGuard = { timeout: 120_000 };
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

function configurationsOf(path: string) {
  const text = readFileSync(fromRoot(path), 'utf8');
  const analysis = checkDocument(text);
  return expandSweep(text, analysis, sweepTrain(analysis)!);
}

test('cancel stops every running worker: each worker thread has exited when cancel resolves, no run starts after', hangGuard, async () => {
  const configurations = configurationsOf('test/fixtures/sweep/long-sweep.dlmodel');
  const started: TrainingRunHandle[] = [];
  const steps = new Map<string, number>();
  let startedAfterCancel = 0;
  let cancelling = false;
  const pool = new SweepPool({
    workerPath: fromRoot('dist/worker.js'),
    workspaceRoot: repoRoot,
    documentFolder: 'test/fixtures/sweep',
    memoryBudget: 2 ** 31,
    workers: 2,
    onStarted: (_configuration, handle) => {
      if (cancelling) startedAfterCancel++;
      started.push(handle);
    },
    onEvents: (_configuration, handle, events: readonly TrainEvent[]) => steps.set(handle.runId, (steps.get(handle.runId) ?? 0) + events.filter((e) => e.type === 'step').length),
  });
  const results = pool.run(configurations);
  // Both lanes are training (each has taken steps): cancel mid-run.
  await until(() => started.length === 2 && started.every((h) => (steps.get(h.runId) ?? 0) > 0));
  cancelling = true;
  await pool.cancel();
  assert.deepEqual(started.map((h) => h.hasExited), [true, true]);
  const finished = await results;
  assert.equal(startedAfterCancel, 0);
  assert.equal(started.length, 2, 'no third run was started');
  assert.deepEqual(finished.map((r) => r.outcome), ['stopped', 'stopped']);
  assert.ok(finished.every((r) => r.done === undefined));
});

test('every run reports its events under its own handle, in order, ending with done', hangGuard, async () => {
  const configurations = configurationsOf('test/fixtures/sweep/xor-sweep.dlmodel');
  const eventsByRun = new Map<string, TrainEvent[]>();
  const pool = new SweepPool({
    workerPath: fromRoot('dist/worker.js'),
    workspaceRoot: repoRoot,
    documentFolder: 'test/fixtures/sweep',
    memoryBudget: 2 ** 31,
    workers: 2,
    onEvents: (_configuration, handle, events) => eventsByRun.set(handle.runId, [...(eventsByRun.get(handle.runId) ?? []), ...events]),
  });
  const results = await pool.run(configurations);
  assert.equal(results.length, 6);
  assert.equal(eventsByRun.size, 6);
  assert.equal(pool.threadsStarted, 2, 'each lane kept its thread from run to run');
  for (const events of eventsByRun.values()) {
    assert.equal(events[0]!.type, 'start');
    assert.equal(events.at(-1)!.type, 'done');
    assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
  }
});

/** Every event of one run of `text` in a worker of its own (eventsOnly, as a sweep's runs are). */
async function freshRunEvents(text: string): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  const handle = new TrainingRunHandle(fromRoot('dist/worker.js'), { text, workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, eventsOnly: true }, { onEvents: (batch) => events.push(...batch), onEnded: () => undefined });
  assert.equal(await handle.done, 'completed');
  handle.dispose();
  return events;
}

test('runs that follow each other in one reused thread give every event a fresh worker gives', hangGuard, async () => {
  // Dropout draws from the run's streams; two widths change every buffer's size from run to run.
  const text = readFileSync(fromRoot('examples', 'digits-mlp.dlmodel'), 'utf8')
    .replace('dense(64, activation: relu)', 'hidden = dense(64, activation: relu)')
    .replace(/epochs: \d+/, 'epochs: 2\n  sweep: grid(lr: [0.003, 0.03], seed: [0, 1], hidden.units: [64, 24])');
  const analysis = checkDocument(text);
  const configurations = expandSweep(text, analysis, sweepTrain(analysis)!);
  assert.equal(configurations.length, 8);
  const reused = new Map<number, TrainEvent[]>();
  const pool = new SweepPool({
    workerPath: fromRoot('dist/worker.js'),
    workspaceRoot: repoRoot,
    documentFolder: 'examples',
    memoryBudget: 2 ** 31,
    workers: 1,
    onEvents: (configuration, _handle, events) => reused.set(configuration.index, [...(reused.get(configuration.index) ?? []), ...events]),
  });
  const results = await pool.run(configurations);
  assert.deepEqual(results.map((r) => r.outcome), Array(8).fill('completed'));
  assert.equal(pool.threadsStarted, 1, 'the eight runs took turns in one thread');
  for (const configuration of configurations) {
    const fresh = await freshRunEvents(configuration.text);
    assert.equal(fresh.filter((e) => e.type === 'epoch').length, 2);
    assert.deepEqual(reused.get(configuration.index), fresh, `run ${configuration.index + 1} (${JSON.stringify(configuration.settings)})`);
  }
});
