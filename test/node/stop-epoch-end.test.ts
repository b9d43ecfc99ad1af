// Stop in the middle of the epoch-end work (issue 17 §4), in a real worker (dist/worker.js): the
// worker answers Stop itself between two slices of a long validation pass instead of finishing the
// pass first (or being terminated by the handle's last resort). No time decides the test: Stop is
// given a hang-guard deadline, so only the worker's own answer can end the run, and what is checked
// is what the run had done when it ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainEvent } from '../../core/train';
import { TrainingRunHandle, type RunOutcome } from '../../node/training-client';
import { fromRoot, repoRoot } from '../helpers/paths';

// 180,000 validation samples through 2-256-256-3: 704 chunks of 256 rows, three layers each, about
// 12 G multiply-adds (seconds of work); an epoch's training is 20 steps of 1,000.
const text = `model Wide {
  input [2]
  dense(256, activation: relu)
  dense(256, activation: relu)
  dense(3)
}

train {
  data: spirals(classes: 3, points: 200000)
  validation: 0.9
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 1000
  epochs: 3
}
`;

/** How long Stop may wait for the worker before terminating it here: a hang guard, not a target. */
const hangGuardMs = 120_000;

test('Stop sent as the validation pass begins ends the run within that pass, answered by the worker itself', { timeout: 2 * hangGuardMs }, async (t) => {
  const events: TrainEvent[] = [];
  let stopping: Promise<RunOutcome> | undefined;
  let ended: RunOutcome | undefined;
  const handle: TrainingRunHandle = new TrainingRunHandle(
    fromRoot('dist/worker.js'),
    { text, workspaceRoot: repoRoot, documentFolder: '', memoryBudget: 2 ** 31 },
    {
      onEvents: (batch) => {
        events.push(...batch);
        const start = events.find((e): e is Extract<TrainEvent, { type: 'start' }> => e.type === 'start');
        // Sent the moment the epoch's last step arrives: the validation pass is then under way.
        if (!stopping && start && batch.some((e) => e.type === 'step' && e.step === start.stepsPerEpoch)) stopping = handle.stop(hangGuardMs);
      },
      onEnded: (outcome) => (ended = outcome),
    },
  );
  assert.equal(await handle.done, 'stopped');
  assert.equal(await stopping, 'stopped');
  assert.equal(ended, 'stopped');
  assert.equal(handle.terminatedOnStop, false, 'the handle had to terminate the worker');
  handle.dispose();
  const start = events.find((e): e is Extract<TrainEvent, { type: 'start' }> => e.type === 'start')!;
  assert.equal(start.validationSamples, 180_000);
  assert.equal(start.stepsPerEpoch, 20);
  const steps = events.filter((e) => e.type === 'step').length;
  t.diagnostic(`${steps} steps, ${events.filter((e) => e.type === 'epoch').length} epoch events before the run ended`);
  // The run ended inside epoch 1's validation pass: no epoch event (it follows the whole pass and
  // the probe), and not one step of epoch 2. A worker that finished the pass before reading Stop
  // would have sent epoch 1's event.
  assert.equal(steps, 20);
  assert.ok(!events.some((e) => e.type === 'epoch'), 'the validation pass ran to its end after Stop');
});
