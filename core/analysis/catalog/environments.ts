import { cartPoleConstants } from '../../rl/cartpole';
import { gridObservationShape, type GridObservation } from '../../rl/gridworld';
import type { BoundArguments, CallableSpec } from './types';

/**
 * A reinforcement-learning environment of `env: …` in a policy train block: its arguments, and
 * what the checker needs to know without building it — the observation shape (the model's input)
 * and the number of actions (the model's output width). Dynamics: core/rl/, formulas in
 * docs/reinforcement-learning.md.
 */
export interface EnvironmentSpec extends CallableSpec {
  readonly family: 'env';
  observationShape(args: BoundArguments): readonly number[];
  actions(args: BoundArguments): number;
  /** The return that counts as solved (CartPole-v1's 475), if the environment has one. */
  readonly solvedReturn?: number;
}

export const environments: readonly EnvironmentSpec[] = [
  {
    name: 'bandit',
    family: 'env',
    summary: 'The k-armed testbed (Sutton & Barto §2.3): one state, k actions; observation [1], an episode is one pull.',
    doc: 'Each arm’s true value q*(a) is drawn once from N(0, 1) (from the run’s `env` stream); pulling arm a pays N(q*(a), 1). The observation is the constant [1], so the policy learns which arm to prefer.',
    args: [{ name: 'arms', type: { kind: 'integer', min: 2, max: 1000 }, positional: true, default: 10, doc: 'Number of arms k (actions).' }],
    observationShape: () => [1],
    actions: (args) => args.number('arms'),
  },
  {
    name: 'gridworld',
    family: 'env',
    summary: 'A 5×5 grid with walls, a goal (+1), a pit (−1) and a cost per step; 4 actions (up, right, down, left).',
    doc: 'Episodes start in a random free cell and end at the goal or the pit, or are truncated after `max_steps`. A move into a wall or off the grid stays put. Observations: the cell one-hot [25], or its [row, column] scaled to [0, 1].',
    args: [
      { name: 'observation', type: { kind: 'choice', what: 'observation', choices: ['one_hot', 'coordinates'] }, default: 'one_hot', doc: '`one_hot`: [25], one value per cell; `coordinates`: [2], row/4 and column/4.' },
      { name: 'step_cost', type: { kind: 'number', min: 0 }, default: 0.01, doc: 'Subtracted on every step that does not end at the goal or the pit.' },
      { name: 'max_steps', type: { kind: 'integer', min: 1, max: 100000 }, default: 50, doc: 'Steps after which an episode is truncated.' },
    ],
    observationShape: (args) => gridObservationShape(args.text('observation') as GridObservation),
    actions: () => 4,
  },
  {
    name: 'cartpole',
    family: 'env',
    summary: 'Gymnasium’s CartPole-v1: balance a pole on a cart; observation [4] (x, ẋ, θ, θ̇), 2 actions (push left, push right).',
    doc: `Gymnasium’s constants and Euler equations; reward 1 per step; the episode ends when |θ| > 12° or |x| > 2.4 and is truncated after ${cartPoleConstants.maxSteps} steps. Solved at an average return ≥ 475 over 100 consecutive episodes.`,
    args: [],
    observationShape: () => [4],
    actions: () => 2,
    solvedReturn: 475,
  },
];

/** The environment with this name, if any. */
export function findEnvironment(name: string): EnvironmentSpec | undefined {
  return environments.find((e) => e.name === name);
}

/** Names of the policy-gradient baselines (`value` needs a second model named by the block's `value:`). */
export const baselines = ['none', 'mean', 'value'] as const;
export type Baseline = (typeof baselines)[number];

/** The learning algorithms of `algorithm: …` in a policy train block. */
export const algorithms: readonly CallableSpec[] = [
  {
    name: 'reinforce',
    family: 'algorithm',
    summary: 'REINFORCE (Williams 1992): the Monte-Carlo policy gradient −Σ log π(a_t|s_t)·(G_t − b) − entropy·H.',
    doc: 'After every `batch` episodes the policy takes one optimizer step on the loss −(1/T)·Σ_t [log π(a_t|s_t)·A_t + entropy·H(π(·|s_t))] over the T steps of those episodes, with A_t = G_t − b (normalised to unit standard deviation with `normalize: true`) and G_t = Σ_k γ^k·r_(t+k) the discounted return to the end of the episode (a truncated episode is treated as ended).',
    args: [
      { name: 'gamma', type: { kind: 'number', min: 0, max: 1 }, default: 0.99, doc: 'Discount factor γ of the return.' },
      {
        name: 'baseline',
        type: { kind: 'choice', what: 'baseline', choices: baselines },
        default: 'none',
        doc: '`none`: b = 0; `mean`: b = the mean of G_t over the update’s steps (lowers the variance of the estimate; its bias is O(1/T)); `value`: b_t = V(s_t), the output of the second model named by the block’s `value:`, trained in the same step on the squared error (V(s_t) − G_t)² (mean over the steps) added to the loss.',
      },
      { name: 'entropy', type: { kind: 'number', min: 0 }, default: 0, doc: 'Weight of the entropy bonus H(π(·|s)) = −Σ_a π log π, which keeps the policy exploring.' },
      { name: 'normalize', type: { kind: 'boolean' }, default: false, doc: 'Divide the advantages G_t − b by their standard deviation over the update (+1e-8), as PyTorch’s REINFORCE example does.' },
      { name: 'batch', type: { kind: 'integer', min: 1, max: 10000 }, default: 1, doc: 'Episodes per policy update.' },
    ],
  },
];
