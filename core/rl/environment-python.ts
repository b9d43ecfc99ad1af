import type { BoundCall } from '../analysis/policy-checker';
import { pyFloat, pyNumber } from '../export/pytorch/python';
import { pyString } from '../export/pytorch/python-text';
import { banditPython } from './bandit-python';
import { cartPolePython } from './cartpole-python';
import { gridworldPython } from './gridworld-python';
import type { EnvironmentName } from './make-environment';

/** An environment as Python: its class (and helpers) and the call that builds it from the run's env stream `random`. */
export interface EnvironmentPython {
  readonly code: string;
  /** An expression of `random` (the env stream) that builds the environment with the block's arguments. */
  readonly make: string;
}

/** The Python port of a checked `env:` call, as make-environment.ts builds it in TypeScript. */
export function environmentPython(setting: BoundCall): EnvironmentPython {
  const name = setting.name as EnvironmentName;
  switch (name) {
    case 'bandit':
      return { code: banditPython, make: `Bandit(${pyNumber(setting.args.number('arms'))}, random)` };
    case 'gridworld':
      return {
        code: gridworldPython(),
        make: `Gridworld(${pyString(setting.args.text('observation'))}, ${pyFloat(setting.args.number('step_cost'))}, ${pyNumber(setting.args.number('max_steps'))}, random)`,
      };
    case 'cartpole':
      return { code: cartPolePython(), make: 'CartPole(random)' };
    default: {
      const unreachable: never = name;
      throw new Error(`env: unknown '${String(unreachable)}'`);
    }
  }
}
