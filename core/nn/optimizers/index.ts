import { Adagrad } from './adagrad';
import { Adam } from './adam';
import type { Optimizer, TrainableParameter } from './parameter';
import { Rmsprop } from './rmsprop';
import { Sgd } from './sgd';

export type { Optimizer, OptimizerState, TrainableParameter } from './parameter';
export { Sgd, Adam, Rmsprop, Adagrad };

/** An optimizer call of a `train` block with every argument (defaults filled in by the catalog). */
export interface OptimizerSetting {
  readonly name: 'sgd' | 'adam' | 'adamw' | 'rmsprop' | 'adagrad';
  readonly args: Readonly<Record<string, number | boolean>>;
}

const number = (args: OptimizerSetting['args'], name: string): number => {
  const value = args[name];
  if (typeof value !== 'number') throw new Error(`optimizer: argument '${name}' is missing or not a number`);
  return value;
};

/** Builds the optimizer a `train` block names, over the given parameters. */
export function createOptimizer(setting: OptimizerSetting, parameters: readonly TrainableParameter[]): Optimizer {
  const { args } = setting;
  switch (setting.name) {
    case 'sgd':
      return new Sgd(parameters, { lr: number(args, 'lr'), momentum: number(args, 'momentum'), nesterov: args['nesterov'] === true, weightDecay: number(args, 'weight_decay') });
    case 'adam':
    case 'adamw':
      return new Adam(parameters, {
        lr: number(args, 'lr'),
        beta1: number(args, 'beta1'),
        beta2: number(args, 'beta2'),
        eps: number(args, 'eps'),
        weightDecay: number(args, 'weight_decay'),
        decoupled: setting.name === 'adamw',
      });
    case 'rmsprop':
      return new Rmsprop(parameters, { lr: number(args, 'lr'), alpha: number(args, 'alpha'), eps: number(args, 'eps'), momentum: number(args, 'momentum'), weightDecay: number(args, 'weight_decay') });
    case 'adagrad':
      return new Adagrad(parameters, { lr: number(args, 'lr'), eps: number(args, 'eps'), weightDecay: number(args, 'weight_decay') });
    default: {
      const unreachable: never = setting.name;
      return unreachable;
    }
  }
}
