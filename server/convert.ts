import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as lsp from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, TextEdit as CoreTextEdit } from '../core/common/diagnostic';
import type { TextRange } from '../core/common/range';
import type { CompletionKind, SymbolKind } from '../core/ide';

/** Core offsets → an LSP range (the document counts UTF-16 units, as core does). */
export function toRange(document: TextDocument, range: TextRange): lsp.Range {
  return { start: document.positionAt(range.start), end: document.positionAt(range.end) };
}

/** An LSP range → core offsets. */
export function fromRange(document: TextDocument, range: lsp.Range): TextRange {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

const severities = {
  error: lsp.DiagnosticSeverity.Error,
  warning: lsp.DiagnosticSeverity.Warning,
  information: lsp.DiagnosticSeverity.Information,
  hint: lsp.DiagnosticSeverity.Hint,
} as const;

/** A core diagnostic as LSP publishes it; `source` lets users filter the Problems panel. */
export function toDiagnostic(document: TextDocument, diagnostic: CoreDiagnostic): lsp.Diagnostic {
  return {
    range: toRange(document, diagnostic.range),
    severity: severities[diagnostic.severity],
    code: diagnostic.code,
    source: 'dlmodel',
    message: diagnostic.message,
    ...(diagnostic.related
      ? { relatedInformation: diagnostic.related.map((r) => ({ location: { uri: document.uri, range: toRange(document, r.range) }, message: r.message })) }
      : {}),
  };
}

export function toTextEdit(document: TextDocument, edit: CoreTextEdit): lsp.TextEdit {
  return { range: toRange(document, edit.range), newText: edit.newText };
}

const completionKinds: Record<CompletionKind, lsp.CompletionItemKind> = {
  keyword: lsp.CompletionItemKind.Keyword,
  layer: lsp.CompletionItemKind.Class,
  argument: lsp.CompletionItemKind.Property,
  value: lsp.CompletionItemKind.EnumMember,
  function: lsp.CompletionItemKind.Function,
  model: lsp.CompletionItemKind.Reference,
  key: lsp.CompletionItemKind.Field,
};

export function toCompletionKind(kind: CompletionKind): lsp.CompletionItemKind {
  return completionKinds[kind];
}

const symbolKinds: Record<SymbolKind, lsp.SymbolKind> = {
  model: lsp.SymbolKind.Class,
  layer: lsp.SymbolKind.Field,
  block: lsp.SymbolKind.Namespace,
  train: lsp.SymbolKind.Event,
  input: lsp.SymbolKind.Property,
};

export function toSymbolKind(kind: SymbolKind): lsp.SymbolKind {
  return symbolKinds[kind];
}
