// The run history's storage on real files in a temporary folder: records round-trip, the newest
// `keep` survive, a broken file is skipped (never thrown on), and a run id cannot leave the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunHistoryStore } from '../../node/run-history';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { planFile, startRun } from '../helpers/training';

/** A real record: two epochs of xor with a learning-rate change, as the panel builds it. */
function realRecord(runId: string): RunRecord {
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 2 }));
  const builder = new RunRecordBuilder(runId, `Xor · ${runId}`, null, '2026-12-06T20:00:00.000Z');
  for (const event of run.events()) {
    builder.add(event);
    if (run.steps === 5 && event.type === 'step') run.control({ action: 'set-lr', lr: 0.01 });
  }
  return builder.record();
}

test('a saved record loads back equal, controls included', () => {
  const folder = join(mkdtempSync(join(tmpdir(), 'dlmodel-history-')), 'runs');
  const record = realRecord('run-1');
  assert.equal(record.controls?.length, 1);
  new RunHistoryStore(folder).save(record);
  const loaded = new RunHistoryStore(folder).load();
  assert.equal(loaded.skipped, 0);
  assert.deepEqual(loaded.records, [record]);
});

test('only the newest `keep` records are kept, oldest first; saving a run again replaces it', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-history-'));
  const template = realRecord('x');
  const store = new RunHistoryStore(folder, 3);
  for (let i = 1; i <= 5; i++) store.save({ ...template, runId: `run-${i}` });
  assert.deepEqual(store.load().records.map((r) => r.runId), ['run-3', 'run-4', 'run-5']);
  store.save({ ...template, runId: 'run-3', label: 'again' });
  assert.deepEqual(store.load().records.map((r) => [r.runId, r.label]), [['run-4', template.label], ['run-5', template.label], ['run-3', 'again']]);
  assert.equal(readdirSync(folder).length, 3);
  // A smaller setting applies at load too.
  assert.deepEqual(new RunHistoryStore(folder, 1).load().records.map((r) => r.runId), ['run-3']);
});

test('a file that is not a valid record is skipped and counted; a missing folder is empty', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-history-'));
  const store = new RunHistoryStore(folder);
  store.save(realRecord('good'));
  writeFileSync(join(folder, '0000000002-broken.run.json'), '{"version": 2, "runId": ');
  writeFileSync(join(folder, '0000000003-wrong.run.json'), JSON.stringify({ ...realRecord('w'), epochs: 'many' }));
  writeFileSync(join(folder, 'notes.txt'), 'not a record');
  const loaded = store.load();
  assert.deepEqual(loaded.records.map((r) => r.runId), ['good']);
  assert.equal(loaded.skipped, 2);
  assert.deepEqual(new RunHistoryStore(join(folder, 'absent')).load(), { records: [], skipped: 0 });
});

test('a run id with path characters stays a file name inside the folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-history-'));
  const store = new RunHistoryStore(folder);
  store.save({ ...realRecord('x'), runId: '../../escape/..\\x' });
  const names = readdirSync(folder);
  assert.equal(names.length, 1);
  assert.match(names[0]!, /^0000000001-[A-Za-z0-9_~-]+\.run\.json$/);
  assert.equal(store.load().records[0]!.runId, '../../escape/..\\x');
});

test("a sweep's runs do not count against keep: they stay with their sweep, the newest sweepsKept sweeps", () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-history-'));
  const template = realRecord('x');
  const store = new RunHistoryStore(folder, 3, 2);
  for (let i = 1; i <= 3; i++) store.save({ ...template, runId: `own-${i}` });
  const sweepRuns = (sweep: string, count: number): void => {
    for (let row = 0; row < count; row++) store.save({ ...template, runId: `${sweep}-row-${row}`, sweep: { sweepId: sweep, index: row } });
  };
  sweepRuns('sweep-a', 8);
  const ids = (): string[] => store.load().records.map((r) => r.runId);
  assert.deepEqual(ids().filter((id) => id.startsWith('own-')), ['own-1', 'own-2', 'own-3'], 'an 8-run sweep evicts none of the 3 own runs');
  assert.equal(ids().filter((id) => id.startsWith('sweep-a')).length, 8, 'and keeps all its own runs');
  sweepRuns('sweep-b', 2);
  sweepRuns('sweep-c', 2);
  assert.deepEqual(ids().filter((id) => id.startsWith('sweep-')), ['sweep-b-row-0', 'sweep-b-row-1', 'sweep-c-row-0', 'sweep-c-row-1'], 'the oldest sweep goes with all its runs');
  store.save({ ...template, runId: 'own-4' });
  assert.deepEqual(ids(), ['own-2', 'own-3', 'sweep-b-row-0', 'sweep-b-row-1', 'sweep-c-row-0', 'sweep-c-row-1', 'own-4'], 'own runs still roll over at keep');
  assert.equal(readdirSync(folder).length, 7, 'the dropped files are gone from the folder');
});
