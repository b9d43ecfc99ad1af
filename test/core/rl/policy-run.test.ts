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
import type { TrainEvent } from '../../../core/train/events';
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
