import * as lsp from 'vscode-languageserver';
import * as ide from '../core/ide';
import { clientSupportOf, type InitializationOptions } from './client-support';
import { fromRange, toCodeLens, toCompletionItem, toDiagnostic, toRange, toSymbolKind, toTextEdit } from './convert';
import { DataFileWatch } from './data-file-watch';
import { ServerState } from './server-state';
import { pushedSection, settingsFrom } from './settings';
import { toPath } from './workspace';
import { answerModelDiff } from './model-diff-request';
import { answerGraphRequests } from './graph-request';
import { answerSweepRequests } from './sweep-requests';

/** Sent by the client when workspace trust changes. */
export const trustChangedNotification = new lsp.NotificationType<{ trusted: boolean }>('dlmodel/trustChanged');

/** What the server offers every client (what a client can use is decided per request, from ClientSupport). */
const capabilities: lsp.ServerCapabilities = {
  textDocumentSync: { openClose: true, change: lsp.TextDocumentSyncKind.Incremental },
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['(', ',', ':', '='], resolveProvider: false },
  signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [':'] },
  inlayHintProvider: true,
  codeLensProvider: { resolveProvider: false },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [lsp.CodeActionKind.QuickFix] },
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

/**
 * The dlmodel language server: adapts core/analysis and core/ide to LSP over any connection
 * (node IPC from the VS Code client, or stdio for other editors). Every handler catches its own
 * failures and logs them, so one bad request can never take the server down.
 */
export function startServer(connection: lsp.Connection): void {
  const state = new ServerState(connection);
  handleLifecycle(state);
  answerReadingRequests(state);
  answerModelDiff(state);
  answerEditingRequests(state);
  answerGraphRequests(state);
  answerSweepRequests(state);
  state.documents.listen(connection);
  connection.listen();
}

