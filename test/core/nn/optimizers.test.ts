// Ten steps of every optimizer, and every schedule, against torch.optim (test/fixtures/torch,
// made by scripts/reference/torch_fixtures.py). The optimizer is built from the same .dlmodel
// call the fixture names, so the catalog's defaults are checked along with the update rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { optimizers } from '../../../core/analysis/catalog';
import { parse, type Call } from '../../../core/syntax';
import { createOptimizer, type TrainableParameter } from '../../../core/nn/optimizers';
import { learningRateAt, type EpochSchedule } from '../../../core/nn/schedule';
import { optimizerSettingOf, scheduleSettingOf } from '../../../core/nn/settings';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
interface Fixture {
  params: Record<string, Stored>;
  grads: Array<Record<string, Stored>>;
  runs: Array<{ name: string; dlmodel: string; steps: Array<Record<string, Stored>>; lr_per_step?: number[] }>;
  schedules: Array<{ name: string; dlmodel: string; lr: number; epochs: number; lr_per_epoch: number[] }>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/optimizers.json'), 'utf8')) as Fixture;

/** The call in `train { key: <source> }`, parsed by the real parser. */
function callOf(key: string, source: string): Call {
  const file = parse(`train {\n  ${key}: ${source}\n}\n`).file;
  const train = file.items[0];
  assert.ok(train?.kind === 'Train');
  const entry = train.body?.items[0];
  assert.ok(entry?.kind === 'TrainEntry' && entry.value?.kind === 'Call', source);
  return entry.value;
}

/** Per-tensor closeness: |a − b| ≤ tolerance · max|reference| (elementwise relative error is meaningless near 0). */
function assertClose(actual: Float32Array, expected: number[], tolerance: number, what: string): void {
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / scale;
    assert.ok(error <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (relative to the tensor ${error.toExponential(2)})`);
  }
}

for (const run of fixture.runs) {
  test(`${run.name}: ten steps of ${run.dlmodel} match torch.optim within 1e-6`, () => {
    const [optimizerSource, scheduleSource] = run.dlmodel.split(' with ');
    const parameters: Record<string, TrainableParameter> = {};
    for (const [name, stored] of Object.entries(fixture.params)) parameters[name] = { data: Float32Array.from(stored.data), grad: new Float32Array(stored.data.length) };
    const optimizer = createOptimizer(optimizerSettingOf(callOf('optimizer', optimizerSource!)), [parameters['W']!, parameters['b']!]);
    const schedule = scheduleSource ? scheduleSettingOf(callOf('schedule', scheduleSource.replace(/, epochs \d+$/, ''))) : undefined;
    const baseLr = optimizer.lr;
    run.steps.forEach((expected, step) => {
      if (schedule) {
        optimizer.lr = learningRateAt(schedule as EpochSchedule, baseLr, step, 10);
        assert.ok(Math.abs(optimizer.lr - run.lr_per_step![step]!) <= 1e-12 * baseLr, `lr of step ${step}`);
      }
      for (const [name, parameter] of Object.entries(parameters)) parameter.grad.set(fixture.grads[step]![name]!.data);
      optimizer.step();
      for (const [name, parameter] of Object.entries(parameters)) assertClose(parameter.data, expected[name]!.data, 1e-6, `${run.name} step ${step + 1} ${name}`);
    });
  });
}

for (const schedule of fixture.schedules) {
  test(`schedule ${schedule.dlmodel} over ${schedule.epochs} epochs matches PyTorch's scheduler`, () => {
    const setting = scheduleSettingOf(callOf('schedule', schedule.dlmodel));
    schedule.lr_per_epoch.forEach((expected, epoch) => {
      assert.ok(Math.abs(learningRateAt(setting as EpochSchedule, schedule.lr, epoch, schedule.epochs) - expected) <= 1e-12 * schedule.lr, `epoch ${epoch}`);
    });
  });
}

test('the fixture covers every optimizer of the catalog', () => {
  const names = new Set(fixture.runs.map((r) => r.dlmodel.split('(')[0]));
  for (const { name } of optimizers) assert.ok(names.has(name), name);
});
