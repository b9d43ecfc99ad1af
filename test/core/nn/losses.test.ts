// Every loss against PyTorch (test/fixtures/torch/losses.json and loss-arguments.json), including
// ±50 logits, losses after a final softmax/sigmoid (computed from the scores before it), ties,
// margins, differences exactly at huber's delta, class weights and label smoothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeLoss, lossWeight, type LossName, type LossSetting } from '../../../core/nn/losses';
import { defaultLoss } from '../../../core/nn/settings';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
interface LossCase {
  name: string;
  loss: LossName;
  output: Stored;
  pre_activation?: Stored;
  targets: Stored;
  value: number;
  grad: Stored;
}

const cases = (JSON.parse(readFileSync(fromRoot('test/fixtures/torch/losses.json'), 'utf8')) as { cases: LossCase[] }).cases;

for (const c of cases) {
  test(`${c.name} matches PyTorch's value and gradient`, () => {
    const scores = Float32Array.from((c.pre_activation ?? c.output).data);
    const rows = (c.pre_activation ?? c.output).shape[0]!;
    const targets = c.loss === 'mse' || c.loss === 'mae' ? Float32Array.from(c.targets.data) : Int32Array.from(c.targets.data);
    const result = computeLoss(defaultLoss(c.loss), scores, targets, rows);
    assert.ok(Number.isFinite(result.value));
    assert.ok(Math.abs(result.value - c.value) <= 1e-6 * Math.max(1, Math.abs(c.value)), `value ${result.value} vs ${c.value}`);
    const scale = Math.max(...c.grad.data.map(Math.abs), 1e-12);
    c.grad.data.forEach((expected, i) => assert.ok(Math.abs(result.grad[i]! - expected) <= 1e-6 * scale, `grad[${i}] ${result.grad[i]} vs ${expected}`));
  });
}

interface ArgumentCase {
  name: string;
  setting: LossSetting;
  call: string;
  scores: Stored;
  targets: Stored;
  value: number;
  grad: Stored;
}

const argumentCases = (JSON.parse(readFileSync(fromRoot('test/fixtures/torch/loss-arguments.json'), 'utf8')) as { cases: ArgumentCase[] }).cases;

/** Class indices for the class losses, real values (shaped like the scores) for the others. */
function targetsOf(setting: LossSetting, stored: Stored): Float32Array | Int32Array {
  return setting.name === 'cross_entropy' || setting.name === 'nll' ? Int32Array.from(stored.data) : Float32Array.from(stored.data);
}

for (const c of argumentCases) {
  test(`${c.name} matches PyTorch's ${c.call}: value and gradient`, () => {
    const scores = Float32Array.from(c.scores.data);
    const result = computeLoss(c.setting, scores, targetsOf(c.setting, c.targets), c.scores.shape[0]!);
    assert.ok(Math.abs(result.value - c.value) <= 1e-6 * Math.max(1, Math.abs(c.value)), `value ${result.value} vs ${c.value}`);
    const scale = Math.max(...c.grad.data.map(Math.abs), 1e-12);
    c.grad.data.forEach((expected, i) => assert.ok(Math.abs(result.grad[i]! - expected) <= 1e-6 * scale, `grad[${i}] ${result.grad[i]} vs ${expected}`));
  });
}

test('the fixtures cover every loss and each edge case the issue names', () => {
  const names = new Set(argumentCases.map((c) => c.setting.name));
  for (const name of ['huber', 'smooth_l1', 'nll', 'kl_div', 'cross_entropy']) assert.ok(names.has(name as LossName), name);
  const huber = argumentCases.find((c) => c.name === 'huber_at_delta')!;
  const differences = huber.scores.data.map((s, i) => Math.abs(s - huber.targets.data[i]!));
  assert.ok(differences.filter((d) => d === 0.5).length >= 2, 'differences exactly at delta');
  const weighted = argumentCases.find((c) => c.name === 'cross_entropy_weights_and_smoothing')!.setting;
  assert.ok(weighted.name === 'cross_entropy' && weighted.weights && weighted.weights.reduce((a, b) => a + b, 0) !== 1 && weighted.labelSmoothing > 0);
});

