// Which weights "Export to ONNX…/PyTorch…" offers (extension/export-weights.ts, pure): the run on
// screen when it belongs to the exported file, else that file's latest finished run; never another
// file's run; none at all before any run finished (then the seed's initial weights, as before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportWeightChoices, keptFinishedRuns, rememberFinished, type FinishedRun } from '../../extension/export-weights';
import { runDisplayName, shortRunId } from '../../protocol/run-label';

const run = (runId: string, documentKey: string): FinishedRun => ({ runId, documentKey, text: '', trainName: undefined, name: runId, epoch: 10, epochs: 10, valAccuracy: 0.9, weights: new Uint8Array([1]) });
const spirals = 'file:///w/spirals.dlmodel';
const xor = 'file:///w/xor.dlmodel';

test('the run on screen is the default when it trained the exported file', () => {
  const runs = [run('a', spirals), run('b', xor), run('c', spirals)];
  assert.deepEqual(exportWeightChoices(runs, spirals, 'a').map((r) => r.runId), ['a', 'c']);
});

test('otherwise the latest finished run of that file comes first; other files are never offered', () => {
  const runs = [run('a', spirals), run('b', xor), run('c', spirals)];
  assert.deepEqual(exportWeightChoices(runs, spirals, 'b').map((r) => r.runId), ['c', 'a']);
  assert.deepEqual(exportWeightChoices(runs, spirals, null).map((r) => r.runId), ['c', 'a']);
  assert.deepEqual(exportWeightChoices(runs, xor, 'a').map((r) => r.runId), ['b']);
  assert.deepEqual(exportWeightChoices([], spirals, null), []);
});

test('the session keeps a bounded number of finished runs, dropping the oldest', () => {
  let kept: FinishedRun[] = [];
  for (let i = 0; i < keptFinishedRuns + 3; i++) kept = rememberFinished(kept, run(`r${i}`, spirals));
  assert.equal(kept.length, keptFinishedRuns);
  assert.equal(kept[0]!.runId, 'r3');
  assert.equal(exportWeightChoices(kept, spirals, null)[0]!.runId, `r${keptFinishedRuns + 2}`);
});

test('runs with one label are told apart by time, seed and a short id', () => {
  const startedAt = new Date(2024, 4, 1, 14, 3, 5).toISOString();
  assert.equal(runDisplayName({ runId: '1a2b3c4d-0000', label: 'spirals.dlmodel', startedAt, seed: 42 }), 'spirals.dlmodel · 14:03:05 · seed 42 · #1a2b3c');
  assert.equal(runDisplayName({ runId: 'x', label: 'L', startedAt: null, seed: null }), 'L · #x');
  assert.equal(shortRunId('run-bbbbbb02'), 'runbbb');
});
