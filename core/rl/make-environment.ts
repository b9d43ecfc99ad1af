import type { BoundCall } from '../analysis/policy-checker';
import type { Random } from '../common/random';
import { Bandit } from './bandit';
import { CartPole } from './cartpole';
import type { Environment } from './environment';
import { Gridworld, type GridObservation } from './gridworld';

export type EnvironmentName = 'bandit' | 'gridworld' | 'cartpole';

/** Builds the environment of a checked `env:` call, drawing from `random` (the run's `env` stream). */
export function makeEnvironment(setting: BoundCall, random: Random): Environment {
  const name = setting.name as EnvironmentName;
  switch (name) {
    case 'bandit':
      return new Bandit(setting.args.number('arms'), random);
    case 'gridworld':
      return new Gridworld({ observation: setting.args.text('observation') as GridObservation, stepCost: setting.args.number('step_cost'), maxSteps: setting.args.number('max_steps') }, random);
    case 'cartpole':
      return new CartPole(random);
    default: {
      const unreachable: never = name;
      throw new Error(`env: unknown '${String(unreachable)}'`);
    }
  }
}
