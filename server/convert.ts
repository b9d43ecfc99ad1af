import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as lsp from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, TextEdit as CoreTextEdit } from '../core/common/diagnostic';
import type { TextRange } from '../core/common/range';
import { basename } from 'node:path';
import { snippetToPlainText, type CodeLens, type CompletionItem, type CompletionKind, type SymbolKind } from '../core/ide';
import { toPath } from './workspace';

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

/** Indentation one `\t` of a snippet becomes in a client without snippets: the style guide's two spaces. */
const plainTextIndent = '  ';

/**
 * A completion item; a snippet goes as a snippet only to a client that says it can expand one,
 * otherwise as the plain text the snippet would leave (`dense(16)`), indented like its line.
 */
export function toCompletionItem(document: TextDocument, item: CompletionItem, snippets: boolean): lsp.CompletionItem {
  const range = toRange(document, { start: item.replaceStart, end: item.replaceEnd });
  const asSnippet = item.snippet && snippets;
  const lineIndent = /^[ \t]*/.exec(document.getText({ start: { line: range.start.line, character: 0 }, end: range.start }))?.[0] ?? '';
  return {
    label: item.label,
    kind: toCompletionKind(item.kind),
    detail: item.detail,
    documentation: { kind: lsp.MarkupKind.Markdown, value: item.documentation },
    insertTextFormat: asSnippet ? lsp.InsertTextFormat.Snippet : lsp.InsertTextFormat.PlainText,
    textEdit: { range, newText: item.snippet && !snippets ? snippetToPlainText(item.insertText, { lineIndent, indent: plainTextIndent }) : item.insertText },
    sortText: item.sortText,
    filterText: item.label.replace(/:$/, ''),
  };
}

/**
 * A code lens. The VS Code extension runs its commands and draws `$(icon)` titles; any other
 * client gets plain text and no command it could not run (the empty command marks a label), and a
 * Train lens there says how to train from a terminal.
 */
export function toCodeLens(document: TextDocument, lens: CodeLens, vscodeCommands: boolean): lsp.CodeLens {
  const range = toRange(document, lens.range);
  if (vscodeCommands) {
    const title = lens.icon ? `$(${lens.icon}) ${lens.title}` : lens.title;
    return { range, command: { title, command: lens.command?.id ?? '', arguments: lens.command ? [document.uri, ...lens.command.arguments] : [] } };
  }
  const terminal = lens.command ? trainInTerminal(document.uri, lens.trainName) : undefined;
  return { range, command: { title: terminal ? `${lens.title}: ${terminal}` : lens.title, command: '' } };
}

/** `dlmodel train spirals.dlmodel --train quick`, or undefined for a document that is not a file. */
function trainInTerminal(uri: string, trainName: string | undefined): string | undefined {
  const path = toPath(uri);
  if (!path) return undefined;
  const file = basename(path);
  const quoted = /^[\w.-]+$/.test(file) ? file : `'${file.replace(/'/g, "'\\''")}'`;
  return `dlmodel train ${quoted}${trainName ? ` --train ${trainName}` : ''}`;
}
