import * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, type DocumentAnalysis } from '../core/analysis';
import { clientSupportOf, type ClientSupport } from './client-support';
import { toDiagnostic } from './convert';
import { DataFileWatch } from './data-file-watch';
import { defaultSettings, settingsFrom, type Settings } from './settings';
import { Workspace } from './workspace';

/**
 * What the language server knows between requests: the open documents and their analyses (one per
 * version), the workspace folders and trust, the settings, what the client supports, and the data
 * files each document read.
 */
export class ServerState {
  readonly documents = new lsp.TextDocuments(TextDocument);
  readonly workspace = new Workspace();
  settings: Settings = defaultSettings;
  support: ClientSupport = clientSupportOf({ processId: null, rootUri: null, capabilities: {} });
  watch: DataFileWatch;
  private readonly analyses = new Map<string, { version: number; analysis: DocumentAnalysis }>();

  constructor(readonly connection: lsp.Connection) {
    this.watch = new DataFileWatch(connection, this.support);
  }

  /** The analysis of the document's current version, computed once per version; records the data files it read. */
  analysisOf(document: TextDocument): DocumentAnalysis {
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const place = this.workspace.placeOf(document.uri);
    const reads = new Set<string>();
    const fileAccess = place.fileAccess && place.root !== undefined ? this.watch.recording(place.fileAccess, place.root, reads) : place.fileAccess;
    const analysis = checkDocument(document.getText(), { ...(fileAccess ? { fileAccess } : {}), documentFolder: place.documentFolder });
    this.analyses.set(document.uri, { version: document.version, analysis });
    this.watch.setReads(document.uri, reads);
    return analysis;
  }

  publish(document: TextDocument): void {
    const analysis = this.analysisOf(document);
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics.map((d) => toDiagnostic(document, d)) });
  }

  recheckAll(): void {
    this.analyses.clear();
    for (const document of this.documents.all()) this.publish(document);
  }

  /** Re-checks the open documents that read one of these files, with their bytes read afresh. */
  recheckReaders(paths: ReadonlySet<string>): void {
    this.workspace.forgetCachedFiles();
    for (const uri of this.watch.documentsReading(paths)) {
      const document = this.documents.get(uri);
      if (!document) continue;
      this.analyses.delete(uri);
      this.publish(document);
    }
  }

  /** A closed document: forget it and clear its diagnostics. */
  close(uri: string): void {
    this.analyses.delete(uri);
    this.watch.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Wraps a request handler: finds the document, honours cancellation, and turns any exception
   * into a logged error and an empty answer instead of a dead server.
   */
  handle<P extends { textDocument: { uri: string } }, R>(name: string, body: (document: TextDocument, params: P, analysis: DocumentAnalysis) => R): (params: P, token: lsp.CancellationToken) => R | null {
    return (params, token) => {
      if (token.isCancellationRequested) return null;
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return null;
      try {
        return body(document, params, this.analysisOf(document));
      } catch (error) {
        this.connection.console.error(`dlmodel: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return null;
      }
    };
  }

  async pullSettings(): Promise<void> {
    if (!this.support.pullConfiguration) return;
    try {
      this.settings = settingsFrom(await this.connection.workspace.getConfiguration('dlmodel'));
    } catch {
      this.settings = defaultSettings;
    }
  }
}
