import * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, type DocumentAnalysis } from '../core/analysis';
import * as ide from '../core/ide';
import { clientSupportOf, type ClientSupport, type InitializationOptions } from './client-support';
import { fromRange, toCodeLens, toCompletionItem, toDiagnostic, toRange, toSymbolKind, toTextEdit } from './convert';
import { DataFileWatch } from './data-file-watch';
import { defaultSettings, pushedSection, settingsFrom } from './settings';
import { toPath, Workspace } from './workspace';

/** Sent by the client when workspace trust changes. */
export const trustChangedNotification = new lsp.NotificationType<{ trusted: boolean }>('dlmodel/trustChanged');

/**
 * The dlmodel language server: adapts core/analysis and core/ide to LSP over any connection
 * (node IPC from the VS Code client, or stdio for other editors). Every handler catches its own
 * failures and logs them, so one bad request can never take the server down.
 */
export function startServer(connection: lsp.Connection): void {
  const documents = new lsp.TextDocuments(TextDocument);
  const workspace = new Workspace();
  const analyses = new Map<string, { version: number; analysis: DocumentAnalysis }>();
  let settings = defaultSettings;
  let support: ClientSupport = clientSupportOf({ processId: null, rootUri: null, capabilities: {} });
  let watch = new DataFileWatch(connection, support);

  /** The analysis of the document's current version, computed once per version; records the data files it read. */
  function analysisOf(document: TextDocument): DocumentAnalysis {
    const cached = analyses.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const place = workspace.placeOf(document.uri);
    const reads = new Set<string>();
    const fileAccess = place.fileAccess && place.root !== undefined ? watch.recording(place.fileAccess, place.root, reads) : place.fileAccess;
    const analysis = checkDocument(document.getText(), { ...(fileAccess ? { fileAccess } : {}), documentFolder: place.documentFolder });
    analyses.set(document.uri, { version: document.version, analysis });
    watch.setReads(document.uri, reads);
    return analysis;
  }

  function publish(document: TextDocument): void {
    const analysis = analysisOf(document);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics.map((d) => toDiagnostic(document, d)) });
  }

  function recheckAll(): void {
    analyses.clear();
    for (const document of documents.all()) publish(document);
  }

  /** Re-checks the open documents that read one of these files, with their bytes read afresh. */
  function recheckReaders(paths: ReadonlySet<string>): void {
    workspace.forgetCachedFiles();
    for (const uri of watch.documentsReading(paths)) {
      const document = documents.get(uri);
      if (!document) continue;
      analyses.delete(uri);
      publish(document);
    }
  }

  /**
   * Wraps a request handler: finds the document, honours cancellation, and turns any exception
   * into a logged error and an empty answer instead of a dead server.
   */
  function handle<P extends { textDocument: { uri: string } }, R>(name: string, body: (document: TextDocument, params: P, analysis: DocumentAnalysis) => R): (params: P, token: lsp.CancellationToken) => R | null {
    return (params, token) => {
      if (token.isCancellationRequested) return null;
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      try {
        return body(document, params, analysisOf(document));
      } catch (error) {
        connection.console.error(`dlmodel: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return null;
      }
    };
  }

  async function pullSettings(): Promise<void> {
    if (!support.pullConfiguration) return;
    try {
      settings = settingsFrom(await connection.workspace.getConfiguration('dlmodel'));
    } catch {
      settings = defaultSettings;
    }
  }

  connection.onInitialize((params): lsp.InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    workspace.trusted = options.trusted !== false;
    workspace.setFolders(params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []));
    support = clientSupportOf(params);
    watch = new DataFileWatch(connection, support);
    return {
      capabilities: {
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
      },
      serverInfo: { name: 'dlmodel-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    void pullSettings();
    if (support.pullConfiguration && support.registerConfiguration) void connection.client.register(lsp.DidChangeConfigurationNotification.type, { section: 'dlmodel' }).catch(() => undefined);
    if (support.workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        workspace.changeFolders(
          added.map((f) => f.uri),
          removed.map((f) => f.uri),
        );
        recheckAll();
      });
    }
  });

  // Clients that push settings (Neovim, Helix, Emacs) send them here; VS Code sends null and is pulled from.
  connection.onDidChangeConfiguration(({ settings: pushed }: lsp.DidChangeConfigurationParams) => {
    const section = pushedSection(pushed);
    if (section !== undefined) settings = settingsFrom(section);
    const updated = section !== undefined ? Promise.resolve() : pullSettings();
    void updated.then(() => {
      if (support.refreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    });
  });

  connection.onNotification(trustChangedNotification, ({ trusted }) => {
    workspace.trusted = trusted;
    recheckAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => recheckReaders(new Set(changes.flatMap((change) => toPath(change.uri) ?? []))));

  // Fires on open as well as on every change, so it alone publishes.
  documents.onDidChangeContent((event) => publish(event.document));
  documents.onDidClose((event) => {
    analyses.delete(event.document.uri);
    watch.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(
    handle('hover', (document, params: lsp.HoverParams, analysis) => {
      const result = ide.hover(analysis, document.offsetAt(params.position));
      return result ? { contents: { kind: lsp.MarkupKind.Markdown, value: result.markdown }, range: toRange(document, result.range) } : null;
    }),
  );

  connection.onCompletion(
    handle('completion', (document, params: lsp.CompletionParams, analysis) =>
      ide.completions(analysis, document.offsetAt(params.position)).map((item) => toCompletionItem(document, item, support.snippets)),
    ),
  );

  connection.onSignatureHelp(
    handle('signature help', (document, params: lsp.SignatureHelpParams, analysis) => {
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
    handle('inlay hints', (document, params: lsp.InlayHintParams, analysis) => {
      if (!settings.inlayHints.enabled) return [];
      const range = fromRange(document, params.range);
      return ide.inlayHints(analysis, range.start, range.end).map((hint) => ({ position: document.positionAt(hint.offset), label: hint.label, paddingLeft: true, tooltip: hint.tooltip }));
    }),
  );

  connection.onCodeLens(
    handle('code lens', (document, _params: lsp.CodeLensParams, analysis) => ide.codeLenses(analysis).map((lens) => toCodeLens(document, lens, support.vscodeCommands))),
  );

  connection.onDocumentSymbol(
    handle('document symbols', (document, _params: lsp.DocumentSymbolParams, analysis) => {
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
    handle('folding ranges', (document, _params: lsp.FoldingRangeParams, analysis) =>
      ide.foldingRanges(analysis, document.getText()).flatMap((fold) => {
        const start = document.positionAt(fold.range.start).line;
        const end = document.positionAt(fold.range.end).line;
        // The closing line stays visible, as in VS Code's own folding.
        const last = fold.kind === 'region' ? end - 1 : end;
        return last > start ? [{ startLine: start, endLine: last, kind: fold.kind === 'comment' ? lsp.FoldingRangeKind.Comment : lsp.FoldingRangeKind.Region }] : [];
      }),
    ),
  );

  connection.onDocumentFormatting(
    handle('formatting', (document, params: lsp.DocumentFormattingParams) => {
      // The editor's indentation settings; the extension defaults them to two spaces for dlmodel.
      const indent = params.options.insertSpaces ? ' '.repeat(Math.max(1, Math.min(8, params.options.tabSize))) : '\t';
      return ide.formatDocument(document.getText(), { indent }).map((edit) => toTextEdit(document, edit));
    }),
  );

  connection.onCodeAction(
    handle('code actions', (document, params: lsp.CodeActionParams, analysis) =>
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
    handle('definition', (document, params: lsp.DefinitionParams, analysis) => {
      const symbol = ide.symbolAt(analysis, document.offsetAt(params.position));
      return symbol ? { uri: document.uri, range: toRange(document, symbol.declaration) } : null;
    }),
  );

  connection.onReferences(
    handle('references', (document, params: lsp.ReferenceParams, analysis) => {
      const symbol = ide.symbolAt(analysis, document.offsetAt(params.position));
      if (!symbol) return [];
      const occurrences = params.context.includeDeclaration ? symbol.occurrences : symbol.occurrences.slice(1);
      return occurrences.map((range) => ({ uri: document.uri, range: toRange(document, range) }));
    }),
  );

  connection.onPrepareRename(
    handle('prepare rename', (document, params: lsp.PrepareRenameParams, analysis) => {
      const offset = document.offsetAt(params.position);
      const symbol = ide.symbolAt(analysis, offset);
      const occurrence = symbol?.occurrences.find((r) => r.start <= offset && offset <= r.end);
      if (!symbol || !occurrence) return null; // the client says the element cannot be renamed
      return { range: toRange(document, occurrence), placeholder: symbol.name };
    }),
  );

  connection.onRenameRequest((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const result = ide.rename(analysisOf(document), document.offsetAt(params.position), params.newName);
    if (!result.ok) throw new lsp.ResponseError(lsp.ErrorCodes.InvalidRequest, result.reason);
    return { changes: { [document.uri]: result.edits.map((e) => toTextEdit(document, e)) } };
  });

  documents.listen(connection);
  connection.listen();
}
