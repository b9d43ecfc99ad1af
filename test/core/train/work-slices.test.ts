// Epoch-end work in slices (issue 17 §4): between two yields of `TrainingRun.work()` and of
// `LatentRecorder.captureWork()` runs at most one unit of work, so the training worker, which
// checks Stop and its clock at every yield, answers within a unit's time. Counted, not timed: the
// rows the network forwards between two yields, and the latent frames made between two yields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatentRecorder, workYield } from '../../../core/train';
import { countRows, planText, startRun } from '../../helpers/training';

// 3,000 points: 2,400 for training (batch 32), 600 held out, a validation pass of three chunks.
const text = `model M {\n  input [2]\n  dense(16, activation: relu)\n  dense(16, activation: tanh)\n  dense(3)\n}\ntrain {\n  data: spirals(classes: 3, points: 3000)\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01)\n  batch: 32\n  epochs: 2\n}\n`;

test('work(): no stretch between two yields forwards more than one validation chunk (256 rows), the epoch end included', () => {
  const run = startRun(planText(text));
  assert.equal(run.data.validation.count, 600);
  const counter = countRows(run);
  let largest = 0;
  let yieldPoints = 0;
  let last = 0;
  for (const item of run.work()) {
    largest = Math.max(largest, counter.rows - last);
    last = counter.rows;
    if (item === workYield) yieldPoints++;
  }
  // Before the slicing, the last step of an epoch was followed by the whole validation split
  // (600 rows) and the probe (256 rows) before the next yield: 856 rows.
  assert.ok(largest <= 256, `${largest} rows forwarded between two yields`);
  assert.ok(yieldPoints >= 2 * 4, `${yieldPoints} yield points (3 validation chunks and the probe per epoch)`);
});

test('events() is work() without its yield points: the same events, in the same order', () => {
  const plan = planText(text);
  const fromEvents = JSON.stringify([...startRun(plan).events()]);
  const fromWork = JSON.stringify([...startRun(plan).work()].filter((item) => item !== workYield));
  assert.equal(fromEvents, fromWork);
});

test('captureWork(): one layer projection (PCA) per yield, and the same frames as capture()', () => {
  const run = startRun(planText(text));
  const recorder = new LatentRecorder(run);
  const frames = (): number => recorder.snapshot().projections.reduce((sum, p) => sum + p.frames.length, 0);
  let most = 0;
  let before = frames();
  for (const unit of recorder.captureWork(1)) {
    assert.equal(unit, workYield);
    most = Math.max(most, frames() - before);
    before = frames();
  }
  assert.equal(most, 1);
  assert.ok(frames() >= 3, `${frames()} frames`);
  const whole = new LatentRecorder(startRun(planText(text)));
  whole.capture(1);
  assert.deepEqual(whole.snapshot(), recorder.snapshot());
});

// A deeper net: five layers, so a chunk's pass is five stretches.
const deepText = text.replace('  dense(16, activation: tanh)\n', '  dense(16, activation: tanh)\n  dense(16, activation: relu)\n  dense(16, activation: relu)\n');

test('work(): at the end of an epoch one layer of one chunk runs between two yields (validation and probe run layer by layer)', () => {
  const run = startRun(planText(deepText));
  assert.equal(run.network.model.graph.nodes.length, 5);
  const counter = countRows(run);
  let largest = 0;
  let last = 0;
  for (const item of run.work()) {
    const ran = counter.layerRows - last;
    last = counter.layerRows;
    // A training step is one unit of work (its forward and backward cannot pause).
    if (item !== workYield && item.type === 'step') continue;
    largest = Math.max(largest, ran);
  }
  // Before the layers were sliced a 256-row chunk ran all five layers in one stretch: 1,280 rows.
  assert.equal(largest, 256, `${largest} layer-rows between two yields`);
});

test('the sliced epoch end gives the bits of the unsliced one: the probe and the validation as one pass each', () => {
  const plan = planText(deepText);
  const sliced = startRun(plan);
  const whole = startRun(plan);
  // The same run with every pass forwarded in one pull, as before the slicing.
  const layerByLayer = whole.network.forwardWork.bind(whole.network);
  // eslint-disable-next-line require-yield -- the point: the whole pass in one pull, no pause
  whole.network.forwardWork = function* (input, options) {
    const work = layerByLayer(input, options);
    for (;;) {
      const next = work.next();
      if (next.done) return next.value;
    }
  };
  const events = (run: typeof sliced): string => JSON.stringify([...run.events()]);
  const slicedEvents = events(sliced);
  assert.ok(slicedEvents.includes('"valLoss"') && slicedEvents.includes('"activations"'));
  assert.equal(slicedEvents, events(whole));
});
