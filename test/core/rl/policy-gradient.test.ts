import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { advantagesOf, discountedReturns, policyGradientLoss } from '../../../core/rl/policy-gradient';
import { fromRoot } from '../../helpers/paths';

interface Fixture {
  readonly actions: number;
  readonly logits: number[];
  readonly taken: number[];
  readonly rewards: number[];
  readonly ends: number[];
  readonly cases: { gamma: number; baseline: 'none' | 'mean'; normalize: boolean; entropy: number; loss: number; meanEntropy: number; grad: number[] }[];
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/rl/policy-gradient.json'), 'utf8')) as Fixture;

test('the policy-gradient loss and its gradient equal PyTorch autograd on a fixed batch of episodes to 1e-5', () => {
  assert.equal(fixture.cases.length, 5);
  const logits = Float32Array.from(fixture.logits);
  const actions = Int32Array.from(fixture.taken);
  for (const c of fixture.cases) {
    const returns = discountedReturns(Float64Array.from(fixture.rewards), fixture.ends, c.gamma);
    const advantages = advantagesOf(returns, c.baseline, c.normalize);
    const grad = new Float32Array(logits.length);
    const result = policyGradientLoss(logits, actions, advantages, c.entropy, grad);
    const label = `gamma ${c.gamma} baseline ${c.baseline} normalize ${c.normalize} entropy ${c.entropy}`;
    assert.ok(Math.abs(result.loss - c.loss) <= 1e-5, `${label}: loss ${result.loss} vs ${c.loss}`);
    assert.ok(Math.abs(result.entropy - c.meanEntropy) <= 1e-5, `${label}: entropy`);
    for (let i = 0; i < grad.length; i++) assert.ok(Math.abs(grad[i]! - c.grad[i]!) <= 1e-5, `${label}: grad[${i}] ${grad[i]} vs ${c.grad[i]}`);
  }
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
