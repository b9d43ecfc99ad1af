// target: input — an autoencoder: the checker's rules (output shaped like the input, an
// element-wise loss, real-valued samples), the data (targets are the inputs, labels kept for
// colour), the binary cross-entropy on real targets, and the shipped example, which learns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { loadDigits } from '../../../core/data';
import { computeLoss } from '../../../core/nn/losses';
import { createRun, LatentRecorder, planTraining } from '../../../core/train';
import { parse } from '../../../core/syntax';
import { eventsOf, planFile, startRun } from '../../helpers/training';
import { fromRoot } from '../../helpers/paths';

const block = (model: string, train: string): string => `model M {\n${model}\n}\ntrain {\n${train}\n  optimizer: adam(lr: 0.01)\n}\n`;
const codes = (text: string) => checkDocument(text).diagnostics.map((d) => `${d.code} ${text.slice(d.range.start, d.range.end)} :: ${d.message}`);

test('target: input parses as a train value (input stays a keyword elsewhere) and checks clean on an autoencoder', () => {
  const text = block('  input [64]\n  dense(8)\n  dense(64)', '  data: digits(flat: true)\n  target: input\n  loss: mse');
  const entry = parse(text).file.items[1]!;
  assert.equal(entry.kind, 'Train');
  const target = entry.kind === 'Train' ? entry.body!.items.find((i: { kind: string; key?: { text: string } }) => i.kind === 'TrainEntry' && i.key!.text === 'target') : undefined;
  assert.deepEqual(target?.kind === 'TrainEntry' && target.value ? { kind: target.value.kind, text: text.slice(target.value.range.start, target.value.range.end) } : undefined, { kind: 'Name', text: 'input' });
  assert.deepEqual(codes(text), []);
  const analysis = checkDocument(text);
  assert.equal(analysis.trains[0]!.settings.target, 'input');
  // The data set is still described as what it is: 10 classes.
  assert.deepEqual(analysis.trains[0]!.data?.target, { kind: 'classes', count: 10 });
});

