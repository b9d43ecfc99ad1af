import { formatCount, formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { DocumentAnalysis, ModelSummary } from '../analysis';
import type { Statement } from '../syntax';
import { isComplete } from './code-lens';
import { layersOfStatement, parametersOf } from './locate';

export type SymbolKind = 'model' | 'layer' | 'block' | 'train' | 'input';

/** An outline entry: models with their layers, blocks and train blocks. */
export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole construct. */
  readonly range: TextRange;
  /** The part to select and reveal (a name or keyword). */
  readonly selectionRange: TextRange;
  readonly children: readonly DocumentSymbol[];
}

function statementSymbols(model: ModelSummary, statements: readonly Statement[]): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const statement of statements) {
    switch (statement.kind) {
      case 'Input':
        symbols.push({ name: 'input', detail: formatShape(model.input), kind: 'input', range: statement.range, selectionRange: statement.keyword, children: [] });
        break;
      case 'Layer': {
        const layers = layersOfStatement(model, statement.range);
        const first = layers[0];
        if (!statement.call) break;
        const name = first ? (layers.length > 1 ? `${first.name} … ${layers[layers.length - 1]!.name}` : first.name) : statement.name?.text ?? statement.call.callee.text;
        const output = layers[layers.length - 1]?.outputShape;
        const params = parametersOf(layers);
        symbols.push({ name, detail: `${statement.call.callee.text} → ${formatShape(output)}${params > 0 ? ` · ${formatCount(params)}` : ''}`, kind: 'layer', range: statement.range, selectionRange: statement.name?.range ?? statement.call.callee.range, children: [] });
        break;
      }
      case 'Repeat':
        symbols.push({ name: `repeat ${statement.count?.text ?? ''}`.trim(), detail: '', kind: 'block', range: statement.range, selectionRange: statement.keyword, children: statementSymbols(model, statement.body?.items ?? []) });
        break;
      case 'Residual': {
        const children = statementSymbols(model, statement.body?.items ?? []);
        if (statement.shortcut) children.push({ name: 'shortcut', detail: '', kind: 'block', range: statement.shortcut.range, selectionRange: statement.shortcut.keyword, children: statementSymbols(model, statement.shortcut.body?.items ?? []) });
        symbols.push({ name: 'residual', detail: '', kind: 'block', range: statement.range, selectionRange: statement.keyword, children });
        break;
      }
      case 'Error':
        break;
      default: {
        const unreachable: never = statement;
        return unreachable;
      }
    }
  }
  return symbols;
}

/** The outline of a document. */
export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const model of analysis.models) {
    const declaration = model.declaration;
    symbols.push({
      name: model.name || 'model',
      detail: `${formatShape(model.input)} → ${formatShape(model.output)} · ${isComplete(model) ? '' : '≥ '}${formatCount(model.totalParams)} params`,
      kind: 'model',
      range: declaration.range,
      selectionRange: declaration.name?.range ?? declaration.keyword,
      children: statementSymbols(model, declaration.body?.items ?? []),
    });
  }
  for (const train of analysis.trains) {
    const declaration = train.declaration;
    symbols.push({ name: train.name ? `train ${train.name}` : 'train', detail: train.modelName ?? '', kind: 'train', range: declaration.range, selectionRange: declaration.name?.range ?? declaration.keyword, children: [] });
  }
  return symbols.sort((a, b) => a.range.start - b.range.start);
}
