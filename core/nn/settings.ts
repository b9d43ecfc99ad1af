import { DiagnosticSink } from '../common/diagnostic-sink';
import { bindArguments } from '../analysis/arguments';
import { catalog } from '../analysis';
import type { Call } from '../syntax';
import { defaultArguments, type BoundArguments } from '../analysis/catalog';
import type { LossName, LossSetting } from './losses';
import type { OptimizerSetting } from './optimizers';
import type { ScheduleSetting } from './schedule';
import type { Augmentation } from '../data/augment';

/** The catalog's arguments of a checked call, defaults filled in (the checker already reported any problem). */
function argumentsOf(call: Call, family: catalog.CallFamily): { name: string; get(name: string): unknown } {
  const spec = catalog.callablesOf(family).find((c) => c.name === call.callee.text);
  if (!spec) throw new Error(`${family}: unknown '${call.callee.text}'`);
  const binding = bindArguments(call, spec.args, spec.name, new DiagnosticSink());
  if (!binding.complete) throw new Error(`${family}: ${spec.name}(…) has wrong arguments; run dlmodel check for details`);
  return { name: spec.name, get: (name) => binding.args.get(name) };
}

/** The optimizer of a `train` block's `optimizer:` call. */
export function optimizerSettingOf(call: Call): OptimizerSetting {
  const args = argumentsOf(call, 'optimizer');
  const spec = catalog.optimizers.find((o) => o.name === args.name)!;
  const values: Record<string, number | boolean> = {};
  for (const argument of spec.args) {
    const value = args.get(argument.name);
    if (typeof value === 'number' || typeof value === 'boolean') values[argument.name] = value;
  }
  return { name: args.name as OptimizerSetting['name'], args: values };
}

/** The schedule of a `train` block's `schedule:` call (`constant()` when absent). */
export function scheduleSettingOf(call: Call | undefined): ScheduleSetting {
  if (!call) return { name: 'constant' };
  const args = argumentsOf(call, 'schedule');
  switch (args.name) {
    case 'step':
      return { name: 'step', every: args.get('every') as number, gamma: args.get('gamma') as number };
    case 'cosine':
      return { name: 'cosine', minLr: args.get('min_lr') as number };
    case 'reduce_on_plateau':
      return {
        name: 'reduce_on_plateau',
        factor: args.get('factor') as number,
        patience: args.get('patience') as number,
        threshold: args.get('threshold') as number,
        cooldown: args.get('cooldown') as number,
        minLr: args.get('min_lr') as number,
      };
    case 'one_cycle':
      return { name: 'one_cycle', maxLr: args.get('max_lr') as number, pctStart: args.get('pct_start') as number, divFactor: args.get('div_factor') as number, finalDivFactor: args.get('final_div_factor') as number };
    default:
      return { name: 'constant' };
  }
}

/** The loss of a `train` block's `loss:` (a bare name or a call), its catalog defaults bound by the checker. */
export function lossSettingOf(loss: { readonly name: string; readonly args: BoundArguments }): LossSetting {
  const spec = catalog.losses.find((l) => l.name === loss.name);
  if (!spec) throw new Error(`loss: unknown '${loss.name}'`);
  const name = spec.name as LossName;
  switch (name) {
    case 'huber':
      return { name, delta: loss.args.number('delta') };
    case 'smooth_l1':
      return { name, beta: loss.args.number('beta') };
    case 'cross_entropy': {
      const weights = loss.args.numbers('weights');
      return { name, labelSmoothing: loss.args.number('label_smoothing'), ...(weights ? { weights } : {}) };
    }
    case 'nll': {
      const weights = loss.args.numbers('weights');
      return { name, ...(weights ? { weights } : {}) };
    }
    case 'mse':
    case 'mae':
    case 'binary_cross_entropy':
    case 'hinge':
    case 'kl_div':
      return { name };
    case 'vae':
      return { name, reconstruction: loss.args.text('reconstruction') === 'mse' ? 'mse' : 'bce', beta: loss.args.number('beta') };
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}

/** The setting of a loss written without arguments (`loss: cross_entropy`): the catalog's defaults, which are PyTorch's. */
export function defaultLoss(name: LossName): LossSetting {
  const spec = catalog.losses.find((l) => l.name === name);
  return lossSettingOf({ name, args: defaultArguments(spec?.args ?? []) });
}

/** The augmentations of a `train` block's `augment: […]` list, in order. */
export function augmentationsOf(calls: readonly Call[]): Augmentation[] {
  return calls.map((call) => {
    const args = argumentsOf(call, 'augmentation');
    switch (args.name) {
      case 'random_crop':
        return { name: 'random_crop', padding: args.get('padding') as number };
      case 'horizontal_flip':
        return { name: 'horizontal_flip', p: args.get('p') as number };
      default:
        throw new Error(`augmentation: unknown '${args.name}'`);
    }
  });
}
