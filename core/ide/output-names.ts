import { formatShape } from '../common/format';
import type { DocumentAnalysis, Shape } from '../analysis';
import { declaredNames } from '../analysis/output-references';
import { modelSummaryOf, type Location } from './locate';

/** A name a layer may read at some point of a model: `input` or an earlier named layer. */
export interface ReadableOutput {
  readonly name: string;
  readonly shape: Shape | undefined;
  /** `[64, 8, 8]` from line …, for completion details. */
  readonly detail: string;
}

/**
 * The outputs a statement at `offset` may read (`from:`, `add(…)`, `concat(…)`): the model's
 * input, then every name given by a statement above the one being written, in source order.
 */
export function readableOutputs(analysis: DocumentAnalysis, location: Location, offset: number): ReadableOutput[] {
  if (!location.model) return [];
  const model = modelSummaryOf(analysis, location.model);
  const before = location.layer?.range.start ?? offset;
  const outputs: ReadableOutput[] = [{ name: 'input', shape: model?.input, detail: `the model's input ${formatShape(model?.input)}` }];
  for (const [name, definition] of declaredNames(location.model.body?.items ?? [])) {
    if (definition.start >= before) continue;
    const shape = model?.layers.find((l) => l.name === name)?.outputShape;
    outputs.push({ name, shape, detail: `output ${formatShape(shape)}` });
  }
  return outputs;
}
