// Every loss against PyTorch (test/fixtures/torch/losses.json), including ±50 logits, losses
// after a final softmax/sigmoid (computed from the scores before it), ties and margins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeLoss, type LossName } from '../../../core/nn/losses';
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
    const result = computeLoss(c.loss, scores, targets, rows);
    assert.ok(Number.isFinite(result.value));
    assert.ok(Math.abs(result.value - c.value) <= 1e-6 * Math.max(1, Math.abs(c.value)), `value ${result.value} vs ${c.value}`);
    const scale = Math.max(...c.grad.data.map(Math.abs), 1e-12);
    c.grad.data.forEach((expected, i) => assert.ok(Math.abs(result.grad[i]! - expected) <= 1e-6 * scale, `grad[${i}] ${result.grad[i]} vs ${expected}`));
  });
}

test('a central finite difference agrees with each loss gradient', () => {
  const rows = 3;
  const scores = Float32Array.from([0.3, -1.2, 2.0, 0.7, 0.1, -0.4, 1.5, -2.2, 0.9]);
  const checks: Array<[LossName, Float32Array | Int32Array, Float32Array]> = [
    ['cross_entropy', Int32Array.from([2, 0, 1]), scores],
    ['mse', Float32Array.from([1, 0, -1, 0.5, 0.5, 0, 2, -2, 1]), scores],
    ['binary_cross_entropy', Int32Array.from([1, 0, 1]), scores.slice(0, 3)],
    ['hinge', Int32Array.from([1, 0, 1]), Float32Array.from([0.3, -0.2, 0.5])],
  ];
  for (const [name, targets, x] of checks) {
    const analytic = computeLoss(name, x, targets, rows).grad;
    for (let i = 0; i < x.length; i++) {
      const h = 1e-3;
      const plus = Float32Array.from(x);
      const minus = Float32Array.from(x);
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      const numeric = (computeLoss(name, plus, targets, rows).value - computeLoss(name, minus, targets, rows).value) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]!) < 2e-3, `${name} [${i}]: ${numeric} vs ${analytic[i]}`);
    }
  }
});

test('wrong targets are a clear error', () => {
  assert.throws(() => computeLoss('cross_entropy', new Float32Array(6), new Float32Array(2), 2), /loss cross_entropy: targets must be class indices/);
  assert.throws(() => computeLoss('mse', new Float32Array(6), new Float32Array(2), 2), /loss mse: targets must be real values/);
});
