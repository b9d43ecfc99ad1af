import { argumentValueText } from '../analysis/argument-text';
import { findLayer, type ArgumentValue } from '../analysis/catalog';
import type { TrainEntry } from '../syntax/tree';
import { maxRunSettings, maxSettingKey, maxSettingValue, type RunSetting } from './events';
import type { TrainPlan } from './plan';

/** Keys written elsewhere in the list (or not settings of the run at all). */
const handledTrainKeys = new Set(['optimizer', 'batch', 'epochs', 'seed', 'validation', 'sweep']);

/**
 * What a run was configured with, as `key: value` text, so runs can be compared key by key (the
 * runs table's differing columns, the diff of two runs): the optimizer and each of its arguments
 * with the catalog's defaults filled in (`lr` by its own name, as a sweep names it; the others
 * `optimizer.momentum`), the batch, epochs and validation the run really used (overrides
 * included), every other key the train block writes as written, and every layer argument with its
 * default as `layer.argument` (`hidden.units`). Equal values read the same however they were
 * written (`1_000` reads `1000`). The seed is not here: it is the start event's own field.
 */
export function runSettings(plan: TrainPlan): RunSetting[] {
  const settings: RunSetting[] = [
    { key: 'optimizer', value: plan.optimizer.name },
    ...Object.entries(plan.optimizer.args).map(([name, value]) => ({ key: name === 'lr' ? 'lr' : `optimizer.${name}`, value: String(value) })),
    { key: 'batch', value: String(plan.batch) },
    { key: 'epochs', value: String(plan.epochs) },
    { key: 'validation', value: String(plan.validation) },
  ];
  for (const item of plan.train.declaration.body?.items ?? []) {
    if (item.kind !== 'TrainEntry' || !item.value || handledTrainKeys.has(item.key.text)) continue;
    settings.push({ key: item.key.text, value: entryText(item) });
  }
  for (const layer of plan.model.layers) {
    if (layer.copy > 0 || !layer.args) continue;
    for (const spec of findLayer(layer.kind)?.args ?? []) {
      const value = layer.args.get(spec.name);
      if (value !== undefined) settings.push({ key: `${layer.name}.${spec.name}`, value: argumentValueText(value) });
    }
  }
  return settings.slice(0, maxRunSettings).map((s) => ({ key: cut(s.key, maxSettingKey), value: cut(s.value, maxSettingValue) }));
}

/** The text, or its start and `…` when longer than `max` characters. */
const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function entryText(entry: TrainEntry): string {
  return argumentValueText(entry.value as unknown as ArgumentValue);
}
