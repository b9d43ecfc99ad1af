// StartRun.eventsOnly (a sweep's runs): the worker keeps no panel recorders — no latent space, no
// optimizer path — and the run's events are the same as with them, number for number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { TrainEvent } from '../../core/train';
import { TrainingRunHandle } from '../../node/training-client';
import { fromRoot, repoRoot } from '../helpers/paths';

const hangGuard = { timeout: 120_000 };

async function trainIn(text: string, eventsOnly: boolean): Promise<{ events: TrainEvent[]; latentMessages: number; landscape: string | undefined }> {
  const events: TrainEvent[] = [];
  let latentMessages = 0;
  const handle = new TrainingRunHandle(fromRoot('dist/worker.js'), { text, workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs: 3, ...(eventsOnly ? { eventsOnly } : {}) }, {
    onEvents: (batch) => events.push(...batch),
    onLatent: () => latentMessages++,
    onEnded: () => undefined,
  });
  assert.equal(await handle.done, 'completed');
  const landscape = await handle.landscape('random', 5, false);
  handle.dispose();
  return { events, latentMessages, landscape: landscape.landscape === null ? landscape.message : undefined };
}

test('a run with eventsOnly sends no latent space and the same events as a run with every recorder', hangGuard, async () => {
  const text = readFileSync(fromRoot('examples', 'digits-mlp.dlmodel'), 'utf8');
  const recorded = await trainIn(text, false);
  const eventsOnly = await trainIn(text, true);
  assert.ok(recorded.latentMessages > 0, 'a run with its recorders sends the latent space');
  assert.equal(eventsOnly.latentMessages, 0);
  assert.equal(recorded.landscape, undefined, 'a recorded run maps its landscape');
  assert.match(eventsOnly.landscape ?? '', /recorded only its events/);
  assert.equal(eventsOnly.events.filter((e) => e.type === 'epoch').length, 3);
  assert.deepEqual(eventsOnly.events, recorded.events);
});
