// The landscape of a run that is still training: computed on a copy of its weights at an epoch
// boundary while the run trains on, it equals the landscape of a run trained to that epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLandscape, landscapeJob, PathRecorder, raceOptimizers, snapshotOf } from '../../../core/train';
import { drain, readParameters } from '../../../core/inspect';
import { copyNetwork } from '../../../core/nn/network-copy';
import { planFile, startRun } from '../../helpers/training';

/** A run trained to the end, with its path. */
function trained(path: string, epochs: number) {
  const run = startRun(planFile(path, { epochs }));
  const recorder = new PathRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch') recorder.afterEpoch(event.epoch);
  return { run, recorder };
}

for (const plane of ['random', 'path'] as const) {
  test(`${plane} plane: a snapshot taken at epoch 6 of 15, computed after the run trained on, equals the landscape of a 6-epoch run`, () => {
    const run = startRun(planFile('examples/spirals.dlmodel', { epochs: 15 }));
    const recorder = new PathRecorder(run);
    let snapshot: ReturnType<typeof snapshotOf> | undefined;
    for (const event of run.events()) {
      if (event.type === 'epoch') recorder.afterEpoch(event.epoch);
      if (event.type === 'health' && event.epoch === 6) snapshot = snapshotOf(run, recorder);
    }
    assert.ok(snapshot);
    assert.equal(snapshot.epoch, 6);
    const live = drain(landscapeJob(snapshot, { plane, resolution: 11, race: [] }, () => ({})));
    const reference = trained('examples/spirals.dlmodel', 6);
    const after = computeLandscape(reference.run, reference.recorder, { plane, resolution: 11 });
    assert.ok(live && after);
    // Exactly equal: the same code on the same weights, data and path.
    assert.deepEqual(live, after);
  });
}

test('the optimizer race of a snapshot trains each chosen optimizer to the snapshot\'s epoch, at the chosen rate', () => {
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 12 }));
  const recorder = new PathRecorder(run);
  let snapshot: ReturnType<typeof snapshotOf> | undefined;
  for (const event of run.events()) {
    if (event.type === 'epoch') recorder.afterEpoch(event.epoch);
    if (event.type === 'health' && event.epoch === 4) snapshot = snapshotOf(run, recorder);
  }
  assert.ok(snapshot);
  const landscape = drain(landscapeJob(snapshot, { plane: 'random', resolution: 7, race: [{ optimizer: 'adam', lr: 0.003 }, { optimizer: 'rmsprop', lr: null }] }, () => ({})))!;
  assert.deepEqual(landscape.paths.map((p) => p.name), [run.plan.optimizer.name, 'adam · lr 0.003', 'rmsprop']);
  for (const path of landscape.paths) assert.equal(path.epochs.at(-1), 4);
});

test('race choices: the defaults are the four optimizers at the run\'s rate, less the run\'s own; a chosen rate is named', () => {
  const own = { name: 'sgd' as const, args: { lr: 0.1, momentum: 0, nesterov: false, weight_decay: 0 } };
  assert.deepEqual(raceOptimizers(own).map((o) => o.name), ['sgd + momentum 0.9', 'adam', 'rmsprop']);
  assert.deepEqual(raceOptimizers(own, [{ optimizer: 'sgd', lr: 0.5 }]).map((o) => [o.name, o.setting.args['lr']]), [['sgd · lr 0.5', 0.5]]);
  assert.deepEqual(raceOptimizers(own, []), []);
});

test('a network copy holds every tensor\'s values (batch-norm statistics too) and moves independently of the original', () => {
  const { run } = trained('examples/digits-cnn.dlmodel', 1);
  const copy = copyNetwork(run.network);
  assert.deepEqual(readParameters(copy), readParameters(run.network));
  const compared: string[] = [];
  for (const layer of run.network.model.layers) {
    const a = run.network.stateOf(layer.name)?.tensors ?? [];
    const b = copy.stateOf(layer.name)?.tensors ?? [];
    a.forEach((tensor, i) => {
      assert.deepEqual(b[i]!.data, tensor.data, `${layer.name} ${tensor.spec.name}`);
      compared.push(tensor.spec.name);
    });
  }
  assert.ok(compared.includes('running_mean') && compared.includes('running_var'), compared.join(' '));
  copy.parameters[0]!.tensor.data[0] = 12345;
  assert.notEqual(run.network.parameters[0]!.tensor.data[0], 12345);
});
