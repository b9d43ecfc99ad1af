/**
 * Editor features as plain data (offsets, strings, Markdown): hover, completion, signature help,
 * inlay hints, code lenses, outline, folding, formatting, quick fixes, references and rename.
 * Only server/ converts these to LSP types.
 */
export { hover, type HoverResult } from './hover';
export { completions, type CompletionItem, type CompletionKind } from './completion';
export { snippetToPlainText, type PlainTextLayout } from './snippet';
export { signatureHelp, type SignatureHelp } from './signature-help';
export { inlayHints, type InlayHint } from './inlay-hints';
export { codeLenses, showGraphCommandId, trainCommandId, type CodeLens } from './code-lens';
export { documentSymbols, type DocumentSymbol, type SymbolKind } from './symbols';
export { foldingRanges, type FoldingRange } from './folding';
export { codeActions, type CodeAction } from './code-actions';
export { symbolAt, rename, type SymbolReferences, type RenameResult } from './references';
export { formatDocument, formatText, type FormatOptions } from './format';
export { statementCursorOffset } from './cursor-statement';
export { diffReport, type DiffReport, type DiffReportLayer, type DiffReportSide, type DiffInput } from './diff-report';
