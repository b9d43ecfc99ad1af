import type { BanditView, CartPoleView, GridView, PolicyView } from '../train/events';
import { Bandit } from './bandit';
import type { CartPole } from './cartpole';
import type { Environment } from './environment';
import { Gridworld, gridColumns, gridLayout, gridRows } from './gridworld';

/** What the view needs of a run: the policy's and the value model's outputs for one observation. */
export interface ViewSource {
  readonly env: Environment;
  logits(observation: Float32Array): Float32Array;
  /** V(s), or undefined without a value model. */
  value(observation: Float32Array): number | undefined;
}

/** The gridworld's or bandit's view of the current policy; undefined for cart-pole (it replays episodes instead). */
export function policySnapshot(source: ViewSource, bandit: BanditTally | undefined): GridView | BanditView | undefined {
  const { env } = source;
  if (env instanceof Gridworld) return gridView(source, env);
  if (env instanceof Bandit && bandit) return { kind: 'bandit', trueValues: [...env.trueValues], estimates: bandit.estimates(), pulls: [...bandit.pulls], probabilities: softmax(source.logits(Float32Array.of(1))) };
  return undefined;
}

function gridView(source: ViewSource, env: Gridworld): GridView {
  const probabilities: (number[] | null)[] = [];
  const values: (number | null)[] = [];
  let anyValue = false;
  for (let cell = 0; cell < gridRows * gridColumns; cell++) {
    if (gridLayout[Math.floor(cell / gridColumns)]![cell % gridColumns] !== '.') {
      probabilities.push(null);
      values.push(null);
      continue;
    }
    const observation = env.observationAt(cell);
    probabilities.push(softmax(source.logits(observation)));
    const value = source.value(observation);
    anyValue ||= value !== undefined;
    values.push(value ?? null);
  }
  return { kind: 'gridworld', layout: [...gridLayout], probabilities, values: anyValue ? values : null };
}

/** The bandit's pulls and rewards per arm so far (the "arm estimates" are their averages). */
export class BanditTally {
  readonly pulls: number[];
  private readonly sums: number[];

  constructor(arms: number) {
    this.pulls = new Array<number>(arms).fill(0);
    this.sums = new Array<number>(arms).fill(0);
  }

  add(arm: number, reward: number): void {
    this.pulls[arm]!++;
    this.sums[arm]! += reward;
  }

  estimates(): (number | null)[] {
    return this.sums.map((sum, arm) => (this.pulls[arm]! > 0 ? sum / this.pulls[arm]! : null));
  }
}

/** Records a cart-pole episode's cart positions and pole angles as it is played. */
export class CartPoleRecorder {
  private x: number[] = [];
  private theta: number[] = [];

  constructor(private readonly env: CartPole) {}

  begin(): void {
    this.x = [];
    this.theta = [];
    this.record();
  }

  record(): void {
    const [x, , theta] = this.env.currentState as [number, number, number, number];
    this.x.push(x);
    this.theta.push(theta);
  }

  view(): CartPoleView {
    return { kind: 'cartpole', x: this.x, theta: this.theta };
  }
}

export function softmax(logits: Float32Array): number[] {
  let max = -Infinity;
  for (const z of logits) max = Math.max(max, z);
  const e = Array.from(logits, (z) => Math.exp(z - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

export type { PolicyView };
