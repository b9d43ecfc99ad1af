// The training run as an iterator of events: its shape, determinism and the numbers it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { planTraining } from '../../../core/train';
import type { EpochEvent } from '../../../core/train/events';
import { tensor } from '../../../core/tensor';
import { allEvents, eventsOf, planFile, planText, startRun } from '../../helpers/training';

test('a run yields start, one step per batch, epoch and health per epoch, then done', () => {
  const plan = planFile('examples/xor.dlmodel', { epochs: 3 });
  const events = allEvents(plan);
  const start = eventsOf(events, 'start')[0]!;
  assert.equal(events[0], start);
  assert.equal(start.trainSamples, 320);
  assert.equal(start.validationSamples, 80);
  assert.equal(start.stepsPerEpoch, 20); // ceil(320 / 16)
  assert.deepEqual(start.layers, ['dense_1', 'dense_2']);
  const steps = eventsOf(events, 'step');
  assert.equal(steps.length, 60);
  assert.deepEqual(steps.map((s) => s.step), Array.from({ length: 60 }, (_, i) => i + 1));
  assert.equal(eventsOf(events, 'epoch').length, 3);
  assert.equal(eventsOf(events, 'health').length, 3);
  const done = eventsOf(events, 'done');
  assert.equal(done.length, 1);
  assert.equal(events[events.length - 1], done[0]);
  assert.equal(done[0]!.steps, 60);
  for (const step of steps) {
    assert.equal(step.layers.length, 2);
    for (const layer of step.layers) {
      assert.ok(layer.gradNorm > 0 && Number.isFinite(layer.gradNorm));
      assert.ok(layer.weightNorm > 0);
      assert.ok(layer.updateRatio > 0 && layer.updateRatio < 1);
    }
  }
});

test('the epoch loss is the batch-size-weighted mean of its step losses', () => {
  const plan = planFile('examples/xor.dlmodel', { epochs: 2 });
  const events = allEvents(plan);
  const steps = eventsOf(events, 'step');
  const [first] = eventsOf(events, 'epoch');
  // 320 samples in 20 batches of 16: all batches equal, so the weighted mean is the plain mean.
  const mean = steps.filter((s) => s.epoch === 1).reduce((sum, s) => sum + s.loss, 0) / 20;
  assert.ok(Math.abs(first!.loss - mean) < 1e-12, `${first!.loss} vs ${mean}`);
});

test('the same seed gives a bit-identical run; another seed gives another run', () => {
  const plan = planFile('examples/spirals.dlmodel', { epochs: 2 });
  const once = JSON.stringify(allEvents(plan));
  const twice = JSON.stringify(allEvents(plan));
  assert.equal(once, twice);
  const other = JSON.stringify(allEvents(planFile('examples/spirals.dlmodel', { epochs: 2, seed: 43 })));
  assert.notEqual(once, other);
});

test('the learning rate follows the schedule per epoch (step: halved every 10 epochs)', () => {
  const text = `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor(points: 40)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.4)\n  schedule: step(every: 2, gamma: 0.5)\n  epochs: 5\n}\n`;
  const epochs = eventsOf(allEvents(planText(text)), 'epoch');
  assert.deepEqual(epochs.map((e) => e.lr), [0.4, 0.4, 0.2, 0.2, 0.1]);
});

test('validation loss and accuracy equal an independent evaluation of the final weights', () => {
  const plan = planFile('examples/gaussians.dlmodel', { epochs: 2 });
  const run = startRun(plan);
  let last: EpochEvent | undefined;
  for (const event of run.events()) if (event.type === 'epoch') last = event;
  // Recompute by hand from the network's eval-mode outputs, sample by sample.
  const validation = run.data.validation;
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < validation.count; i++) {
    const x = validation.inputs.subarray(i * 2, i * 2 + 2);
    const out = run.network.forward(tensor(Float32Array.from(x), [1, 2]), { training: false }).logits.data;
    const max = Math.max(...out);
    const logSum = Math.log([...out].reduce((s, v) => s + Math.exp(v - max), 0)) + max;
    const target = (validation.targets as Int32Array)[i]!;
    lossSum += logSum - out[target]!;
    if ([...out].indexOf(max) === target) correct++;
  }
  assert.ok(Math.abs(last!.valLoss! - lossSum / validation.count) < 1e-5, `${last!.valLoss} vs ${lossSum / validation.count}`);
  assert.equal(last!.valAccuracy, correct / validation.count);
});