test('target: input needs an output shaped like the input (DL517), an element-wise loss and real samples (DL507)', () => {
  const dense = codes(block('  input [64]\n  dense(8)\n  dense(32)', '  data: digits(flat: true)\n  target: input\n  loss: mse'));
  assert.equal(dense.length, 1);
  assert.match(dense[0]!, /^DL517 dense\(32\) :: With target: input the model must output its input's shape: output \[32\], input \[64\] — end the model with dense\(64\)/);
  const image = codes(block('  input [1, 8, 8]\n  flatten()\n  dense(64)', '  data: digits()\n  target: input\n  loss: mse'));
  assert.match(image[0]!, /^DL517 dense\(64\) :: .*output \[64\], input \[1, 8, 8\] — flatten the data \(e\.g\. digits\(flat: true\)\)/);
  const crossEntropy = codes(block('  input [64]\n  dense(64)', '  data: digits(flat: true)\n  target: input\n  loss: cross_entropy'));
  assert.deepEqual(crossEntropy.map((c) => c.split(' :: ')[0]), ['DL507 cross_entropy']);
  const softmax = codes(block('  input [64]\n  dense(64)\n  softmax()', '  data: digits(flat: true)\n  target: input\n  loss: binary_cross_entropy'));
  assert.deepEqual(softmax.map((c) => c.split(' :: ')[0]), ['DL509 softmax()']);
  const typo = codes(block('  input [64]\n  dense(64)', '  data: digits(flat: true)\n  target: inpt\n  loss: mse'));
  assert.equal(typo.length, 1, typo.join('; '));
  assert.match(typo[0]!, /^DL312 inpt :: Unknown target 'inpt' .*did you mean 'input'/);
  // Without target: input the same model is a classifier with the wrong output, as before.
  const labels = codes(block('  input [64]\n  dense(64)\n  sigmoid()', '  data: digits(flat: true)\n  loss: binary_cross_entropy'));
  assert.deepEqual(labels.map((c) => c.split(' :: ')[0]).sort(), ['DL506 sigmoid()', 'DL507 binary_cross_entropy']);
});

test('binary cross-entropy on real targets is F.binary_cross_entropy_with_logits (mean over elements), with its exact gradient', () => {
  const scores = Float32Array.from([-3, -0.5, 0, 0.25, 2, 40]);
  const targets = Float32Array.from([0, 0.25, 0.5, 1, 0.75, 1]);
  const result = computeLoss({ name: 'binary_cross_entropy' }, scores, targets, 2);
  const expected = [...scores].reduce((sum, z, i) => sum + Math.max(z, 0) - z * targets[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / 6;
  assert.ok(Math.abs(result.value - expected) < 1e-12);
  for (let i = 0; i < scores.length; i++) {
    const h = 1e-3;
    const at = (delta: number) => computeLoss({ name: 'binary_cross_entropy' }, scores.map((v, j) => (j === i ? v + delta : v)), targets, 2).value;
    const numeric = (at(h) - at(-h)) / (2 * h);
    assert.ok(Math.abs(numeric - result.grad[i]!) < 1e-5, `element ${i}: ${numeric} vs ${result.grad[i]}`);
  }
});

/** The BCE of predicting every pixel's mean (the best input-blind guess) and the entropy floor (predicting each pixel exactly). */
function digitsReconstructionBounds(): { baseline: number; floor: number } {
  const digits = loadDigits(true);
  const mean = new Float64Array(64);
  for (let i = 0; i < digits.count; i++) for (let f = 0; f < 64; f++) mean[f]! += digits.inputs[i * 64 + f]! / digits.count;
  const bce = (p: number, t: number) => -(t * Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7)) + (1 - t) * Math.log(Math.min(Math.max(1 - p, 1e-7), 1)));
  let baseline = 0;
  let floor = 0;
  for (let i = 0; i < digits.count; i++) {
    for (let f = 0; f < 64; f++) {
      const t = digits.inputs[i * 64 + f]!;
      baseline += bce(mean[f]!, t) / (64 * digits.count);
      floor += (t > 0 && t < 1 ? bce(t, t) : 0) / (64 * digits.count);
    }
  }
  return { baseline, floor };
}

test('digits-autoencoder.dlmodel: targets are the inputs, labels colour the latent code, and it learns well below the mean-image baseline', () => {
  const plan = planFile('examples/digits-autoencoder.dlmodel');
  assert.equal(plan.target, 'input');
  assert.deepEqual(plan.dataDescription.target, { kind: 'real', shape: [64] });
  const run = startRun(plan);
  const train = run.data.train;
  assert.equal(train.targetKind, 'real');
  assert.equal(train.targets, train.inputs, 'the targets are the inputs themselves, not a copy');
  assert.equal(train.targetKind === 'real' && train.labels?.classCount, 10);
  const recorder = new LatentRecorder(run);
  const events = [...run.events()];
  for (const epoch of eventsOf(events, 'epoch')) if (recorder.records(epoch.epoch)) recorder.capture(epoch.epoch);
  const snapshot = recorder.snapshot();
  assert.ok(snapshot.layers.includes('code'));
  const code = snapshot.projections.find((p) => p.layer === 'code')!;
  assert.equal(code.frames.length, plan.epochs);
  assert.equal(code.frames[0]!.points.length, 2 * run.probeCount);
  assert.equal(snapshot.targets.kind, 'classes');
  assert.equal(snapshot.targets.kind === 'classes' && snapshot.targets.classes, 10);
  const { baseline, floor } = digitsReconstructionBounds();
  const done = eventsOf(events, 'done')[0]!;
  const start = eventsOf(events, 'start')[0]!;
  assert.equal(start.expectedInitialLoss, null);
  assert.equal(done.accuracy, null);
  const removed = (baseline - done.valLoss!) / (baseline - floor);
  assert.ok(removed > 0.5, `validation loss ${done.valLoss} removes ${(removed * 100).toFixed(0)}% of the reducible loss (baseline ${baseline.toFixed(4)}, floor ${floor.toFixed(4)})`);
});

test('binary_cross_entropy with target: input needs values in [0, 1]: DL533 for a data set known to leave it, a clear failure for a file', () => {
  const moons = codes(block('  input [2]\n  dense(2)\n  sigmoid()', '  data: moons()\n  target: input\n  loss: binary_cross_entropy'));
  assert.deepEqual(moons.map((c) => c.split(' :: ')[0]), ['DL533 binary_cross_entropy']);
  assert.match(moons[0]!, /moons\(…\) gives points around the origin, with negative coordinates — use mse/);
  assert.deepEqual(codes(block('  input [1, 8, 8]\n  conv2d(1, 3, padding: same)\n  sigmoid()', '  data: digits()\n  target: input\n  loss: binary_cross_entropy')), []);
  // A CSV file's raw values are known only once loaded: the run refuses to start, saying why.
  const csv = 'a,b,label\n0.5,0.25,x\n0.1,2.5,y\n0.3,0.4,x\n0.2,0.9,y\n';
  const fileAccess = { readFile: () => ({ kind: 'ok' as const, bytes: new TextEncoder().encode(csv) }) };
  const text = block('  input [2]\n  dense(2)\n  sigmoid()', '  data: csv("d.csv", normalize: false)\n  target: input\n  loss: binary_cross_entropy\n  batch: 2\n  validation: 0.25');
  const analysis = checkDocument(text, { fileAccess, documentFolder: '' });
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
  const planned = planTraining(analysis, { fileAccess, documentFolder: '' });
  assert.ok(planned.ok, planned.ok ? '' : planned.message);
  const created = createRun(planned.plan);
  assert.equal(created.ok, false);
  assert.match(created.ok ? '' : created.message, /^binary_cross_entropy with target: input reads each input value as a probability in \[0, 1\], but the (training|validation) data has the value 2\.5 — use mse/);
  const inRange = planTraining(checkDocument(text.replace('0.1,2.5', '0.1,0.5'), { fileAccess: { readFile: () => ({ kind: 'ok' as const, bytes: new TextEncoder().encode(csv.replace('2.5', '0.5')) }) }, documentFolder: '' }), { fileAccess: { readFile: () => ({ kind: 'ok' as const, bytes: new TextEncoder().encode(csv.replace('2.5', '0.5')) }) }, documentFolder: '' });
  assert.ok(inRange.ok && createRun(inRange.plan).ok, 'values in [0, 1] train');
});

test('digits-conv-autoencoder.dlmodel checks clean and, in 5 of its 20 epochs, removes a third of the reducible loss', () => {
  const text = readFileSync(fromRoot('examples/digits-conv-autoencoder.dlmodel'), 'utf8');
  assert.deepEqual(codes(text), []);
  const plan = planFile('examples/digits-conv-autoencoder.dlmodel');
  assert.equal(plan.target, 'input');
  assert.deepEqual(plan.dataDescription.target, { kind: 'real', shape: [1, 8, 8] });
  const events = [...startRun({ ...plan, epochs: 5 }).events()];
  assert.deepEqual(eventsOf(events, 'failed'), []);
  const done = eventsOf(events, 'done')[0]!;
  const { baseline, floor } = digitsReconstructionBounds();
  const removed = (baseline - done.valLoss!) / (baseline - floor);
  assert.ok(removed > 1 / 3, `validation loss ${done.valLoss} removes ${(removed * 100).toFixed(0)}% of the reducible loss (baseline ${baseline.toFixed(4)}, floor ${floor.toFixed(4)})`);
});
