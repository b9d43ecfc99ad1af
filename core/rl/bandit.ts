import type { Random } from '../common/random';
import { checkAction, type Environment, type StepResult } from './environment';

/**
 * The k-armed testbed of Sutton & Barto (2018, §2.3): each arm's true value q*(a) is drawn once
 * from N(0, 1) when the environment is built, and pulling arm a pays a reward drawn from
 * N(q*(a), 1). There is one state, so the observation is the constant [1]; an episode is one pull
 * (its return is that reward), so `episodes: N` means N pulls.
 */
export class Bandit implements Environment {
  readonly observationShape = [1] as const;
  readonly actions: number;
  /** q*(a) for each arm, in draw order. */
  readonly trueValues: readonly number[];

  constructor(
    arms: number,
    private readonly random: Random,
  ) {
    this.actions = arms;
    this.trueValues = Array.from({ length: arms }, () => random.normal());
  }

  reset(): Float32Array {
    return Float32Array.of(1);
  }

  step(action: number): StepResult {
    checkAction(action, this.actions);
    return { observation: Float32Array.of(1), reward: this.trueValues[action]! + this.random.normal(), terminated: true, truncated: false };
  }

  /** The arm with the highest true value (what a good policy picks). */
  get bestArm(): number {
    let best = 0;
    for (let a = 1; a < this.actions; a++) if (this.trueValues[a]! > this.trueValues[best]!) best = a;
    return best;
  }
}
