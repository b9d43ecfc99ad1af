// Changing a run while it trains: a change asked for between events takes effect before the next
// step, is reported there as a `control` event, and scales the schedule from then on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainEvent, TrainingRun } from '../../../core/train';
import { eventsOf, planFile, startRun } from '../../helpers/training';

/** Pulls every event, asking for `lr` once the run has taken `atStep` steps. */
function runWithLrChange(run: TrainingRun, atStep: number, lr: number): TrainEvent[] {
  const events: TrainEvent[] = [];
  let asked = false;
  for (const event of run.events()) {
    events.push(event);
    if (!asked && run.steps === atStep) {
      asked = true;
      assert.equal(run.control({ action: 'set-lr', lr }), undefined);
    }
  }
  return events;
}

test('set-lr takes effect at the next step, is reported there, and changes what follows', () => {
  const plan = planFile('examples/xor.dlmodel', { epochs: 3 });
  const plain = [...startRun(plan).events()];
  const changed = runWithLrChange(startRun(plan), 25, 0.2);
  const controls = eventsOf(changed, 'control');
  assert.deepEqual(controls, [{ type: 'control', action: 'set-lr', step: 25, epoch: 2, lr: 0.2 }]);
  const index = changed.indexOf(controls[0]!);
  const nextStep = changed[index + 1];
  assert.ok(nextStep?.type === 'step' && nextStep.step === 26 && nextStep.lr === 0.2, 'the change applies to step 26');
  const steps = eventsOf(changed, 'step');
  assert.deepEqual(steps.slice(0, 25).map((s) => s.loss), eventsOf(plain, 'step').slice(0, 25).map((s) => s.loss));
  assert.notEqual(steps[26]!.loss, eventsOf(plain, 'step')[26]!.loss);
  assert.ok(steps.slice(25).every((s) => s.lr === 0.2));
  assert.equal(eventsOf(changed, 'epoch')[2]!.lr, 0.2);
});

test('set-lr keeps the schedule\'s shape: later rates are the schedule\'s times the same factor', () => {
  const plan = planFile('examples/digits-mlp.dlmodel', { epochs: 2 });
  const plain = eventsOf([...startRun(plan).events()], 'step');
  const run = startRun(plan);
  const events: TrainEvent[] = [];
  for (const event of run.events()) {
    events.push(event);
    if (run.steps === 3 && eventsOf(events, 'control').length === 0 && run.control({ action: 'set-lr', lr: plain[3]!.lr * 2 }) === undefined) continue;
  }
  const steps = eventsOf(events, 'step');
  for (let i = 3; i < steps.length; i++) assert.equal(steps[i]!.lr, plain[i]!.lr * ((plain[3]!.lr * 2) / plain[3]!.lr));
});

test('a learning rate that is not a positive number is refused', () => {
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 1 }));
  for (const lr of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.match(run.control({ action: 'set-lr', lr })!, /must be a positive number/);
  assert.equal(eventsOf([...run.events()], 'control').length, 0);
});

test('pause, resume and checkpoint are recorded at the step boundary and change no number', () => {
  const plan = planFile('examples/xor.dlmodel', { epochs: 2 });
  const plain = eventsOf([...startRun(plan).events()], 'epoch');
  const run = startRun(plan);
  const events: TrainEvent[] = [];
  for (const event of run.events()) {
    events.push(event);
    if (run.steps === 7 && eventsOf(events, 'control').length === 0 && event.type === 'step') {
      run.control({ action: 'pause' });
      run.control({ action: 'resume' });
    }
  }
  assert.deepEqual(eventsOf(events, 'control').map((c) => [c.action, c.step]), [['pause', 7], ['resume', 7]]);
  assert.deepEqual(eventsOf(events, 'epoch'), plain);
});
