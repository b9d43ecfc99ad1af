// Gradient clipping, weight decay on every optimizer, warmup, one_cycle and reduce_on_plateau
// against torch 1.13 (test/fixtures/torch/training.json, made by
// scripts/reference/training_fixtures.py). Optimizers and schedules are built from the same
// .dlmodel calls the fixture names, so the catalog's defaults are checked with the rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse, type Call } from '../../../core/syntax';
import { clipGradientNorm } from '../../../core/nn/clip';
import { LearningRateSchedule } from '../../../core/nn/lr-schedule';
import { createOptimizer, type TrainableParameter } from '../../../core/nn/optimizers';
import { optimizerSettingOf, scheduleSettingOf } from '../../../core/nn/settings';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
type Tensors = Record<string, Stored>;
interface Fixture {
  clips: Array<{ name: string; clip_norm: number; optimizer: string; params: Tensors; grads: Tensors[]; steps: Array<{ total_norm: number; clipped: Tensors; params: Tensors }> }>;
  decays: Array<{ name: string; dlmodel: string; params: Tensors; grads: Tensors[]; steps: Tensors[] }>;
  warmups: Array<{ name: string; schedule: string; lr: number; epochs: number; warmup: number; warmup_factor: number; lr_per_epoch: number[] }>;
  one_cycles: Array<{ name: string; schedule: string; epochs: number; steps_per_epoch: number; lr_per_step: number[] }>;
  plateaus: Array<{ name: string; schedule: string; lr: number; losses: Array<number | null>; lr_after_epoch: number[] }>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/training.json'), 'utf8')) as Fixture;

function callOf(key: string, source: string): Call {
  const train = parse(`train {\n  ${key}: ${source}\n}\n`).file.items[0];
  assert.ok(train?.kind === 'Train');
  const entry = train.body?.items[0];
  assert.ok(entry?.kind === 'TrainEntry' && entry.value?.kind === 'Call', source);
  return entry.value;
}

/** Per-tensor closeness: |a − b| ≤ tolerance · max|reference|. */
function assertClose(actual: Float32Array, expected: number[], tolerance: number, what: string): void {
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / scale;
    assert.ok(error <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (relative to the tensor ${error.toExponential(2)})`);
  }
}

function parametersOf(stored: Tensors): Record<string, TrainableParameter> {
  const parameters: Record<string, TrainableParameter> = {};
  for (const [name, tensor] of Object.entries(stored)) parameters[name] = { data: Float32Array.from(tensor.data), grad: new Float32Array(tensor.data.length) };
  return parameters;
}

for (const c of fixture.clips) {
  test(`${c.name}: clip_norm ${c.clip_norm} clips as clip_grad_norm_, and the steps after match`, () => {
    const parameters = parametersOf(c.params);
    const list = [parameters['W']!, parameters['b']!];
    const optimizer = createOptimizer(optimizerSettingOf(callOf('optimizer', c.optimizer)), list);
    c.steps.forEach((expected, step) => {
      for (const [name, parameter] of Object.entries(parameters)) parameter.grad.set(c.grads[step]![name]!.data);
      const total = clipGradientNorm(list, c.clip_norm);
      assert.ok(Math.abs(total - expected.total_norm) <= 1e-6 * expected.total_norm, `total norm ${total} vs ${expected.total_norm}`);
      for (const [name, parameter] of Object.entries(parameters)) assertClose(parameter.grad, expected.clipped[name]!.data, 1e-6, `step ${step + 1} clipped ${name}`);
      optimizer.step();
      for (const [name, parameter] of Object.entries(parameters)) assertClose(parameter.data, expected.params[name]!.data, 1e-6, `step ${step + 1} ${name}`);
    });
  });
}

test('the clip fixtures cover a clipped and an unclipped norm', () => {
  const clipped = fixture.clips.flatMap((c) => c.steps.map((s) => s.total_norm > c.clip_norm));
  assert.ok(clipped.includes(true) && clipped.includes(false));
});

for (const c of fixture.decays) {
  test(`${c.name}: five steps of ${c.dlmodel} match torch.optim within 1e-6`, () => {
    const parameters = parametersOf(c.params);
    const optimizer = createOptimizer(optimizerSettingOf(callOf('optimizer', c.dlmodel)), [parameters['W']!, parameters['b']!]);
    c.steps.forEach((expected, step) => {
      for (const [name, parameter] of Object.entries(parameters)) parameter.grad.set(c.grads[step]![name]!.data);
      optimizer.step();
      for (const [name, parameter] of Object.entries(parameters)) assertClose(parameter.data, expected[name]!.data, 1e-6, `${c.name} step ${step + 1} ${name}`);
    });
  });
}

test('weight decay is covered for every optimizer of the catalog', () => {
  const names = new Set(fixture.decays.map((c) => c.dlmodel.split('(')[0]));
  for (const name of ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad']) assert.ok(names.has(name), name);
});

for (const w of fixture.warmups) {
  test(`${w.name}: warmup ${w.warmup} then ${w.schedule} gives SequentialLR's learning rates`, () => {
    const schedule = new LearningRateSchedule({ schedule: scheduleSettingOf(callOf('schedule', w.schedule)), warmup: { epochs: w.warmup, startFactor: w.warmup_factor }, baseLr: w.lr, epochs: w.epochs, stepsPerEpoch: 3 });
    w.lr_per_epoch.forEach((expected, epoch) => {
      for (const batch of [0, 2]) assert.ok(Math.abs(schedule.rateAt(epoch, batch) - expected) <= 1e-12 * w.lr, `epoch ${epoch}: ${schedule.rateAt(epoch, batch)} vs ${expected}`);
    });
  });
}

for (const c of fixture.one_cycles) {
  test(`${c.name}: ${c.schedule} gives OneCycleLR's rate at every step`, () => {
    const setting = scheduleSettingOf(callOf('schedule', c.schedule));
    const schedule = new LearningRateSchedule({ schedule: setting, baseLr: 0.123, epochs: c.epochs, stepsPerEpoch: c.steps_per_epoch });
    assert.ok(schedule.perStep);
    c.lr_per_step.forEach((expected, step) => {
      const actual = schedule.rateAt(Math.floor(step / c.steps_per_epoch), step % c.steps_per_epoch);
      assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(...c.lr_per_step), `step ${step}: ${actual} vs ${expected}`);
    });
  });
}

for (const p of fixture.plateaus) {
  test(`${p.name}: ${p.schedule} decides as ReduceLROnPlateau on the same losses`, () => {
    const schedule = new LearningRateSchedule({ schedule: scheduleSettingOf(callOf('schedule', p.schedule)), baseLr: p.lr, epochs: p.losses.length, stepsPerEpoch: 1 });
    p.losses.forEach((loss, epoch) => {
      assert.equal(schedule.rateAt(epoch, 0), epoch === 0 ? p.lr : p.lr_after_epoch[epoch - 1]);
      schedule.endEpoch(loss ?? Number.NaN);
      assert.ok(Math.abs(schedule.rateAt(epoch + 1, 0) - p.lr_after_epoch[epoch]!) <= 1e-15, `after epoch ${epoch}: ${schedule.rateAt(epoch + 1, 0)} vs ${p.lr_after_epoch[epoch]}`);
    });
  });
}

test('the plateau fixtures include a reduction and a reduction skipped by eps', () => {
  assert.ok(fixture.plateaus.some((p) => p.lr_after_epoch.some((lr) => lr < p.lr)));
  assert.ok(fixture.plateaus.some((p) => p.lr < 1e-6 && p.lr_after_epoch.every((lr) => lr === p.lr)));
});
