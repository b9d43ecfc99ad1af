// The panel's live learning rate end to end below the UI: a set-lr sent to the real worker while the
// run trains (as the panel's field does, at whatever step the run has reached), the run's record as
// the panel keeps and saves it (RunRecordBuilder, through JSON as in the run history), and that
// record replayed in core with its control events: the same run bit for bit, marker included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TrainingRunHandle } from '../../node/training-client';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { isRunRecord } from '../../protocol/validate-run-record';
import { controlFeeder } from '../../cli/replay-record';
import { learningRateChanges } from '../../webview/tabs/live-lr-data';
import { fromRoot, repoRoot } from '../helpers/paths';
import { planFile, startRun } from '../helpers/training';

const hangGuard = { timeout: 120_000 };
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

test('a learning rate set while the worker trains is in the panel\'s record, and the record replays bit for bit', hangGuard, async () => {
  const epochs = 40;
  const live = new RunRecordBuilder('live', 'xor.dlmodel', null, null);
  let steps = 0;
  const handle = new TrainingRunHandle(fromRoot('dist/worker.js'), { text: readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8'), workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs }, {
    onEvents: (batch) => {
      live.addAll(batch);
      steps += batch.filter((e) => e.type === 'step').length;
    },
    onEnded: () => undefined,
  });
  await until(() => steps >= 3);
  handle.setLearningRate(0.2);
  assert.equal(await handle.done, 'completed');
  handle.dispose();

  const saved: unknown = JSON.parse(JSON.stringify(live.record()));
  assert.ok(isRunRecord(saved));
  const record: RunRecord = saved;
  const changes = learningRateChanges(record);
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.lr, 0.2);
  const at = changes[0]!.step;
  assert.ok(at >= 3, `the change took effect after step ${at}`);
  // Every step after the change trains with it, none before.
  record.steps.step.forEach((step, i) => assert.equal(record.steps.lr[i] === 0.2, step > at, `step ${step}`));

  const replay = startRun(planFile('examples/xor.dlmodel', { epochs }));
  const again = new RunRecordBuilder('live', 'xor.dlmodel', null, null);
  const feed = controlFeeder(replay, record.controls ?? []);
  feed();
  for (const event of replay.events()) {
    again.add(event);
    feed();
  }
  const replayed = again.record();
  assert.deepEqual(replayed.controls, record.controls);
  assert.deepEqual(replayed.steps, record.steps);
  assert.deepEqual(replayed.epochs, record.epochs);
  assert.deepEqual(replayed.end, record.end);
});
