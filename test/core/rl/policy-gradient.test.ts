import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { advantagesOf, discountedReturns, policyGradientLoss, valueLoss } from '../../../core/rl/policy-gradient';
import { fromRoot } from '../../helpers/paths';

interface Fixture {
  readonly actions: number;
  readonly logits: number[];
  readonly taken: number[];
  readonly rewards: number[];
  readonly ends: number[];
  /** The value model's outputs V_t (float32) for the `value` cases. */
  readonly values: number[];
  readonly cases: { gamma: number; baseline: 'none' | 'mean' | 'value'; normalize: boolean; entropy: number; loss: number; meanEntropy: number; grad: number[]; valueGrad?: number[] }[];
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/rl/policy-gradient.json'), 'utf8')) as Fixture;

test('the policy-gradient loss and its gradient equal PyTorch autograd on a fixed batch of episodes to 1e-5', () => {
  assert.equal(fixture.cases.length, 8);
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.baseline))], ['none', 'mean', 'value']);
  const logits = Float32Array.from(fixture.logits);
  const actions = Int32Array.from(fixture.taken);
  const values = Float32Array.from(fixture.values);
  for (const c of fixture.cases) {
    const returns = discountedReturns(Float64Array.from(fixture.rewards), fixture.ends, c.gamma);
    const advantages = advantagesOf(returns, c.baseline, c.normalize, values);
    const grad = new Float32Array(logits.length);
    const result = policyGradientLoss(logits, actions, advantages, c.entropy, grad);
    const valueGrad = new Float32Array(values.length);
    const total = result.loss + (c.baseline === 'value' ? valueLoss(values, returns, valueGrad) : 0);
    const label = `gamma ${c.gamma} baseline ${c.baseline} normalize ${c.normalize} entropy ${c.entropy}`;
    assert.ok(Math.abs(total - c.loss) <= 1e-5, `${label}: loss ${total} vs ${c.loss}`);
    assert.ok(Math.abs(result.entropy - c.meanEntropy) <= 1e-5, `${label}: entropy`);
    for (let i = 0; i < grad.length; i++) assert.ok(Math.abs(grad[i]! - c.grad[i]!) <= 1e-5, `${label}: grad[${i}] ${grad[i]} vs ${c.grad[i]}`);
    if (c.baseline !== 'value') continue;
    assert.equal(c.valueGrad?.length, values.length);
    for (let i = 0; i < values.length; i++) assert.ok(Math.abs(valueGrad[i]! - c.valueGrad[i]!) <= 1e-5, `${label}: value grad[${i}] ${valueGrad[i]} vs ${c.valueGrad[i]}`);
  }
});

test('a value baseline changes the policy gradient: V_t is subtracted per step, not one constant', () => {
  const returns = Float64Array.of(1, 2, 3, 6);
  const values = Float32Array.of(1, 1, 4, 4);
  assert.deepEqual([...advantagesOf(returns, 'value', false, values)], [0, 1, -1, 2]);
  assert.throws(() => advantagesOf(returns, 'value', false), /value model/);
});

test('returns are discounted within each episode and restart at its end', () => {
  const returns = discountedReturns(Float64Array.of(1, 1, 1, 2, 2), [3, 5], 0.5);
  assert.deepEqual([...returns], [1.75, 1.5, 1, 3, 2]);
});

test('a mean baseline centres the advantages; normalize scales them to unit deviation', () => {
  const returns = Float64Array.of(1, 2, 3, 6);
  assert.deepEqual([...advantagesOf(returns, 'none', false)], [1, 2, 3, 6]);
  assert.deepEqual([...advantagesOf(returns, 'mean', false)], [-2, -1, 0, 3]);
  const normalized = advantagesOf(returns, 'mean', true);
  const variance = normalized.reduce((s, a) => s + a * a, 0) / normalized.length;
  // Unit variance up to the 1e-8 added to the deviation.
  assert.ok(Math.abs(variance - 1) < 1e-6, `variance ${variance}`);
});
