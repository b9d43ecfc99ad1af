// Changing a run in the real worker (dist/worker.js): set-lr and Save checkpoint now, and the
// worker's record replayed in core gives the same events. Waits are for conditions, never sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ControlEvent, TrainEvent } from '../../core/train';
import { readTrainingState } from '../../core/export';
import { TrainingRunHandle } from '../../node/training-client';
import { fromRoot, repoRoot } from '../helpers/paths';
import { planFile, startRun } from '../helpers/training';

const hangGuard = { timeout: 120_000 };
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
};

test('set-lr and Save checkpoint now in the worker; its record replays to the same events', hangGuard, async () => {
  const events: TrainEvent[] = [];
  const checkpoints: { bytes: Uint8Array; epoch: number }[] = [];
  const epochs = 30;
  const handle = new TrainingRunHandle(fromRoot('dist/worker.js'), { text: readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8'), workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs }, {
    onEvents: (batch) => events.push(...batch),
    onCheckpoint: (bytes, epoch) => checkpoints.push({ bytes, epoch }),
    onEnded: () => undefined,
  });
  await until(() => events.some((e) => e.type === 'step'));
  handle.pause();
  handle.setLearningRate(0.01);
  handle.saveCheckpoint();
  handle.resume();
  assert.equal(await handle.done, 'completed');
  handle.dispose();

  const controls = events.filter((e): e is ControlEvent => e.type === 'control');
  assert.deepEqual(controls.map((c) => c.action), ['pause', 'set-lr', 'checkpoint', 'resume']);
  const at = controls[0]!.step;
  assert.ok(controls.every((c) => c.step === at));
  const after = events.filter((e) => e.type === 'step' && e.step > at);
  assert.ok(after.length > 0 && after.every((e) => e.type === 'step' && e.lr === 0.01));

  assert.equal(checkpoints.length, 1);
  const plan = planFile('examples/xor.dlmodel', { epochs });
  const read = readTrainingState(startRun(plan).network, checkpoints[0]!.bytes);
  assert.ok(read.ok && read.state);
  assert.equal(read.state.epochsDone, checkpoints[0]!.epoch);
  assert.equal(read.state.lrScale, 0.01 / 0.05);

  // Replay: the same plan, the controls handed in where the worker took them.
  const replay = startRun(plan);
  const replayed: TrainEvent[] = [];
  let next = 0;
  const feed = (): void => {
    while (next < controls.length && controls[next]!.step === replay.steps) {
      const c = controls[next++]!;
      replay.control(c.action === 'set-lr' ? { action: 'set-lr', lr: c.lr! } : { action: c.action });
    }
  };
  feed();
  for (const event of replay.events()) {
    replayed.push(event);
    feed();
  }
  assert.deepEqual(replayed, events);
});
