import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Random, runStreams } from '../../../core/common/random';
import { Bandit } from '../../../core/rl/bandit';
import { CartPole, cartPoleConstants } from '../../../core/rl/cartpole';
import { Gridworld, gridColumns, gridStartCells } from '../../../core/rl/gridworld';
import { fromRoot } from '../../helpers/paths';

interface CartPoleEpisode {
  readonly initial: [number, number, number, number];
  readonly actions: number[];
  readonly states: number[][];
  readonly terminated: boolean;
  readonly truncated: boolean;
}

const cartPoleFixture = JSON.parse(readFileSync(fromRoot('test/fixtures/rl/cartpole-trajectory.json'), 'utf8')) as { episodes: CartPoleEpisode[] };

test('cartpole follows the independent Python trajectories step for step (scripts/reference/cartpole_reference.py)', () => {
  assert.equal(cartPoleFixture.episodes.length, 4);
  for (const [index, episode] of cartPoleFixture.episodes.entries()) {
    const env = new CartPole(new Random(0));
    env.resetTo(episode.initial);
    for (let t = 0; t < episode.actions.length; t++) {
      const result = env.step(episode.actions[t]!);
      const expected = episode.states[t]!;
      // Same float64 operations in the same order: equal to the last bits (libm's sin/cos may differ by one ulp).
      for (let i = 0; i < 4; i++) assert.ok(Math.abs(env.currentState[i]! - expected[i]!) <= 1e-12 * Math.max(1, Math.abs(expected[i]!)), `episode ${index} step ${t + 1} state[${i}]: ${env.currentState[i]} vs ${expected[i]}`);
      assert.deepEqual(result.observation, Float32Array.from(expected));
      assert.equal(result.reward, 1);
      const last = t === episode.actions.length - 1;
      assert.equal(result.terminated, last && episode.terminated, `episode ${index} step ${t + 1} terminated`);
      assert.equal(result.truncated, last && episode.truncated, `episode ${index} step ${t + 1} truncated`);
    }
  }
  // The fixture covers both endings: a fall and the 500-step limit.
  assert.ok(cartPoleFixture.episodes.some((e) => e.terminated) && cartPoleFixture.episodes.some((e) => e.truncated && e.actions.length === cartPoleConstants.maxSteps));
});

test('cartpole starts each episode uniform in ±0.05 from its stream, the same for the same seed', () => {
  const a = new CartPole(runStreams(7).env);
  const b = new CartPole(runStreams(7).env);
  for (let e = 0; e < 50; e++) {
    const start = a.reset();
    assert.deepEqual(start, b.reset());
    for (const value of start) assert.ok(Math.abs(value) <= 0.05);
  }
  assert.notDeepEqual(new CartPole(runStreams(8).env).reset(), new CartPole(runStreams(7).env).reset());
});

test('the bandit draws its true values from N(0, 1) once and pays N(q*, 1) per pull', () => {
  const random = new Random(3);
  const bandit = new Bandit(10, random.fork('x'));
  const mirror = random.fork('x');
  const values = Array.from({ length: 10 }, () => mirror.normal());
  assert.deepEqual(bandit.trueValues, values);
  // The reference trajectory: each reward is q*(a) plus the stream's next normal.
  for (let pull = 0; pull < 20; pull++) {
    const arm = pull % 10;
    const result = bandit.step(arm);
    assert.equal(result.reward, values[arm]! + mirror.normal());
    assert.ok(result.terminated && !result.truncated);
    assert.deepEqual(result.observation, Float32Array.of(1));
  }
  assert.equal(bandit.bestArm, values.indexOf(Math.max(...values)));
  assert.throws(() => bandit.step(10), /action 10/);
});

test('the gridworld follows its documented layout: walls stop, the pit ends at −1, the goal at +1, every other step costs', () => {
  const env = new Gridworld({ observation: 'coordinates', stepCost: 0.01, maxSteps: 50 }, new Random(1));
  const cell = (row: number, column: number): number => row * gridColumns + column;
  // From (2, 2): up is a wall (1, 2), so the agent stays; down to (3, 2); right into the pit (3, 3).
  env.resetAt(cell(2, 2));
  assert.deepEqual(env.step(0), { observation: Float32Array.of(0.5, 0.5), reward: -0.01, terminated: false, truncated: false });
  assert.deepEqual(env.step(2), { observation: Float32Array.of(0.75, 0.5), reward: -0.01, terminated: false, truncated: false });
  assert.deepEqual(env.step(1), { observation: Float32Array.of(0.75, 0.75), reward: -1, terminated: true, truncated: false });
  // From (4, 0): left leaves the grid (stays), then right four times reaches the goal (4, 4).
  env.resetAt(cell(4, 0));
  const path = [3, 1, 1, 1, 1].map((action) => env.step(action));
  assert.deepEqual(path.map((s) => s.reward), [-0.01, -0.01, -0.01, -0.01, 1]);
  assert.deepEqual(path.map((s) => s.terminated), [false, false, false, false, true]);
  assert.equal(env.position, cell(4, 4));
  // Truncated after max_steps without a terminal state.
  const short = new Gridworld({ observation: 'one_hot', stepCost: 0.5, maxSteps: 3 }, new Random(1));
  short.resetAt(cell(0, 0));
  const steps = [0, 0, 0].map((action) => short.step(action));
  assert.deepEqual(steps.map((s) => s.truncated), [false, false, true]);
  assert.equal(steps[2]!.observation.length, 25);
  assert.equal(steps[2]!.observation[cell(0, 0)], 1);
  // 25 cells − 6 walls − goal − pit = 17 start cells, each drawn by reset.
  assert.equal(gridStartCells.length, 17);
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    env.reset();
    seen.add(env.position);
  }
  assert.deepEqual([...seen].sort((a, b) => a - b), [...gridStartCells]);
});
