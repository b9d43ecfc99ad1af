import type { TextRange } from '../common/range';
import { keywords } from '../syntax';
import type { DocumentAnalysis } from '../analysis';
import { innermost, locate } from './locate';

/** A named thing in a document: its declaration and every place that refers to it. */
export interface SymbolReferences {
  readonly kind: 'model' | 'layer' | 'train';
  readonly name: string;
  readonly declaration: TextRange;
  /** Every occurrence, the declaration first. */
  readonly occurrences: readonly TextRange[];
}

/** Models (declared by `model X`, referenced by `model: X`), named layers (read by `from:` and merges) and named train blocks. */
function allSymbols(analysis: DocumentAnalysis): SymbolReferences[] {
  const symbols: SymbolReferences[] = [];
  for (const model of analysis.models) {
    const name = model.declaration.name;
    if (!name) continue;
    const uses: TextRange[] = [];
    for (const train of analysis.trains) {
      for (const item of train.declaration.body?.items ?? []) {
        if (item.kind === 'TrainEntry' && item.key.text === 'model' && item.value?.kind === 'Name' && item.value.text === name.text) uses.push(item.value.range);
      }
    }
    symbols.push({ kind: 'model', name: name.text, declaration: name.range, occurrences: [name.range, ...uses] });
    const stack = [...(model.declaration.body?.items ?? [])];
    while (stack.length > 0) {
      const statement = stack.pop()!;
      if (statement.kind === 'Layer' && statement.name) {
        const declaration = statement.name.range;
        // Where later statements read it: `from: name`, `add(name, …)`, `concat(name, …)`.
        const reads = model.references.filter((r) => r.definition?.start === declaration.start && r.definition.end === declaration.end).map((r) => r.range);
        symbols.push({ kind: 'layer', name: statement.name.text, declaration, occurrences: [declaration, ...reads] });
      }
      if (statement.kind === 'Repeat') stack.push(...(statement.body?.items ?? []));
      if (statement.kind === 'Residual') stack.push(...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? []));
    }
  }
  for (const train of analysis.trains) {
    const name = train.declaration.name;
    if (name) symbols.push({ kind: 'train', name: name.text, declaration: name.range, occurrences: [name.range] });
  }
  return symbols;
}

/** The symbol whose name is under the cursor, if any. */
export function symbolAt(analysis: DocumentAnalysis, offset: number): SymbolReferences | undefined {
  const node = innermost(locate(analysis, offset));
  if (!node || (node.kind !== 'Identifier' && node.kind !== 'Name')) return undefined;
  return allSymbols(analysis).find((s) => s.occurrences.some((r) => r.start === node.range.start && r.end === node.range.end));
}

export type RenameResult = { readonly ok: true; readonly edits: ReadonlyArray<{ range: TextRange; newText: string }> } | { readonly ok: false; readonly reason: string };

/** Renames a model, named layer or train block everywhere; refuses names that are invalid or taken. */
export function rename(analysis: DocumentAnalysis, offset: number, newName: string): RenameResult {
  const symbol = symbolAt(analysis, offset);
  if (!symbol) return { ok: false, reason: 'Only models, named layers and named train blocks can be renamed.' };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { ok: false, reason: `'${newName}' is not a valid name: use letters, digits and '_', not starting with a digit.` };
  if (keywords.has(newName)) return { ok: false, reason: `'${newName}' is a keyword.` };
  const taken = allSymbols(analysis).some((s) => s.kind === symbol.kind && s.name === newName && s !== symbol && (symbol.kind !== 'layer' || sameModel(analysis, s.declaration, symbol.declaration)));
  if (taken) return { ok: false, reason: `A ${symbol.kind} named '${newName}' already exists.` };
  return { ok: true, edits: symbol.occurrences.map((range) => ({ range, newText: newName })) };
}

function sameModel(analysis: DocumentAnalysis, a: TextRange, b: TextRange): boolean {
  return analysis.models.some((m) => m.declaration.range.start <= a.start && a.end <= m.declaration.range.end && m.declaration.range.start <= b.start && b.end <= m.declaration.range.end);
}
