// clip_norm, weight_decay on every optimizer, warmup, one_cycle, reduce_on_plateau and early
// stopping: the exported train.py (clip_grad_norm_, torch.optim, SequentialLR/LinearLR, OneCycleLR,
// ReduceLROnPlateau) reproduces dlmodel's run — losses, every step's learning rate, where the run
// stops and the weights it keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors } from '../../core/export/safetensors';
import { weightEntries } from '../../core/export/weights';
import { eventsOf, planText, startRun } from '../helpers/training';
import { exportPlan, maxScaledDifference, relative, runPythonChecks, torchMissing } from './helpers';

interface Case {
  readonly name: string;
  readonly text: string;
  /** Relative tolerance of the epoch losses (minibatch runs drift a little more than full-batch ones). */
  readonly tolerance: number;
}

const model = `model M {\n  input [2]\n  dense(32, activation: relu)\n  dense(32, activation: tanh)\n  dense(3)\n}\n`;
const cases: Case[] = [
  {
    name: 'sgd with momentum and weight decay, clip_norm, warmup then cosine',
    text: `${model}train {\n  data: spirals(points: 90, classes: 3)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.2, momentum: 0.9, weight_decay: 0.01)\n  clip_norm: 0.5\n  warmup: 2\n  warmup_factor: 0.1\n  schedule: cosine(min_lr: 0.001)\n  batch: 16\n  epochs: 6\n}\n`,
    tolerance: 1e-3,
  },
  {
    name: 'rmsprop with weight decay, clip_norm, one_cycle per step',
    text: `${model}train {\n  data: spirals(points: 90, classes: 3)\n  loss: cross_entropy\n  optimizer: rmsprop(lr: 0.01, weight_decay: 0.01)\n  clip_norm: 1.0\n  schedule: one_cycle(0.02)\n  batch: 16\n  epochs: 4\n}\n`,
    tolerance: 1e-3,
  },
  {
    name: 'adagrad with weight decay, step schedule after warmup',
    text: `${model}train {\n  data: moons(points: 80)\n  loss: cross_entropy\n  optimizer: adagrad(lr: 0.05, weight_decay: 0.001)\n  model: M\n  warmup: 1\n  schedule: step(every: 2, gamma: 0.5)\n  batch: 20\n  epochs: 5\n}\n`.replace('dense(3)', 'dense(2)'),
    tolerance: 1e-3,
  },
  {
    name: 'adam with weight decay, reduce_on_plateau and early stopping (full batch, overfits)',
    text: `model Big {\n  input [2]\n  dense(64, activation: relu)\n  dense(64, activation: relu)\n  dense(2)\n}\ntrain {\n  data: moons(points: 80, noise: 0.35)\n  validation: 0.5\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01, weight_decay: 0.0001)\n  schedule: reduce_on_plateau(factor: 0.5, patience: 2)\n  early_stopping: 6\n  min_delta: 0.0001\n  batch: full\n  epochs: 150\n}\n`,
    tolerance: 1e-4,
  },
];

for (const c of cases) {
  test(`train.py reproduces dlmodel: ${c.name}`, { skip: torchMissing() }, (context) => {
    const plan = planText(c.text);
    const folder = exportPlan(plan, c.text, 'options.dlmodel', 'options');
    const saved = join(folder, 'trained.safetensors');
    const python = runPythonChecks(folder, { runs: { run: ['--steps', '--save', saved] } }).runs['run']!;
    assert.equal(python.status, 0, 'train.py exit status');
    const run = startRun(plan);
    const events = [...run.events()];

    const ourSteps = eventsOf(events, 'step');
    const theirSteps = python.events.filter((e) => e['type'] === 'step');
    assert.equal(theirSteps.length, ourSteps.length, 'steps');
    ourSteps.forEach((step, i) => assert.ok(relative(theirSteps[i]!['lr'] as number, step.lr) <= 1e-12, `step ${i + 1} lr ${String(theirSteps[i]!['lr'])} vs ${step.lr}`));

    const ourEpochs = eventsOf(events, 'epoch');
    const theirEpochs = python.events.filter((e) => e['type'] === 'epoch');
    assert.equal(theirEpochs.length, ourEpochs.length, 'epochs run');
    let worst = 0;
    ourEpochs.forEach((epoch, i) => {
      for (const key of ['loss', 'valLoss'] as const) {
        const difference = relative(theirEpochs[i]![key] as number, epoch[key]);
        worst = Math.max(worst, difference);
        assert.ok(difference <= c.tolerance, `epoch ${i + 1} ${key}: ${String(theirEpochs[i]![key])} vs ${epoch[key]}`);
      }
      assert.ok(relative(theirEpochs[i]!['lr'] as number, epoch.lr) <= 1e-12, `epoch ${i + 1} lr`);
    });

    const ourDone = eventsOf(events, 'done')[0]!;
    const theirDone = python.events.find((e) => e['type'] === 'done')!;
    assert.equal(theirDone['epochs'], ourDone.epochs);
    assert.equal(theirDone['stoppedEarly'], ourDone.stoppedEarly);
    assert.equal(theirDone['bestEpoch'], ourDone.bestEpoch);
    assert.ok(relative(theirDone['valLoss'] as number, ourDone.valLoss) <= c.tolerance, 'done valLoss');

    // The weights each side keeps (and saves): after early stopping, the best epoch's.
    const decoded = decodeSafetensors(new Uint8Array(readFileSync(saved)));
    assert.ok(decoded.ok);
    let weights = 0;
    for (const entry of weightEntries(run.network)) {
      const theirs = decoded.file.tensors.get(entry.name);
      assert.ok(theirs, entry.name);
      weights = Math.max(weights, maxScaledDifference(entry.read(), theirs.data as Float32Array));
    }
    context.diagnostic(`${ourEpochs.length} epochs, ${ourSteps.length} steps; largest relative loss difference ${worst.toExponential(2)}; saved weights differ by ${weights.toExponential(2)} of their scale`);
    assert.ok(weights <= 100 * c.tolerance, `saved weights differ by ${weights}`);
  });
}

test('the early-stopping case really stops early and the plateau case really reduces', { skip: torchMissing() }, () => {
  const events = [...startRun(planText(cases[3]!.text)).events()];
  const done = eventsOf(events, 'done')[0]!;
  assert.equal(done.stoppedEarly, true);
  assert.ok(done.bestEpoch! > 1 && done.bestEpoch! < done.epochs);
  assert.ok(new Set(eventsOf(events, 'epoch').map((e) => e.lr)).size > 1);
});