test('weighted cross-entropy is a mean over the class weights: batches combine by their weight', () => {
  const loss: LossSetting = { name: 'cross_entropy', weights: [0.5, 2, 1.5], labelSmoothing: 0.1 };
  const scores = Float32Array.from([0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, -2.2, 0.9, 0.2, 0.2, -0.1]);
  const targets = Int32Array.from([2, 0, 1, 1]);
  const whole = computeLoss(loss, scores, targets, 4);
  assert.equal(whole.weight, 1.5 + 0.5 + 2 + 2);
  assert.equal(lossWeight(loss, targets, 1, 2), 0.5 + 2);
  const first = computeLoss(loss, scores.subarray(0, 6), targets.subarray(0, 2), 2);
  const second = computeLoss(loss, scores.subarray(6), targets.subarray(2), 2);
  const combined = (first.value * first.weight + second.value * second.weight) / (first.weight + second.weight);
  assert.ok(Math.abs(combined - whole.value) < 1e-12, `${combined} vs ${whole.value}`);
  // Without weights the divisor is the rows.
  assert.equal(computeLoss(defaultLoss('cross_entropy'), scores, targets, 4).weight, 4);
});

test('a central finite difference agrees with each loss gradient', () => {
  const rows = 3;
  const scores = Float32Array.from([0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, -2.2, 0.9]);
  const logProbabilities = Float32Array.from(scores, (_, i) => {
    const row = Math.floor(i / 3) * 3;
    const max = Math.max(scores[row]!, scores[row + 1]!, scores[row + 2]!);
    return scores[i]! - max - Math.log(Math.exp(scores[row]! - max) + Math.exp(scores[row + 1]! - max) + Math.exp(scores[row + 2]! - max));
  });
  const realTargets = Float32Array.from([1, 0, -1, 0.5, 0.5, 0, 2, -2, 1]);
  const checks: Array<[LossSetting, Float32Array | Int32Array, Float32Array]> = [
    [defaultLoss('cross_entropy'), Int32Array.from([2, 0, 1]), scores],
    [{ name: 'cross_entropy', weights: [0.3, 2.5, 1.2], labelSmoothing: 0 }, Int32Array.from([2, 0, 1]), scores],
    [{ name: 'cross_entropy', labelSmoothing: 0.25 }, Int32Array.from([2, 0, 1]), scores],
    [{ name: 'cross_entropy', weights: [0.3, 2.5, 1.2], labelSmoothing: 0.25 }, Int32Array.from([2, 0, 1]), scores],
    [defaultLoss('mse'), realTargets, scores],
    [{ name: 'huber', delta: 0.8 }, realTargets, scores],
    [{ name: 'smooth_l1', beta: 0.6 }, realTargets, scores],
    [defaultLoss('nll'), Int32Array.from([2, 0, 1]), logProbabilities],
    [defaultLoss('kl_div'), Float32Array.from([0.2, 0.3, 0.5, 1, 0, 0, 0.25, 0.25, 0.5]), logProbabilities],
    [defaultLoss('binary_cross_entropy'), Int32Array.from([1, 0, 1]), scores.slice(0, 3)],
    [defaultLoss('hinge'), Int32Array.from([1, 0, 1]), Float32Array.from([0.3, -0.2, 0.5])],
  ];
  for (const [loss, targets, x] of checks) {
    const analytic = computeLoss(loss, x, targets, rows).grad;
    for (let i = 0; i < x.length; i++) {
      const h = 1e-3;
      const plus = Float32Array.from(x);
      const minus = Float32Array.from(x);
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      const numeric = (computeLoss(loss, plus, targets, rows).value - computeLoss(loss, minus, targets, rows).value) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]!) < 2e-3, `${JSON.stringify(loss)} [${i}]: ${numeric} vs ${analytic[i]}`);
    }
  }
});

test('wrong targets are a clear error', () => {
  assert.throws(() => computeLoss(defaultLoss('cross_entropy'), new Float32Array(6), new Float32Array(2), 2), /loss cross_entropy: targets must be class indices/);
  assert.throws(() => computeLoss(defaultLoss('mse'), new Float32Array(6), new Float32Array(2), 2), /loss mse: targets must be real values/);
  assert.throws(() => computeLoss(defaultLoss('kl_div'), new Float32Array(6), new Int32Array(2), 2), /loss kl_div: targets must be probabilities/);
});
