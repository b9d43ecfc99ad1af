// `trainable: false`: the frozen layer's parameters never change in dlmodel's run (momentum and
// weight decay included), count as non-trainable, and the exported train.py freezes them the
// same way (requires_grad_(False), left out of the optimizer): the same losses and saved weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { decodeSafetensors } from '../../core/export/safetensors';
import { weightEntries } from '../../core/export/weights';
import { eventsOf, planText, startRun } from '../helpers/training';
import { exportPlan, maxScaledDifference, relative, runPythonChecks, torchMissing } from './helpers';

const text = `model M {
  input [2]
  dense(16, activation: relu, trainable: false)
  batchnorm(trainable: false)
  dense(16, activation: tanh)
  prelu(trainable: false)
  dense(3)
}
train {
  data: spirals(points: 60, classes: 3)
  loss: cross_entropy
  optimizer: sgd(lr: 0.1, momentum: 0.9, weight_decay: 0.01)
  batch: 16
  epochs: 3
}
`;
const frozen = ['dense_1.weight', 'dense_1.bias', 'batchnorm_1.weight', 'batchnorm_1.bias', 'prelu_1.weight'];

test('a frozen layer counts as non-trainable', () => {
  const model = checkDocument(text).models[0]!;
  // dense_1 2·16 + 16 = 48, batchnorm 2·16 (+ 2·16 buffers), prelu 1: frozen; dense_2 272 and dense_3 51 train.
  assert.equal(model.trainableParams, 272n + 51n);
  assert.equal(model.nonTrainableParams, 48n + 32n + 32n + 1n);
});

test('a frozen layer keeps its weights bit-identical while the others train', () => {
  const run = startRun(planText(text));
  const before = new Map(weightEntries(run.network).map((entry) => [entry.name, Float32Array.from(entry.read())]));
  const events = [...run.events()];
  assert.equal(eventsOf(events, 'done').length, 1);
  for (const entry of weightEntries(run.network)) {
    const changed = entry.read().some((value, i) => value !== before.get(entry.name)![i]);
    const expectChange = !frozen.includes(entry.name);
    assert.equal(changed, expectChange, `${entry.name} ${expectChange ? 'should train' : 'should stay frozen'}`);
  }
  // The gradient panels list only layers that train.
  assert.deepEqual(eventsOf(events, 'start')[0]!.layers, ['dense_2', 'dense_3']);
});

test('train.py freezes the same parameters and reproduces the run', { skip: torchMissing() }, (context) => {
  const plan = planText(text);
  const folder = exportPlan(plan, text, 'frozen.dlmodel', 'frozen');
  const saved = join(folder, 'trained.safetensors');
  const python = runPythonChecks(folder, { runs: { run: ['--save', saved] } }).runs['run']!;
  assert.equal(python.status, 0, 'train.py exit status');
  const run = startRun(plan);
  const initial = new Map(weightEntries(run.network).map((entry) => [entry.name, Float32Array.from(entry.read())]));
  const ourEpochs = eventsOf([...run.events()], 'epoch');
  const theirEpochs = python.events.filter((e) => e['type'] === 'epoch');
  assert.equal(theirEpochs.length, ourEpochs.length);
  ourEpochs.forEach((epoch, i) => assert.ok(relative(theirEpochs[i]!['loss'] as number, epoch.loss) <= 1e-4, `epoch ${i + 1}: ${String(theirEpochs[i]!['loss'])} vs ${epoch.loss}`));
  const decoded = decodeSafetensors(new Uint8Array(readFileSync(saved)));
  assert.ok(decoded.ok);
  let worst = 0;
  for (const entry of weightEntries(run.network)) {
    const theirs = decoded.file.tensors.get(entry.name)!.data as Float32Array;
    if (frozen.includes(entry.name)) assert.deepEqual(theirs, initial.get(entry.name), `${entry.name}: PyTorch changed a frozen tensor`);
    worst = Math.max(worst, maxScaledDifference(entry.read(), theirs));
  }
  context.diagnostic(`saved weights differ by ${worst.toExponential(2)} of their scale`);
  assert.ok(worst <= 1e-3, `saved weights differ by ${worst}`);
});