/** Initialisation, settings, workspace folders and trust, watched data files, opened and closed documents. */
function handleLifecycle(state: ServerState): void {
  const { connection } = state;
  connection.onInitialize((params): lsp.InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    state.workspace.trusted = options.trusted !== false;
    state.workspace.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    state.support = clientSupportOf(params);
    state.watch = new DataFileWatch(connection, state.support);
    return { capabilities, serverInfo: { name: 'dlmodel-language-server', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    void state.pullSettings();
    if (state.support.pullConfiguration && state.support.registerConfiguration) void connection.client.register(lsp.DidChangeConfigurationNotification.type, { section: 'dlmodel' }).catch(() => undefined);
    if (state.support.workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        state.workspace.changeFolders(
          added.map((f) => f.uri),
          removed.map((f) => f.uri),
        );
        state.recheckAll();
      });
    }
  });

  // Clients that push settings (Neovim, Helix, Emacs) send them here; VS Code sends null and is pulled from.
  connection.onDidChangeConfiguration(({ settings: pushed }: lsp.DidChangeConfigurationParams) => {
    const section = pushedSection(pushed);
    if (section !== undefined) state.settings = settingsFrom(section);
    const updated = section !== undefined ? Promise.resolve() : state.pullSettings();
    void updated.then(() => {
      if (state.support.refreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    });
  });

  connection.onNotification(trustChangedNotification, ({ trusted }) => {
    state.workspace.trusted = trusted;
    state.recheckAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => state.recheckReaders(new Set(changes.flatMap((change) => toPath(change.uri) ?? []))));

  // Fires on open as well as on every change, so it alone publishes.
  state.documents.onDidChangeContent((event) => state.publish(event.document));
  state.documents.onDidClose((event) => state.close(event.document.uri));
}

/** Requests that read the document: hover, completion, signature help, hints, lenses, outline, folding. */
function answerReadingRequests(state: ServerState): void {
  const { connection } = state;
  connection.onHover(
    state.handle('hover', (document, params: lsp.HoverParams, analysis) => {
      const result = ide.hover(analysis, document.offsetAt(params.position));
      return result ? { contents: { kind: lsp.MarkupKind.Markdown, value: result.markdown }, range: toRange(document, result.range) } : null;
    }),
  );

  connection.onCompletion(
    state.handle('completion', (document, params: lsp.CompletionParams, analysis) =>
      ide.completions(analysis, document.offsetAt(params.position)).map((item) => toCompletionItem(document, item, state.support.snippets)),
    ),
  );

  connection.onSignatureHelp(
    state.handle('signature help', (document, params: lsp.SignatureHelpParams, analysis) => {
      const help = ide.signatureHelp(analysis, document.offsetAt(params.position));
      if (!help) return null;
      return {
        signatures: [
          {
            label: help.label,
            documentation: { kind: lsp.MarkupKind.Markdown, value: help.documentation },
            parameters: help.parameters.map((p) => ({ label: [p.range[0], p.range[1]] as [number, number], documentation: { kind: lsp.MarkupKind.Markdown, value: p.documentation } })),
          },
        ],
        activeSignature: 0,
        activeParameter: help.activeParameter < 0 ? help.parameters.length : help.activeParameter,
      };
    }),
  );

  connection.languages.inlayHint.on(
    state.handle('inlay hints', (document, params: lsp.InlayHintParams, analysis) => {
      if (!state.settings.inlayHints.enabled) return [];
      const range = fromRange(document, params.range);
      return ide.inlayHints(analysis, range.start, range.end).map((hint) => ({ position: document.positionAt(hint.offset), label: hint.label, paddingLeft: true, tooltip: hint.tooltip }));
    }),
  );

  connection.onCodeLens(
    state.handle('code lens', (document, _params: lsp.CodeLensParams, analysis) => ide
        .codeLenses(analysis)
        .filter((lens) => !lens.vscodeOnly || state.support.vscodeCommands)
        .map((lens) => toCodeLens(document, lens, state.support.vscodeCommands)),
    ),
  );

  connection.onDocumentSymbol(
    state.handle('document symbols', (document, _params: lsp.DocumentSymbolParams, analysis) => {
      const convert = (symbol: ide.DocumentSymbol): lsp.DocumentSymbol => ({
        name: symbol.name,
        detail: symbol.detail,
        kind: toSymbolKind(symbol.kind),
        range: toRange(document, symbol.range),
        selectionRange: toRange(document, symbol.selectionRange),
        children: symbol.children.map(convert),
      });
      return ide.documentSymbols(analysis).map(convert);
    }),
  );

  connection.onFoldingRanges(
    state.handle('folding ranges', (document, _params: lsp.FoldingRangeParams, analysis) =>
      ide.foldingRanges(analysis, document.getText()).flatMap((fold) => {
        const start = document.positionAt(fold.range.start).line;
        const end = document.positionAt(fold.range.end).line;
        // The closing line stays visible, as in VS Code's own folding.
        const last = fold.kind === 'region' ? end - 1 : end;
        return last > start ? [{ startLine: start, endLine: last, kind: fold.kind === 'comment' ? lsp.FoldingRangeKind.Comment : lsp.FoldingRangeKind.Region }] : [];
      }),
    ),
  );
}

/** Requests that edit or navigate: formatting, quick fixes, definition, references, rename. */
function answerEditingRequests(state: ServerState): void {
  const { connection } = state;
  connection.onDocumentFormatting(
    state.handle('formatting', (document, params: lsp.DocumentFormattingParams) => {
      // The editor's indentation settings; the extension defaults them to two spaces for dlmodel.
      const indent = params.options.insertSpaces ? ' '.repeat(Math.max(1, Math.min(8, params.options.tabSize))) : '\t';
      return ide.formatDocument(document.getText(), { indent }).map((edit) => toTextEdit(document, edit));
    }),
  );

  connection.onCodeAction(
    state.handle('code actions', (document, params: lsp.CodeActionParams, analysis) =>
      ide.codeActions(analysis, fromRange(document, params.range)).map(
        (action): lsp.CodeAction => ({
          title: action.title,
          kind: lsp.CodeActionKind.QuickFix,
          diagnostics: [toDiagnostic(document, action.diagnostic)],
          isPreferred: action.preferred,
          edit: { changes: { [document.uri]: action.edits.map((e) => toTextEdit(document, e)) } },
        }),
      ),
    ),
  );

  connection.onDefinition(
    state.handle('definition', (document, params: lsp.DefinitionParams, analysis) => {
      const symbol = ide.symbolAt(analysis, document.offsetAt(params.position));
      return symbol ? { uri: document.uri, range: toRange(document, symbol.declaration) } : null;
    }),
  );

  connection.onReferences(
    state.handle('references', (document, params: lsp.ReferenceParams, analysis) => {
      const symbol = ide.symbolAt(analysis, document.offsetAt(params.position));
      if (!symbol) return [];
      const occurrences = params.context.includeDeclaration ? symbol.occurrences : symbol.occurrences.slice(1);
      return occurrences.map((range) => ({ uri: document.uri, range: toRange(document, range) }));
    }),
  );

  connection.onPrepareRename(
    state.handle('prepare rename', (document, params: lsp.PrepareRenameParams, analysis) => {
      const offset = document.offsetAt(params.position);
      const symbol = ide.symbolAt(analysis, offset);
      const occurrence = symbol?.occurrences.find((r) => r.start <= offset && offset <= r.end);
      if (!symbol || !occurrence) return null; // the client says the element cannot be renamed
      return { range: toRange(document, occurrence), placeholder: symbol.name };
    }),
  );

  connection.onRenameRequest((params, token) => {
    const document = state.documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const result = ide.rename(state.analysisOf(document), document.offsetAt(params.position), params.newName);
    if (!result.ok) throw new lsp.ResponseError(lsp.ErrorCodes.InvalidRequest, result.reason);
    return { changes: { [document.uri]: result.edits.map((e) => toTextEdit(document, e)) } };
  });
}
