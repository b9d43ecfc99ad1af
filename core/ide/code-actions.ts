import type { Diagnostic, TextEdit } from '../common/diagnostic';
import type { TextRange } from '../common/range';
import type { DocumentAnalysis } from '../analysis';

/** A quick fix for one diagnostic. */
export interface CodeAction {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly diagnostic: Diagnostic;
  /** The preferred fix of its diagnostic (applied by "auto fix"). */
  readonly preferred: boolean;
}

/** The quick fixes of every diagnostic that overlaps `range` (a cursor counts as touching). */
export function codeActions(analysis: DocumentAnalysis, range: TextRange): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of analysis.diagnostics) {
    if (diagnostic.range.end < range.start || diagnostic.range.start > range.end) continue;
    (diagnostic.fixes ?? []).forEach((fix, index) => actions.push({ title: fix.title, edits: fix.edits, diagnostic, preferred: index === 0 }));
  }
  return actions;
}
