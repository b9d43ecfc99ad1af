import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Must match server/server.ts: the client tells the server when workspace trust changes. */
const trustChanged = 'dlmodel/trustChanged';

/**
 * Creates the client for the bundled language server (dist/server.js, over node IPC); `start()`
 * launches it. The client restarts the server when
 * it crashes (vscode-languageclient's default: up to 4 times in 3 minutes), and the trace setting
 * `dlmodel.trace.server` is read by the client id `dlmodel`.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dlmodel' },
      { scheme: 'untitled', language: 'dlmodel' },
    ],
    // The extension registers dlmodel.train, which the Train code lens runs. The server asks the
    // client to watch the data files each model reads (dynamic registration), so no watcher here.
    initializationOptions: { trusted: vscode.workspace.isTrusted, vscodeCommands: true },
    synchronize: { configurationSection: 'dlmodel' },
    outputChannel: output,
  };
  const client = new LanguageClient('dlmodel', 'dlmodel language server', serverOptions, clientOptions);
  context.subscriptions.push(
    client,
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client.sendNotification(trustChanged, { trusted: true });
    }),
  );
  return client;
}
