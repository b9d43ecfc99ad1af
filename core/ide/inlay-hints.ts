import { formatCount, formatList, formatShape } from '../common/format';
import type { DocumentAnalysis, LayerSummary } from '../analysis';
import { parametersOf } from './locate';

/** A hint shown after a statement: `→ [64, 112, 112] · 73,856 params`. */
export interface InlayHint {
  /** Where the hint is drawn: just after the statement. */
  readonly offset: number;
  readonly label: string;
  /** Longer explanation for the hint's tooltip. */
  readonly tooltip: string;
}

/**
 * One hint per layer statement with its output shape and parameters. A statement inside `repeat`
 * gets `×N`, the last copy's shape and the parameters of all copies; a residual gets the shape of
 * its sum. Statements whose shape is unknown (an error above) get no hint rather than a wrong one.
 */
export function inlayHints(analysis: DocumentAnalysis, from = 0, to = Number.MAX_SAFE_INTEGER): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const model of analysis.models) {
    const byStatement = new Map<number, LayerSummary[]>();
    for (const layer of model.layers) {
      if (layer.statementRange.end < from || layer.statementRange.start > to) continue;
      const group = byStatement.get(layer.statementRange.start);
      if (group) group.push(layer);
      else byStatement.set(layer.statementRange.start, [layer]);
    }
    for (const group of byStatement.values()) {
      const last = group[group.length - 1] as LayerSummary;
      if (!last.outputShape) continue;
      const params = parametersOf(group);
      const copies = group.length > 1 ? `×${group.length} ` : '';
      const paramText = params > 0 ? ` · ${formatCount(params)} params` : '';
      const isSum = last.kind === 'add';
      // A residual's hint goes after its whole block, where the sum happens.
      hints.push({
        offset: last.statementRange.end,
        label: `${copies}→ ${formatShape(last.outputShape)}${isSum ? ' (sum)' : paramText}`,
        tooltip: group.length > 1 ? `${formatList(group.map((l) => l.name))}: ${formatCount(params)} parameters in all` : `${last.name}: ${last.paramFormula ? `${last.paramFormula} = ` : ''}${formatCount(params)} parameters`,
      });
    }
  }
  return hints.sort((a, b) => a.offset - b.offset);
}
