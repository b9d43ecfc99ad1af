// Image augmentation in the PyTorch export: the first augmented batch of train.py is dlmodel's,
// value for value, and whole runs with augmentation (with and without target: input) match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runStreams } from '../../core/common/random';
import { augmentBatch, gatherRows, MinibatchOrder, prepareData } from '../../core/data';
import { decodeSafetensors } from '../../core/export/safetensors';
import { Network } from '../../core/nn/network';
import { computeLoss, lossScores } from '../../core/nn/losses';
import * as t from '../../core/tensor';
import { fromRoot } from '../helpers/paths';
import { eventsOf, planFile, startRun } from '../helpers/training';
import { exampleTests } from './examples-cases';
import { exportPlan, python, torchMissing } from './helpers';

const file = 'test/fixtures/export/augment-digits.dlmodel';

/** dlmodel's first training batch of a plan before and after augmentation, drawn as a run draws it. */
function firstBatch(plan: ReturnType<typeof planFile>) {
  const streams = runStreams(plan.seed);
  const prepared = prepareData(plan.data, plan.validation, streams, plan.target);
  assert.ok(prepared.ok);
  const train = prepared.value.train;
  const order = new MinibatchOrder(train.count, plan.batch, streams.shuffle).nextEpoch();
  const rows = Math.min(order.length, plan.batch === 'full' ? train.count : plan.batch);
  const before = new Float32Array(rows * train.sampleSize);
  gatherRows(train, order, 0, rows, before, new Int32Array(rows * (train.targetKind === 'classes' ? 1 : train.targetSize)));
  const after = before.slice();
  augmentBatch(after, rows, train.sampleShape, plan.augment, streams.augment, new Float32Array(train.sampleSize));
  return { before, after, rows, shape: train.sampleShape };
}

test('the run trains on exactly this first augmented batch (its first step loss)', () => {
  const plan = planFile(file);
  const batch = firstBatch(plan);
  const network = new Network(plan.model, runStreams(plan.seed).init);
  const tape = new t.Tape();
  const ours = tape.run(() => {
    const scores = lossScores(plan.loss, network.forward(t.tensor(batch.after, [batch.rows, ...batch.shape]), { training: true }));
    const streams = runStreams(plan.seed);
    const prepared = prepareData(plan.data, plan.validation, streams);
    assert.ok(prepared.ok && prepared.value.train.targetKind === 'classes');
    const order = new MinibatchOrder(prepared.value.train.count, plan.batch, streams.shuffle).nextEpoch();
    const targets = Int32Array.from(order.subarray(0, batch.rows), (i) => (prepared.value.train.targets as Int32Array)[i]!);
    return computeLoss(plan.loss, scores.data, targets, batch.rows).value;
  });
  const run = startRun(plan);
  const first = eventsOf([...take(run.events(), 2)], 'step')[0]!;
  assert.equal(first.loss, ours);
  // And augmentation changed the batch: shifted and mirrored images, zero borders, same values otherwise.
  assert.notDeepEqual([...batch.after], [...batch.before]);
  const noAugment = startRun({ ...plan, augment: [] });
  assert.notEqual(eventsOf([...take(noAugment.events(), 2)], 'step')[0]!.loss, first.loss);
});

function* take<T>(events: Iterable<T>, count: number): Generator<T> {
  let n = 0;
  for (const event of events) {
    if (n++ >= count) return;
    yield event;
  }
}

test('train.py draws the same first augmented batch as dlmodel, value for value', { skip: torchMissing() }, () => {
  const plan = planFile(file);
  const folder = exportPlan(plan, readFileSync(fromRoot(file), 'utf8'), 'augment-digits.dlmodel', 'augment-batch');
  const out = join(folder, 'first-batch.safetensors');
  const result = spawnSync(python, [fromRoot('test/fixtures/export/first_augmented_batch.py'), folder, out], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const theirs = decodeSafetensors(readFileSync(out));
  assert.ok(theirs.ok);
  const ours = firstBatch(plan);
  const tensor = (name: string) => {
    const found = theirs.file.tensors.get(name);
    assert.ok(found, name);
    return found;
  };
  assert.deepEqual(tensor('after').shape, [ours.rows, ...ours.shape]);
  assert.deepEqual([...(tensor('before').data as Float32Array)], [...ours.before]);
  assert.deepEqual([...(tensor('after').data as Float32Array)], [...ours.after]);
});

exampleTests([
  { file, fullSteps: 10, miniEpochs: 2 },
  { file: 'test/fixtures/export/augment-autoencoder.dlmodel', fullSteps: 10, miniEpochs: 2 },
]);
