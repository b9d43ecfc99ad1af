import type { LossName } from '../nn/losses';
import type { OptimizerSetting } from '../nn/optimizers';
import { formatValue } from '../inspect/backprop';

/** ∂L/∂scores[k] of each fused loss, in words the seed step shows (one example, so no mean over rows). */
export function lossGradientFormula(loss: LossName, scores: string, k: number): string {
  switch (loss) {
    case 'cross_entropy':
      return `softmax(${scores})[${k}] − [y = ${k}]`;
    case 'binary_cross_entropy':
      return `σ(${scores}[${k}]) − y`;
    case 'mse':
      return `2·(${scores}[${k}] − y[${k}]) / n`;
    case 'mae':
      return `sign(${scores}[${k}] − y[${k}]) / n`;
    case 'huber':
    case 'smooth_l1':
      return `clip(${scores}[${k}] − y[${k}]) / n`;
    case 'hinge':
    case 'nll':
    case 'kl_div':
    case 'vae':
      return `∂${loss}/∂${scores}[${k}]`;
    default: {
      const unreachable: never = loss;
      return unreachable;
    }
  }
}

/** `sgd(lr: 0.05, momentum: 0.9)`: the name and the arguments that change the rule (zeros and false left out). */
export function optimizerLabel(setting: OptimizerSetting): string {
  const args = Object.entries(setting.args)
    .filter(([, value]) => value !== 0 && value !== false)
    .map(([name, value]) => `${name}: ${typeof value === 'number' ? formatValue(value).replace('−', '-') : String(value)}`);
  return `${setting.name}(${args.join(', ')})`;
}

/**
 * The train block's optimizer, then plain SGD, SGD with momentum 0.9 and Adam at the same learning
 * rate (PyTorch's defaults otherwise), so the view can compare the three update rules on one step.
 */
export function optimizerVariants(own: OptimizerSetting): OptimizerSetting[] {
  const lr = Number(own.args['lr'] ?? 0.01);
  const sgd = { lr, momentum: 0, nesterov: false, weight_decay: 0 };
  const variants: OptimizerSetting[] = [own, { name: 'sgd', args: sgd }, { name: 'sgd', args: { ...sgd, momentum: 0.9 } }, { name: 'adam', args: { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } }];
  const seen = new Set<string>();
  return variants.filter((variant) => {
    const label = optimizerLabel(variant);
    if (seen.has(label)) return false;
    seen.add(label);
    return true;
  });
}
