import type { Dataset } from '../data';
import type { TextModelInfo } from '../export/text-metadata';
import type { TrainPlan } from './plan';

/** The vocabulary, context and targets of a run on `text(…)`; undefined for any other data. */
export function textModelInfo(plan: Pick<TrainPlan, 'data'>, dataset: Dataset): TextModelInfo | undefined {
  if (plan.data.name !== 'text' || dataset.targetKind !== 'classes' || !dataset.classNames) return undefined;
  return { vocabulary: dataset.classNames, context: plan.data.context, targets: plan.data.targets };
}
