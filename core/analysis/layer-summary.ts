import type { TextRange } from '../common/range';
import type { LayerResult } from './catalog';
import type { BoundArguments } from './catalog/types';
import type { LayerInput, LayerSummary, Shape } from './summary';

/** Which copy of its enclosing `repeat` blocks a statement is being checked as. */
export interface Copy {
  readonly index: number;
  readonly count: number;
}

/**
 * A layer's summary. Built as one literal with every field present (undefined where unknown) so
 * all summaries share one object shape: this is the hot path of checking a large model.
 */
export function layerSummary(name: string, kind: LayerSummary['kind'], statement: TextRange, copy: Copy, input: Shape | undefined, inputs: readonly LayerInput[] | undefined, result?: LayerResult, args?: BoundArguments): LayerSummary {
  return summaryLiteral(args, name, kind, statement, copy.index, copy.count, input, inputs, result?.output, result?.trainableParams ?? 0n, result?.nonTrainableParams ?? 0n, result?.macs ?? 0n, result?.formula ?? '');
}

/**
 * `layer` as another copy of its statement: the same summary under another name and copy number.
 * Built by the same literal as `layerSummary` rather than by a spread, which would give the clones
 * of a `repeat` an object shape of their own and make every loop over the layers polymorphic.
 */
export function renamedLayer(layer: LayerSummary, name: string, copy: number): LayerSummary {
  return summaryLiteral(layer.args, name, layer.kind, layer.statementRange, copy, layer.copies, layer.inputShape, layer.inputs, layer.outputShape, layer.trainableParams, layer.nonTrainableParams, layer.macs, layer.paramFormula);
}

/** The one literal every summary is made by (fields in `LayerSummary`'s JSON order). */
function summaryLiteral(
  args: BoundArguments | undefined,
  name: string,
  kind: LayerSummary['kind'],
  statementRange: TextRange,
  copy: number,
  copies: number,
  inputShape: Shape | undefined,
  inputs: readonly LayerInput[] | undefined,
  outputShape: Shape | undefined,
  trainableParams: bigint,
  nonTrainableParams: bigint,
  macs: bigint,
  paramFormula: string,
): LayerSummary {
  return { args, name, kind, statementRange, copy, copies, inputShape, inputs, outputShape, trainableParams, nonTrainableParams, macs, paramFormula };
}
