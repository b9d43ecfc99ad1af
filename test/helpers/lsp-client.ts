import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as rpc from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import { fromRoot } from './paths';

/**
 * What a VS Code client declares (the default): pulls settings, refreshes inlay hints, expands
 * snippets. The server's behaviour for other editors is tested with `editorCapabilities`.
 */
export const vscodeLikeCapabilities: lsp.ClientCapabilities = {
  workspace: { configuration: true, inlayHint: { refreshSupport: true } },
  textDocument: { hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: true } } },
};

/**
 * What Neovim 0.9 and Helix declare, roughly: workspace folders, no snippets, no settings pull
 * (settings are pushed), file watchers by dynamic registration with relative patterns.
 */
export const editorCapabilities: lsp.ClientCapabilities = {
  workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
  textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: false } } },
};

/** How to start the client; the defaults give a VS Code-like client of `dlmodel lsp --stdio`. */
export interface StartOptions {
  readonly capabilities?: lsp.ClientCapabilities;
  /** The answer to every `workspace/configuration` item. */
  readonly configuration?: unknown;
}

/**
 * A minimal LSP client for tests: spawns the real `dlmodel lsp --stdio` (dist/cli.js) and speaks
 * JSON-RPC to it over its standard input and output, as Neovim or Helix would.
 */
export class LspTestClient {
  readonly connection: rpc.MessageConnection;
  private readonly diagnosticsWaiters = new Map<string, Array<(params: lsp.PublishDiagnosticsParams) => void>>();
  readonly latestDiagnostics = new Map<string, lsp.PublishDiagnosticsParams>();
  private versions = new Map<string, number>();
  readonly stderr: string[] = [];
  /** Every `client/registerCapability` and `client/unregisterCapability` the server sent, in order. */
  readonly registrations: Array<{ register: lsp.Registration } | { unregister: lsp.Unregistration }> = [];
  private registrationWaiters: Array<() => void> = [];

  private constructor(
    readonly process: ChildProcess,
    configuration: unknown,
  ) {
    this.connection = rpc.createMessageConnection(new rpc.StreamMessageReader(process.stdout!), new rpc.StreamMessageWriter(process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
      this.latestDiagnostics.set(params.uri, params);
      const waiters = this.diagnosticsWaiters.get(params.uri) ?? [];
      this.diagnosticsWaiters.delete(params.uri);
      for (const resolve of waiters) resolve(params);
    });
    this.connection.onRequest('workspace/configuration', (params: lsp.ConfigurationParams) => params.items.map(() => configuration));
    this.connection.onRequest('client/registerCapability', (params: lsp.RegistrationParams) => this.recordRegistrations(params.registrations.map((register) => ({ register }))));
    this.connection.onRequest('client/unregisterCapability', (params: lsp.UnregistrationParams) => this.recordRegistrations(params.unregisterations.map((unregister) => ({ unregister }))));
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    process.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection.listen();
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(workspaceFolder: string, initializationOptions: Record<string, unknown> = {}, options: StartOptions = {}): Promise<LspTestClient> {
    const child = spawn(process.execPath, [fromRoot('dist/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspTestClient(child, options.configuration ?? { inlayHints: { enabled: true } });
    const uri = pathToFileURL(workspaceFolder).href;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'workspace' }],
      initializationOptions,
      capabilities: options.capabilities ?? vscodeLikeCapabilities,
    } satisfies lsp.InitializeParams);
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  private recordRegistrations(entries: Array<{ register: lsp.Registration } | { unregister: lsp.Unregistration }>): null {
    this.registrations.push(...entries);
    const waiters = this.registrationWaiters;
    this.registrationWaiters = [];
    for (const wake of waiters) wake();
    return null;
  }

  /** Resolves once a registration for `method` satisfies `accept` (checking those already received first). */
  async registration(method: string, accept: (options: unknown) => boolean = () => true): Promise<lsp.Registration> {
    for (;;) {
      const found = [...this.registrations].reverse().find((r): r is { register: lsp.Registration } => 'register' in r && r.register.method === method);
      if (found && accept(found.register.registerOptions)) return found.register;
      await new Promise<void>((resolve) => this.registrationWaiters.push(resolve));
    }
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<lsp.PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      const wait = (params: lsp.PublishDiagnosticsParams): void => {
        if (version === undefined || params.version === version) resolve(params);
        else this.diagnosticsWaiters.set(uri, [...(this.diagnosticsWaiters.get(uri) ?? []), wait]);
      };
      this.diagnosticsWaiters.set(uri, [...(this.diagnosticsWaiters.get(uri) ?? []), wait]);
    });
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(uri: string, text: string): Promise<lsp.PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, 1);
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dlmodel', version: 1, text } });
    return published;
  }

  /** Sends incremental changes and waits for the diagnostics of the new version. */
  async change(uri: string, changes: lsp.TextDocumentContentChangeEvent[]): Promise<lsp.PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return published;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** Shuts the server down politely, then makes sure the process is gone. */
  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

/** The LSP position of the first occurrence of `marker` in `text` (at its start, plus `delta`). */
export function positionOf(text: string, marker: string, delta = 0): lsp.Position {
  const offset = text.indexOf(marker);
  if (offset < 0) throw new Error(`marker ${marker} not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** The LSP position of an offset. */
export function positionAt(text: string, offset: number): lsp.Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}
