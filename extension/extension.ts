import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './language-client';

let client: LanguageClient | undefined;

/**
 * Activates on `.dlmodel` files and on the extension's commands: starts the language server and
 * registers the commands. Kept small: everything language-specific happens in the server.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('dlmodel', { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand('dlmodel.train', () => {
      void vscode.window.showInformationMessage('Training from the editor is not available yet: it arrives with the training core. Until then, `dlmodel check` and the inline shapes and parameter counts are what this version offers.');
    }),
    vscode.commands.registerCommand('dlmodel.restartServer', async () => {
      if (client) await client.restart();
    }),
  );
  client = await startLanguageClient(context, output);
  output.info(`dlmodel studio activated in ${(performance.now() - started).toFixed(1)} ms (language server started)`);
}

/** Stops the language server; VS Code waits for the returned promise. */
export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
