// The sweep pool in real worker threads (dist/worker.js): what Run Sweep in VS Code relies on.
// Cancel must leave no worker behind: asserted by each worker's own 'exit' event, never by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../core/analysis';
import { expandSweep, sweepTrain, type TrainEvent } from '../../core/train';
import { SweepPool } from '../../node/sweep-pool';
import type { TrainingRunHandle } from '../../node/training-client';
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
  for (const events of eventsByRun.values()) {
    assert.equal(events[0]!.type, 'start');
    assert.equal(events.at(-1)!.type, 'done');
    assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
  }
});
