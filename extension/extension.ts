import * as vscode from 'vscode';

/**
 * Extension entry point. This release contributes the `dlmodel` language (file association and
 * editor configuration); the language server, training and panels attach here in later releases.
 */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('dlmodel', { log: true });
  context.subscriptions.push(output);
  output.info('dlmodel studio activated');
}

/** Nothing to release yet: every resource is registered on the context's subscriptions. */
export function deactivate(): void {}
