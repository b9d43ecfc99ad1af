// What a run records of its configuration (core/train/run-settings.ts) and how runs are compared
// by it (protocol/run-comparison.ts): the runs table's differing columns and the diff of two runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { expandSweep, maxSettingValue, runSettings, sweepTrain, type RunSetting } from '../../../core/train';
import { isTrainEvent } from '../../../protocol/validate-events';
import { differingKeys, runNames, settingsDiff } from '../../../protocol/run-comparison';
import { emptyRunRecord } from '../../../protocol/run-record';
import { fromRoot } from '../../helpers/paths';
import { planFile, planText, startRun } from '../../helpers/training';

const spirals = readFileSync(fromRoot('examples/spirals.dlmodel'), 'utf8');
const settingsOfText = (text: string, epochs = 2): RunSetting[] => runSettings(planText(text, { epochs }));
const value = (settings: readonly RunSetting[], key: string): string | undefined => settings.find((s) => s.key === key)?.value;

test('a run records its optimizer with defaults, what it used, the block keys and every layer argument', () => {
  const settings = settingsOfText(spirals, 3);
  assert.equal(value(settings, 'optimizer'), 'adam');
  assert.equal(value(settings, 'lr'), '0.01');
  assert.equal(value(settings, 'optimizer.beta1'), '0.9', 'an argument the file leaves out has its default');
  assert.equal(value(settings, 'batch'), '32');
  assert.equal(value(settings, 'epochs'), '3', 'the override the run used, not the file\'s 200');
  assert.equal(value(settings, 'validation'), '0.2');
  assert.equal(value(settings, 'loss'), 'cross_entropy');
  assert.equal(value(settings, 'data'), 'spirals(classes: 3, points: 600, noise: 0.15)');
  assert.equal(value(settings, 'hidden1.units'), '16');
  assert.equal(value(settings, 'hidden2.activation'), 'tanh');
  assert.equal(value(settings, 'seed'), undefined, 'the seed is the start event\'s own field');
  assert.equal(new Set(settings.map((s) => s.key)).size, settings.length, 'each key once');
});

test('a long value is cut to the length the event guard accepts, so the start event still passes it', () => {
  const long = Array.from({ length: 300 }, (_, i) => `x * ${i}`).join(' + ');
  const text = `model M {\n  input [1]\n  dense(1)\n}\ntrain {\n  data: function("${long}", points: 50)\n  loss: mse\n  optimizer: sgd(lr: 0.01)\n  epochs: 1\n}\n`;
  const plan = planText(text);
  const data = value(runSettings(plan), 'data')!;
  assert.equal(data.length, maxSettingValue);
  assert.ok(data.endsWith('…'));
  const start = startRun(plan).events().next().value;
  assert.ok(isTrainEvent(start), 'the start event passes the guard the worker and the panel apply');
});

test('the start event carries the settings', () => {
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 1 }));
  const start = run.events().next().value;
  assert.ok(start?.type === 'start');
  assert.deepEqual(start.settings, runSettings(planFile('examples/xor.dlmodel', { epochs: 1 })));
});

test('runs that differ only in lr differ only in lr, however it is written', () => {
  const a = settingsOfText(spirals);
  const b = settingsOfText(spirals.replace('adam(lr: 0.01)', 'adam(0.003)'));
  assert.deepEqual(differingKeys([a, b]), ['lr']);
  // 0.01 written as 1e-2 and a default written out are the same settings.
  const same = settingsOfText(spirals.replace('adam(lr: 0.01)', 'adam(lr: 1e-2, beta1: 0.9)'));
  assert.deepEqual(differingKeys([a, same]), []);
});

test('differing keys over several runs: optimizer, layer width, a key one run lacks; in first-seen order', () => {
  const base = settingsOfText(spirals);
  const sgd = settingsOfText(spirals.replace('adam(lr: 0.01)', 'sgd(lr: 0.01, momentum: 0.9)'));
  const wide = settingsOfText(spirals.replace('hidden1 = dense(16', 'hidden1 = dense(32'));
  const clipped = settingsOfText(spirals.replace('seed: 42', 'seed: 42\n  clip_norm: 1'));
  assert.deepEqual(differingKeys([base, wide]), ['hidden1.units']);
  const optimizerKeys = differingKeys([base, sgd]);
  assert.equal(optimizerKeys[0], 'optimizer');
  assert.ok(optimizerKeys.includes('optimizer.momentum') && optimizerKeys.includes('optimizer.beta1'), `sgd has momentum, adam has betas: ${optimizerKeys.join(', ')}`);
  assert.ok(!optimizerKeys.includes('lr') && optimizerKeys.every((k) => k.startsWith('optimizer')), 'both at lr 0.01; nothing else differs');
  assert.deepEqual(differingKeys([base, wide, clipped]), ['hidden1.units', 'clip_norm']);
  // A record from before settings were recorded says nothing; one run alone differs in nothing.
  assert.deepEqual(differingKeys([base, [], wide]), ['hidden1.units']);
  assert.deepEqual(differingKeys([base]), []);
  assert.deepEqual(differingKeys([]), []);
});

test('a sweep\'s configurations differ exactly in the swept keys', () => {
  const text = readFileSync(fromRoot('test/fixtures/sweep/xor-sweep.dlmodel'), 'utf8');
  const analysis = checkDocument(text);
  const configurations = expandSweep(text, analysis, sweepTrain(analysis)!);
  const lists = configurations.map((c) => settingsOfText(c.text, 1));
  assert.deepEqual(differingKeys(lists), ['lr', 'hidden.units']);
  assert.deepEqual(differingKeys([lists[0]!, lists[1]!]), ['hidden.units'], 'rows 1 and 2 share lr 0.003');
});

test('the diff of two runs lists every key of either, marks the differing ones, and shows a missing one as null', () => {
  const a = settingsOfText(spirals);
  const b = settingsOfText(spirals.replace('adam(lr: 0.01)', 'adam(lr: 0.003)').replace('seed: 42', 'seed: 42\n  clip_norm: 1'));
  const rows = settingsDiff(a, b);
  assert.deepEqual(rows.filter((r) => r.differs).map((r) => [r.key, r.a, r.b]), [['lr', '0.01', '0.003'], ['clip_norm', null, '1']]);
  assert.equal(rows.length, a.length + 1);
  assert.ok(rows.filter((r) => !r.differs).every((r) => r.a === r.b && r.a !== null));
});

test('runs are named by their file and number among that file\'s runs; a sweep run by its row', () => {
  const source = (path: string) => ({ path, lineStarts: [0] });
  const names = runNames([
    emptyRunRecord('a', 'Spirals', source('examples/spirals.dlmodel')),
    emptyRunRecord('b', 'Xor', source('examples/xor.dlmodel')),
    { ...emptyRunRecord('c', 'Spirals sweep', source('examples/spirals.dlmodel')), sweep: { sweepId: 's1', index: 2 } },
    emptyRunRecord('d', 'From a record', null),
  ]);
  assert.deepEqual(names, ['spirals.dlmodel #1', 'xor.dlmodel #1', 'spirals.dlmodel #2 · sweep row 3', 'From a record #1']);
});
