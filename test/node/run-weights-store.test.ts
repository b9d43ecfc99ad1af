// Runs restored after a reload can be mapped: the last few finished runs' final weights are kept
// beside the run history (node/run-weights-store.ts, in a real directory), and a worker rebuilt
// from them (TrainingRunHandle with restoreWeights, a real worker_threads Worker) computes the
// same loss surface as the run's own worker did before the "reload".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrainingRunHandle } from '../../node/training-client';
import { RunWeightsStore, type RunSourceText } from '../../node/run-weights-store';
import { fromRoot, repoRoot } from '../helpers/paths';

const text = readFileSync(fromRoot('examples', 'spirals.dlmodel'), 'utf8');
const source = (label: string): RunSourceText => ({ text, trainName: null, documentFolder: 'examples', workspaceRoot: repoRoot, label });

function withFolder(use: (folder: string) => Promise<void> | void): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-weights-'));
  return Promise.resolve(use(folder)).finally(() => rmSync(folder, { recursive: true, force: true }));
}

test('the store keeps the newest 3 runs\' weights and sources, replaces a run saved again, and stays in its folder', () =>
  withFolder((folder) => {
    const store = new RunWeightsStore(folder);
    for (let k = 1; k <= 4; k++) assert.equal(store.save(`run-${k}`, Uint8Array.of(k, k, k), source(`run ${k}`)), true);
    const reopened = new RunWeightsStore(folder);
    assert.equal(reopened.load('run-1'), undefined, 'the oldest beyond 3 is dropped');
    for (let k = 2; k <= 4; k++) assert.deepEqual(reopened.load(`run-${k}`), { weights: Uint8Array.of(k, k, k), source: source(`run ${k}`) });
    // Saved again: one copy, now the newest (run-3 is then the oldest and goes when a fifth comes).
    store.save('run-2', Uint8Array.of(9), source('run 2 again'));
    store.save('run-5', Uint8Array.of(5), source('run 5'));
    assert.equal(reopened.load('run-3'), undefined);
    assert.deepEqual(reopened.load('run-2')?.weights, Uint8Array.of(9));
    assert.equal(readdirSync(folder).length, 6, readdirSync(folder).join(', '));
    // An id with path characters names a file inside the folder.
    store.save('../../escape/x', Uint8Array.of(1), source('odd'));
    assert.ok(readdirSync(folder).some((name) => name.includes('~2e~2e~2f')));
    assert.deepEqual(store.load('../../escape/x')?.weights, Uint8Array.of(1));
  }));

test('a run whose source file is corrupt or missing (a save cut short) is not loaded', () =>
  withFolder((folder) => {
    const store = new RunWeightsStore(folder);
    store.save('a', Uint8Array.of(1), source('a'));
    store.save('b', Uint8Array.of(2), source('b'));
    const sourceOf = (id: string) => join(folder, readdirSync(folder).find((n) => n.endsWith(`-${id}.source.json`))!);
    writeFileSync(sourceOf('a'), '{"runId": "a", "text": 3}');
    assert.equal(store.load('a'), undefined);
    rmSync(sourceOf('b'));
    assert.equal(store.load('b'), undefined);
    // A record of another run under this name is refused too.
    store.save('c', Uint8Array.of(3), source('c'));
    writeFileSync(sourceOf('c'), JSON.stringify({ runId: 'd', ...source('c') }));
    assert.equal(store.load('c'), undefined);
  }));

test('after a "reload", a run restored from its stored weights has the same loss surface as before', { timeout: 240_000 }, () =>
  withFolder(async (folder) => {
    const request = { text, workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs: 20 };
    const original = new TrainingRunHandle(fromRoot('dist/worker.js'), request, { onEvents: () => undefined, onEnded: () => undefined });
    let before;
    try {
      assert.equal(await original.done, 'completed');
      before = await original.landscape('random', 11, false);
      assert.ok(before.landscape, before.message);
      new RunWeightsStore(folder).save(original.runId, original.weights!, { ...source('spirals'), text });
    } finally {
      original.dispose();
    }
    // The reload: a new store on the same folder, a new worker rebuilt from what it kept.
    const stored = new RunWeightsStore(folder).load(original.runId);
    assert.ok(stored);
    let failure: string | undefined;
    const restored = new TrainingRunHandle(fromRoot('dist/worker.js'), { ...request, text: stored.source.text, restoreWeights: stored.weights }, { onEvents: () => undefined, onEnded: (_o, message) => (failure = message) }, original.runId);
    try {
      assert.equal(await restored.done, 'completed', failure);
      const after = await restored.landscape('random', 11, true);
      assert.ok(after.landscape, after.message);
      assert.deepEqual(after.landscape.loss, before.landscape.loss);
      assert.deepEqual(after.landscape.interpolation, before.landscape.interpolation);
      // Its path is its start and its end; the race needs a training it does not have.
      assert.deepEqual(after.landscape.paths.map((p) => p.epochs), [[0]]);
      assert.match(after.message ?? '', /restored after a reload/);
      assert.match(after.message ?? '', /race was skipped/);
    } finally {
      restored.dispose();
    }
    // Weights that do not fit the model are refused with the reason.
    const wrong = new TrainingRunHandle(fromRoot('dist/worker.js'), { ...request, text: readFileSync(fromRoot('examples', 'xor.dlmodel'), 'utf8'), restoreWeights: stored.weights }, { onEvents: () => undefined, onEnded: (_o, message) => (failure = message) }, 'wrong');
    assert.equal(await wrong.done, 'failed');
    assert.match(failure ?? '', /do not fit the model/);
    wrong.dispose();
  }));
