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
  return {
    args,
    name,
    kind,
    statementRange: statement,
    copy: copy.index,
    copies: copy.count,
    inputShape: input,
    inputs,
    outputShape: result?.output,
    trainableParams: result?.trainableParams ?? 0n,
    nonTrainableParams: result?.nonTrainableParams ?? 0n,
    macs: result?.macs ?? 0n,
    paramFormula: result?.formula ?? '',
  };
}

