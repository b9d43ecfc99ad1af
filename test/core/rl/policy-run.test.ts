import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkDocument } from '../../../core/analysis';
import { Bandit } from '../../../core/rl/bandit';
import { Gridworld, gridColumns, gridLayout, gridStartCells } from '../../../core/rl/gridworld';
import { greedyAction } from '../../../core/rl/sample';
import { Random } from '../../../core/common/random';
import { planPolicy } from '../../../core/rl/policy-plan';
import { PolicyRun, solvedEpisode } from '../../../core/rl/policy-run';
import type { PolicyView, TrainEvent } from '../../../core/train/events';
import { fromRoot } from '../../helpers/paths';

function policyRun(text: string, options: { episodes?: number; seed?: number } = {}): PolicyRun {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  const planned = planPolicy(analysis, analysis.trains[0]!, options);
  assert.ok(planned.ok, planned.ok ? '' : planned.message);
  return new PolicyRun(planned.plan);
}

const example = (name: string): string => readFileSync(fromRoot(`examples/${name}.dlmodel`), 'utf8');

test('a policy run is the same for the same seed: identical events, episode for episode', () => {
  const events = (seed: number): TrainEvent[] => [...policyRun(example('cartpole'), { episodes: 12, seed }).events()];
  const first = events(3);
  assert.deepEqual(events(3), first);
  assert.notDeepEqual(events(4), first);
  assert.deepEqual(first.map((e) => e.type), ['start', ...Array.from({ length: 12 }, () => ['step', 'episode']).flat(), 'done']);
  const start = first[0]!;
  assert.ok(start.type === 'start' && start.policy);
  assert.deepEqual(start.policy, { env: 'cartpole', observationShape: [4], actions: 2, episodes: 12, solvedReturn: 475 });
  const done = first.at(-1)!;
  assert.ok(done.type === 'done' && done.episodes === 12 && done.solvedAt === null);
});

test('each update moves the weights and every episode reports a finite return, length, loss and entropy', () => {
  const run = policyRun(example('cartpole'), { episodes: 5 });
  const before = run.network.parameters.map((p) => Float32Array.from(p.tensor.data));
  let updates = 0;
  for (const event of run.events()) {
    if (event.type === 'step') {
      updates++;
      assert.ok(event.layers.every((l) => l.gradNorm > 0 && l.updateRatio > 0), `update ${updates} moved every layer`);
    }
    if (event.type === 'episode') {
      assert.ok(event.return === event.length, 'cartpole pays 1 per step');
      assert.ok(Number.isFinite(event.loss) && event.entropy > 0 && event.entropy <= Math.log(2) + 1e-9);
    }
  }
  assert.equal(updates, 5);
  assert.ok(run.network.parameters.some((p, i) => p.tensor.data.some((v, j) => v !== before[i]![j])));
});

test('the gridworld example learns a policy that reaches the goal from every start cell', () => {
  const run = policyRun(example('gridworld'));
  let steps = 0;
  for (const event of run.events()) if (event.type === 'episode') steps += event.length;
  const env = new Gridworld({ observation: 'one_hot', stepCost: 0.01, maxSteps: 50 }, new Random(0));
  const failures: string[] = [];
  for (const cell of gridStartCells) {
    const played = run.playGreedy(env, env.resetAt(cell));
    const row = Math.floor(env.position / gridColumns);
    if (!(played.terminal && gridLayout[row]![env.position % gridColumns] === 'G')) failures.push(`from cell ${cell}: ended in ${env.position} after ${played.length} steps`);
  }
  assert.deepEqual(failures, []);
  // Work count, not time: the whole run plays at most 2,000 episodes of at most 50 steps.
  assert.ok(steps <= 2000 * 50, `${steps} environment steps`);
});

test('the bandit example learns to prefer the arm with the highest true value', () => {
  for (const seed of [0, 1, 2]) {
    const run = policyRun(example('bandit'), { seed });
    for (const _ of run.events());
    assert.ok(run.env instanceof Bandit);
    assert.equal(greedyAction(run.logits(Float32Array.of(1))), run.env.bestArm, `seed ${seed}: true values ${run.env.trueValues.map((v) => v.toFixed(2)).join(', ')}`);
  }
});

test('solvedEpisode finds the first window of 100 episodes averaging the threshold', () => {
  const returns = [...Array.from({ length: 50 }, () => 10), ...Array.from({ length: 120 }, () => 500)];
  // Windows ending at episode 150 average (500·100)/100 = 500; at 149 one 10 remains: (99·500 + 10)/100 = 495.1.
  assert.equal(solvedEpisode(returns, 500), 150);
  assert.equal(solvedEpisode(returns, 495), 149);
  assert.equal(solvedEpisode(returns.slice(0, 99), 0), null);
});

test('a value baseline trains its second model in the same step: its loss falls and the gradient spreads less than without a baseline', () => {
  const run = policyRun(example('gridworld'), { episodes: 800 });
  assert.ok(run.valueNetwork, 'the example names a value model');
  const valueLosses: number[] = [];
  let lower = 0;
  let updates = 0;
  for (const event of run.events()) {
    if (event.type !== 'episode' || event.episode % 8 !== 0) continue;
    assert.ok(event.valueLoss !== undefined && event.variance !== undefined);
    valueLosses.push(event.valueLoss);
    updates++;
    if (event.variance.baseline < event.variance.none) lower++;
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(valueLosses.slice(0, 10));
  const last = mean(valueLosses.slice(-10));
  assert.ok(last < first / 4, `value loss ${first} → ${last}`);
  // The learned V(s) is the baseline the spread is compared at; it must beat no baseline on most updates.
  assert.ok(lower > updates * 0.8, `${lower} of ${updates} updates spread less with the baseline`);
});

test('the panel worker’s runs carry environment views; the CLI’s do not', () => {
  const viewsOf = (name: string, views: boolean): string[] => {
    const analysis = checkDocument(example(name));
    const planned = planPolicy(analysis, analysis.trains[0]!, { episodes: 40 });
    assert.ok(planned.ok);
    const kinds: string[] = [];
    for (const event of new PolicyRun(planned.plan, { views }).events()) if (event.type === 'episode' && event.view) kinds.push(event.view.kind);
    return kinds;
  };
  assert.deepEqual(viewsOf('gridworld', false), []);
  const grid = viewsOf('gridworld', true);
  assert.ok(grid.length === 5 && grid.every((k) => k === 'gridworld'), `one view per update of 8 episodes: ${grid.join(',')}`);
  const bandit = viewsOf('bandit', true);
  assert.ok(bandit.length === 4 && bandit.every((k) => k === 'bandit'));
  const cartpole = viewsOf('cartpole', true);
  assert.ok(cartpole.length >= 4 && cartpole.every((k) => k === 'cartpole'), `replays every 10th episode and each new best: ${cartpole.length}`);
});

test('a gridworld view gives a distribution per free cell, V(s) per free cell, and nothing on walls, goal and pit', () => {
  const analysis = checkDocument(example('gridworld'));
  const planned = planPolicy(analysis, analysis.trains[0]!, { episodes: 8 });
  assert.ok(planned.ok);
  let view: PolicyView | undefined;
  for (const event of new PolicyRun(planned.plan, { views: true }).events()) if (event.type === 'episode' && event.view) view = event.view;
  assert.ok(view?.kind === 'gridworld' && view.values);
  const free = gridLayout.join('').split('').map((c) => c === '.');
  assert.deepEqual(view.probabilities.map((p) => p !== null), free);
  assert.deepEqual(view.values.map((v) => v !== null), free);
  for (const p of view.probabilities) if (p) assert.ok(p.length === 4 && Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});