test('gradient distributions are sorted percentiles and activation statistics cover every layer', () => {
  const events = allEvents(planFile('examples/spirals.dlmodel', { epochs: 1 }));
  const epoch = eventsOf(events, 'epoch')[0]!;
  assert.equal(epoch.gradients.length, 3);
  for (const distribution of epoch.gradients) {
    assert.equal(distribution.percentiles.length, 9);
    for (let i = 1; i < 9; i++) assert.ok(distribution.percentiles[i]! >= distribution.percentiles[i - 1]!);
    assert.ok(distribution.percentiles[0]! < 0 && distribution.percentiles[8]! > 0);
  }
  assert.deepEqual(epoch.activations.map((a) => a.layer), ['hidden1', 'hidden2', 'dense_3', 'softmax_1']);
  // The model's own final softmax is its output, not a saturation defect.
  assert.equal(epoch.activations[3]!.saturatedFraction, null);
  const relu = epoch.activations.find((a) => a.activation === 'relu');
  assert.ok(relu && relu.deadFraction !== null && relu.deadFraction >= 0 && relu.deadFraction <= 1);
  assert.ok(epoch.predictionEntropy !== null && epoch.predictionEntropy > 0 && epoch.predictionEntropy < Math.log(3));
});

test('the initial probe loss of cross-entropy over K classes is reported with ln K', () => {
  const start = eventsOf(allEvents(planFile('examples/digits-mlp.dlmodel', { epochs: 1 })), 'start')[0]!;
  assert.equal(start.expectedInitialLoss, Math.log(10));
  assert.ok(start.initialLoss !== null && Math.abs(start.initialLoss - Math.log(10)) < 0.5, String(start.initialLoss));
});

test('a plan is refused with a clear reason', () => {
  const refuse = (text: string, options = {}): string => {
    const planned = planTraining(checkDocument(text), options);
    assert.equal(planned.ok, false);
    return planned.ok ? '' : planned.message;
  };
  assert.match(refuse('model M {\n  input [2]\n  dense(2)\n}\n'), /no train block/);
  assert.match(refuse('model M {\n  input [2]\n  dens(2)\n}\ntrain {\n  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\n'), /1 error .*DL301/);
  const two = 'model M {\n  input [2]\n  dense(2)\n}\ntrain a {\n  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\ntrain b {\n  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\n';
  assert.match(refuse(two), /2 train blocks — choose one with --train NAME \(a, b\)/);
  assert.match(refuse(two, { trainName: 'c' }), /no train block named 'c' \(train blocks: a, b\)/);
  assert.equal(planTraining(checkDocument(two), { trainName: 'b' }).ok, true);
  assert.match(refuse(two, { trainName: 'a', epochs: 0 }), /epochs must be an integer from 1 to 1000000; got 0/);
});

test('--epochs and --seed override the block', () => {
  const plan = planFile('examples/xor.dlmodel', { epochs: 2, seed: 9 });
  assert.equal(plan.epochs, 2);
  assert.equal(plan.seed, 9);
  assert.equal(eventsOf(allEvents(plan), 'epoch').length, 2);
});

test('a steady-state step allocates no new typed arrays on the tape', () => {
  const run = startRun(planFile('examples/spirals.dlmodel', { epochs: 2 }));
  const iterator = run.events();
  // Run the first epoch to warm the tape's free lists, then count allocations over the second.
  let event = iterator.next();
  while (!event.done && !(event.value.type === 'epoch')) event = iterator.next();
  const tape = (run as unknown as { tape: { allocations: number } }).tape;
  const before = tape.allocations;
  for (let i = 0; i < 10; i++) iterator.next();
  assert.equal(tape.allocations, before);
});

test('a step reports each layer’s gradient norm, weight norm and ‖Δw‖/‖w‖ exactly as defined', () => {
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 1 }));
  const iterator = run.events();
  iterator.next(); // start
  const dense = run.network.stateOf('dense_1')!;
  const before = Float32Array.from(dense.weight!.data);
  const step = iterator.next().value;
  assert.equal(step?.type, 'step');
  if (step?.type !== 'step') return;
  const after = dense.weight!.data;
  let delta = 0;
  let previous = 0;
  let weight = 0;
  for (let i = 0; i < after.length; i++) {
    delta += (after[i]! - before[i]!) ** 2;
    previous += before[i]! ** 2;
    weight += after[i]! ** 2;
  }
  for (const b of dense.bias!.data) weight += b * b;
  const stats = step.layers[0]!;
  assert.ok(Math.abs(stats.updateRatio - Math.sqrt(delta / previous)) <= 1e-12 * stats.updateRatio);
  assert.ok(Math.abs(stats.weightNorm - Math.sqrt(weight)) <= 1e-12 * stats.weightNorm);
  // SGD with momentum 0.9 at lr 0.05: the first update is −lr·g, so ‖Δw‖ = lr·‖g_w‖ ≤ lr·gradNorm.
  assert.ok(Math.sqrt(delta) <= 0.05 * stats.gradNorm * (1 + 1e-6));
});

