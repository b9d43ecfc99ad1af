import type { TextRange } from './range';
import type { DiagnosticCode } from './codes';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Another place that explains a diagnostic: the other side of a mismatch, the first of two duplicates. */
export interface RelatedLocation {
  readonly range: TextRange;
  readonly message: string;
}

/** A text replacement; `range` is in the same document as the diagnostic. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** A fix the editor can offer as a quick fix. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/**
 * A finding about a document. Messages say what is wrong, what was found and what would fix it.
 * Diagnostics are plain data so every adapter (CLI, language server, tests) can print them its way.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly range: TextRange;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}
