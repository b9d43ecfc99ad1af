// A sweep in the run history, on real files in a temporary folder (the storage the extension host
// uses): each configuration's run is kept tagged with its sweep, the sweep's table is kept beside
// them, and both come back from new stores as after a reload; a sweep saved while it ran comes
// back cancelled; only the newest sweeps are kept; a broken file is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { expandSweep, sweepTrain } from '../../core/train';
import { RunHistoryStore } from '../../node/run-history';
import { SweepHistoryStore, type StoredSweep } from '../../node/sweep-history';
import { differingKeys, settingsOf } from '../../protocol/run-comparison';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import type { SweepMessage, SweepRow } from '../../protocol/sweep-messages';
import { fromRoot } from '../helpers/paths';
import { planText, startRun } from '../helpers/training';

const sweepFile = 'test/fixtures/sweep/xor-sweep.dlmodel';

/** The sweep's runs, trained for one epoch each in this process, and its table as the host sends it. */
function runSweep(sweepId: string): { records: RunRecord[]; sweep: SweepMessage } {
  const text = readFileSync(fromRoot(sweepFile), 'utf8');
  const analysis = checkDocument(text);
  const train = sweepTrain(analysis)!;
  const configurations = expandSweep(text, analysis, train);
  const records: RunRecord[] = [];
  const rows: SweepRow[] = configurations.map((configuration) => {
    const runId = `${sweepId}-run-${configuration.index}`;
    const builder = new RunRecordBuilder(runId, `sweep ${configuration.index + 1}`, { path: sweepFile, lineStarts: [0] }, '2026-12-07T01:00:00.000Z');
    builder.tagSweep({ sweepId, index: configuration.index });
    builder.addAll([...startRun(planText(configuration.text, { epochs: 1 })).events()]);
    const record = builder.record();
    records.push(record);
    const done = record.end?.type === 'done' ? record.end : undefined;
    return { index: configuration.index, runId, values: configuration.settings.map((s) => s.value), status: 'completed', loss: done?.loss ?? null, accuracy: done?.accuracy ?? null, valLoss: done?.valLoss ?? null, valAccuracy: done?.valAccuracy ?? null, epochs: done?.epochs ?? null, message: null };
  });
  return { records, sweep: { type: 'sweep', sweepId, label: sweepFile, metric: 'val_accuracy', keys: train.sweep!.axes.map((a) => a.key), rows, state: 'done' } };
}

test('a sweep\'s runs and table survive a reload: tagged runs in the history, the table beside them', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'dlmodel-sweeps-')), 'runs');
  const { records, sweep } = runSweep('sweep-a');
  const runs = new RunHistoryStore(folder);
  for (const record of records) runs.save(record);
  new SweepHistoryStore(folder).save({ sweep, source: sweepFile, trainName: null });

  // A reload: new stores over the same folder.
  const loaded = new RunHistoryStore(folder).load();
  assert.equal(loaded.skipped, 0, 'the sweep file is not taken for a run record');
  assert.deepEqual(loaded.records, records);
  assert.deepEqual(loaded.records.map((r) => r.sweep), records.map((_, index) => ({ sweepId: 'sweep-a', index })));
  assert.deepEqual(differingKeys(loaded.records.map(settingsOf)), ['lr', 'hidden.units'], 'the runs table of the restored runs shows the swept keys');
  assert.deepEqual(new SweepHistoryStore(folder).latest(), { sweep, source: sweepFile, trainName: null });
});

test('a sweep saved while running comes back cancelled, its unfinished rows stopped', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-sweeps-'));
  const { sweep } = runSweep('sweep-b');
  const rows = sweep.rows.map((row, i): SweepRow => (i < 2 ? row : { ...row, status: i === 2 ? 'running' : 'pending', loss: null, accuracy: null, valLoss: null, valAccuracy: null, epochs: null }));
  new SweepHistoryStore(folder).save({ sweep: { ...sweep, rows, state: 'running' }, source: sweepFile, trainName: null });
  const restored = new SweepHistoryStore(folder).latest()!.sweep;
  assert.equal(restored.state, 'cancelled');
  assert.deepEqual(restored.rows.map((r) => r.status), ['completed', 'completed', 'stopped', 'stopped', 'stopped', 'stopped']);
  assert.deepEqual(restored.rows.slice(0, 2), rows.slice(0, 2), 'finished rows unchanged');
});

test('saving a sweep again replaces it; only the newest `keep` sweeps are kept; a broken file is skipped', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-sweeps-'));
  const { sweep } = runSweep('template');
  const store = new SweepHistoryStore(folder, 3);
  const stored = (sweepId: string, label = sweep.label): StoredSweep => ({ sweep: { ...sweep, sweepId, label }, source: sweepFile, trainName: null });
  for (let i = 1; i <= 5; i++) store.save(stored(`s${i}`));
  assert.equal(readdirSync(folder).length, 3);
  assert.equal(store.latest()?.sweep.sweepId, 's5');
  store.save(stored('s5', 'again'));
  assert.equal(readdirSync(folder).length, 3, 'an update is the same sweep, not a new one');
  assert.equal(store.latest()?.sweep.label, 'again');
  // The newest file broken: the one before it is the latest that reads.
  const newest = readdirSync(folder).sort().at(-1)!;
  writeFileSync(join(folder, newest), '{"sweep": "not one"');
  assert.equal(store.latest()?.sweep.sweepId, 's4');
  // A hostile id never names a file outside the folder.
  store.save(stored('../../escape'));
  assert.ok(readdirSync(folder).some((name) => name.includes('~2e~2e~2f')));
});