/** A model that overfits a small noisy data set: the validation loss falls, then rises. */
const overfitting = (extra: string): string =>
  `model Big {\n  input [2]\n  dense(64, activation: relu)\n  dense(64, activation: relu)\n  dense(2)\n}\ntrain {\n  data: moons(points: 80, noise: 0.35)\n  validation: 0.5\n  loss: cross_entropy\n  optimizer: adam(lr: 0.02)\n  batch: full\n  epochs: 150\n${extra}}\n`;

test('early stopping ends the run after `patience` epochs without improvement and keeps the best epoch', () => {
  const plain = eventsOf(allEvents(planText(overfitting(''))), 'epoch');
  const losses = plain.map((e) => e.valLoss!);
  // Where early_stopping: 5 must stop, found from the unstopped run's validation losses.
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let stopAt = 0;
  for (let e = 0; e < losses.length && stopAt === 0; e++) {
    if (losses[e]! < best) [best, bestEpoch] = [losses[e]!, e + 1];
    else if (e + 1 - bestEpoch >= 5) stopAt = e + 1;
  }
  assert.ok(bestEpoch > 1 && stopAt > 0 && stopAt < 150, `the model must overfit within 150 epochs (best epoch ${bestEpoch})`);

  const run = startRun(planText(overfitting('  early_stopping: 5\n')));
  const events = [...run.events()];
  const epochs = eventsOf(events, 'epoch');
  const done = eventsOf(events, 'done')[0]!;
  assert.equal(epochs.length, stopAt);
  assert.deepEqual(epochs.map((e) => e.valLoss), losses.slice(0, stopAt), 'the same run until it stops');
  assert.equal(done.stoppedEarly, true);
  assert.equal(done.epochs, stopAt);
  assert.equal(done.bestEpoch, bestEpoch);
  assert.equal(done.valLoss, best);
  // The run's final weights are the best epoch's: their validation loss is the best one, exactly.
  const again = startRun(planText(overfitting(`  epochs: ${bestEpoch}\n`).replace('  epochs: 150\n', '')));
  for (const _ of again.events()) void _;
  for (const [i, parameter] of run.network.parameters.entries()) assert.deepEqual(parameter.tensor.data, again.network.parameters[i]!.tensor.data, parameter.name);
});

test('without early stopping the done event has no stoppedEarly or bestEpoch', () => {
  const done = eventsOf(allEvents(planFile('examples/xor.dlmodel', { epochs: 1 })), 'done')[0]!;
  assert.equal(done.stoppedEarly, undefined);
  assert.equal(done.bestEpoch, undefined);
});

test('clip_norm bounds every update: a clipped run differs from the unclipped one and stays finite', () => {
  const text = (clip: string): string => `model M {\n  input [2]\n  dense(16, activation: relu)\n  dense(3)\n}\ntrain {\n  data: spirals(points: 60, classes: 3)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.5)\n  epochs: 2\n${clip}}\n`;
  const clipped = eventsOf(allEvents(planText(text('  clip_norm: 0.01\n'))), 'step');
  const plain = eventsOf(allEvents(planText(text(''))), 'step');
  assert.equal(clipped[0]!.loss, plain[0]!.loss, 'the first loss is before any update');
  assert.notEqual(clipped[1]!.loss, plain[1]!.loss);
  // With lr 0.5 and a global norm of at most 0.01, no weight moves more than 0.005 per step.
  const moved = clipped.slice(1).map((s, i) => Math.abs(s.loss - clipped[i]!.loss));
  assert.ok(Math.max(...moved) < Math.max(...plain.slice(1).map((s, i) => Math.abs(s.loss - plain[i]!.loss))));
});

test('one_cycle changes the learning rate every step; the epoch reports its first step', () => {
  const text = `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor(points: 40)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.4)\n  schedule: one_cycle(0.4)\n  batch: 8\n  epochs: 3\n}\n`;
  const events = allEvents(planText(text));
  const steps = eventsOf(events, 'step');
  assert.equal(new Set(steps.map((s) => s.lr)).size, steps.length);
  assert.ok(Math.abs(steps[0]!.lr - 0.4 / 25) < 1e-15);
  assert.deepEqual(eventsOf(events, 'epoch').map((e) => e.lr), [0, 4, 8].map((i) => steps[i]!.lr));
});

test('warmup is refused when --epochs makes the run no longer than it', () => {
  const text = `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor(points: 40)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.4)\n  warmup: 3\n  epochs: 10\n}\n`;
  const planned = planTraining(checkDocument(text), { epochs: 3 });
  assert.ok(!planned.ok && /warmup \(3 epochs\) must be shorter than the run \(3 epochs\)/.test(planned.message));
});
