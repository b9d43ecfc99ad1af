// A checkpoint (weights + optimizer state + position) resumes a run exactly: stopping at an epoch
// boundary, saving, loading into a fresh run and training on equals never stopping, bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkpointToSafetensors, decodeSafetensors, loadSafetensorsInto, networkToSafetensors, readTrainingState } from '../../core/export';
import type { TrainEvent, TrainPlan, TrainingRun } from '../../core/train';
import { planText, startRun } from '../helpers/training';

const model = (extra: string) => `model M {\n  input [2]\n  dense(16, activation: tanh)\n${extra}  dense(2)\n}\n`;
const train = (optimizer: string, extra = '') => `train {\n  data: spirals(points: 160, noise: 0.1)\n  loss: cross_entropy\n  optimizer: ${optimizer}\n  batch: 16\n  epochs: 4\n  validation: 0.25\n  seed: 7\n${extra}}\n`;

/** Each case reads state that a weights-only resume would lose (moments, buffers, step count, a stream, the plateau rule). */
const cases: { name: string; text: string }[] = [
  { name: 'adam, dropout, cosine', text: model('  dropout(0.3)\n') + train('adam(lr: 0.01)', '  schedule: cosine()\n') },
  { name: 'adamw, one_cycle', text: model('') + train('adamw(lr: 0.01, weight_decay: 0.01)', '  schedule: one_cycle(max_lr: 0.05)\n') },
  { name: 'sgd nesterov, reduce_on_plateau', text: model('') + train('sgd(lr: 0.05, momentum: 0.9, nesterov: true)', '  schedule: reduce_on_plateau(patience: 0, factor: 0.5)\n') },
  { name: 'rmsprop with momentum', text: model('') + train('rmsprop(lr: 0.003, momentum: 0.5)') },
  { name: 'adagrad', text: model('') + train('adagrad(lr: 0.05)') },
];

/** What must match: every step's loss and lr, every epoch's numbers, and the final weights' bytes. */
function trace(events: readonly TrainEvent[]): unknown[] {
  return events.flatMap((e) => (e.type === 'step' ? [[e.step, e.loss, e.lr]] : e.type === 'epoch' ? [[e.epoch, e.loss, e.valLoss, e.accuracy, e.lr]] : []));
}

/** Pulls events until the health event of `epoch` (the run then stands at an epoch boundary). */
function pullThroughEpoch(run: TrainingRun, epoch: number): TrainEvent[] {
  const events: TrainEvent[] = [];
  const iterator = run.events();
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    events.push(next.value);
    if (next.value.type === 'health' && next.value.epoch === epoch) break;
  }
  return events;
}

function resumed(plan: TrainPlan, bytes: Uint8Array): TrainingRun {
  const run = startRun(plan);
  assert.deepEqual(loadSafetensorsInto(run.network, bytes), { ok: true });
  const read = readTrainingState(run.network, bytes);
  assert.ok(read.ok && read.state, read.ok ? 'no state' : read.message);
  assert.equal(run.resume(read.state), undefined);
  return run;
}

for (const { name, text } of cases) {
  test(`resuming from a checkpoint equals never stopping, bit for bit (${name})`, () => {
    const plan = planText(text);
    const straight = startRun(plan);
    const all = [...straight.events()];
    const first = startRun(plan);
    const before = pullThroughEpoch(first, 2);
    assert.ok(first.atEpochBoundary);
    const bytes = checkpointToSafetensors(first.network, first.trainingState());
    const second = resumed(plan, bytes);
    const after = [...second.events()];
    assert.deepEqual(trace([...before, ...after]), trace(all));
    assert.deepEqual(networkToSafetensors(second.network), networkToSafetensors(straight.network));
    assert.equal(second.steps, straight.steps);
  });
}

test('without the optimizer state the resumed run differs (the test above can fail)', () => {
  const plan = planText(cases[0]!.text);
  const all = [...startRun(plan).events()];
  const first = startRun(plan);
  const before = pullThroughEpoch(first, 2);
  const state = first.trainingState();
  const zeroed = { ...state, optimizerState: { steps: 0, slots: new Map([...state.optimizerState.slots].map(([slot, arrays]) => [slot, arrays.map((a) => new Float32Array(a.length))])) } };
  const second = resumed(plan, checkpointToSafetensors(first.network, zeroed));
  assert.notDeepEqual(trace([...before, ...second.events()]), trace(all));
});

test('the checkpoint names its optimizer tensors optimizer.<parameter>.<slot> in PyTorch layout', () => {
  const run = startRun(planText(cases[0]!.text));
  pullThroughEpoch(run, 1);
  const decoded = decodeSafetensors(checkpointToSafetensors(run.network, run.trainingState()));
  assert.ok(decoded.ok);
  const names = [...decoded.file.tensors.keys()];
  assert.deepEqual(names.filter((n) => !n.startsWith('optimizer.')), ['dense_1.weight', 'dense_1.bias', 'dense_2.weight', 'dense_2.bias']);
  assert.deepEqual(names.filter((n) => n.startsWith('optimizer.')).sort(), ['dense_1.bias', 'dense_1.weight', 'dense_2.bias', 'dense_2.weight'].flatMap((p) => [`optimizer.${p}.exp_avg`, `optimizer.${p}.exp_avg_sq`]).sort());
  assert.deepEqual(decoded.file.tensors.get('optimizer.dense_1.weight.exp_avg')!.shape, [16, 2]); // [units, inputs], as the weight
  const meta = JSON.parse(decoded.file.metadata['dlmodel.training']!);
  assert.equal(meta.epochsDone, 1);
  assert.equal(meta.steps, 8);
  assert.equal(meta.optimizerSteps, 8);
});

test('a checkpoint that does not fit the run is refused with the reason', () => {
  const plan = planText(cases[0]!.text);
  const done = startRun(plan);
  for (const event of done.events()) void event;
  const finished = checkpointToSafetensors(done.network, done.trainingState());
  const again = startRun(plan);
  assert.match(again.resume(readState(again, finished))!, /has trained 4 epochs and this run has 4 — pass --epochs with more than 4/);
  const otherSeed = startRun(planText(cases[0]!.text, { seed: 8, epochs: 6 }));
  assert.match(otherSeed.resume(readState(otherSeed, finished))!, /trained with seed 7; this run uses seed 8/);
  const sgd = startRun(planText(cases[2]!.text.replace('epochs: 4', 'epochs: 6')));
  assert.match(sgd.resume(readState(sgd, finished))!, /optimizer state is adam's; this run uses sgd/);
  const longer = startRun(planText(cases[0]!.text, { epochs: 6 }));
  assert.equal(longer.resume(readState(longer, finished)), undefined);
  assert.equal(longer.epochs, 4);
});

test('a weights-only file has no training state; a broken state is an error, never a throw', () => {
  const run = startRun(planText(cases[0]!.text));
  assert.deepEqual(readTrainingState(run.network, networkToSafetensors(run.network)), { ok: true, state: undefined });
  const broken = networkToSafetensors(run.network, { metadata: { 'dlmodel.training': '{"version":1,"epochsDone":-1}' } });
  const read = readTrainingState(run.network, broken);
  assert.ok(!read.ok);
  assert.match(read.message, /not a non-negative integer/);
  assert.ok(!readTrainingState(run.network, networkToSafetensors(run.network, { metadata: { 'dlmodel.training': '{' } })).ok);
});

function readState(run: TrainingRun, bytes: Uint8Array) {
  const read = readTrainingState(run.network, bytes);
  if (!read.ok || !read.state) throw new Error('no state');
  return read.state;
}
