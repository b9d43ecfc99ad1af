import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { renderDiffHtml } from '../report/diff-html';
import { modelDiffRequest, type ModelDiffParams, type ModelDiffResult } from '../protocol/lsp-requests';
import { currentModelDocument } from './model-document';

/**
 * *Compare Model with HEAD* and *Compare Model with…*: the open document's text (saved or not)
 * against its committed version (read through VS Code's Git extension API, never a git process)
 * or another .dlmodel file, diffed by the language server and shown as a table beside the editor.
 */

/** The part of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here. */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (extension === undefined) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.getAPI(1);
}

/** The committed text of the document, or the one-line reason there is none. */
async function committedText(document: vscode.TextDocument): Promise<{ text: string } | { problem: string }> {
  if (document.uri.scheme !== 'file') return { problem: 'an unsaved new file has no committed version: use "Compare Model with…" to pick a file' };
  const git = await gitApi();
  if (git === undefined) return { problem: 'the Git extension is not available (is it disabled?)' };
  const repository = git.getRepository(document.uri);
  if (repository === null) return { problem: `${vscode.workspace.asRelativePath(document.uri)} is not in a Git repository` };
  try {
    return { text: await repository.show('HEAD', document.uri.fsPath) };
  } catch {
    return { problem: `${vscode.workspace.asRelativePath(document.uri)} has no committed version in HEAD (a new file?)` };
  }
}

export class ModelDiffView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly client: () => LanguageClient | undefined) {}

  async compareWithHead(): Promise<void> {
    const document = currentModelDocument();
    if (document === undefined) return void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file to compare.');
    const committed = await committedText(document);
    if ('problem' in committed) return void vscode.window.showWarningMessage(`dlmodel: ${committed.problem}`);
    await this.show(document, committed.text, 'HEAD');
  }

  async compareWithFile(): Promise<void> {
    const document = currentModelDocument();
    if (document === undefined) return void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file to compare.');
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare', filters: { 'dlmodel files': ['dlmodel'] }, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    const other = picked?.[0];
    if (other === undefined) return;
    const bytes = await vscode.workspace.fs.readFile(other);
    await this.show(document, new TextDecoder().decode(bytes), vscode.workspace.asRelativePath(other));
  }

  private async show(document: vscode.TextDocument, otherText: string, otherLabel: string): Promise<void> {
    const client = this.client();
    if (client === undefined || !client.isRunning()) return void vscode.window.showWarningMessage('dlmodel: the language server is not running; try "dlmodel: Restart Language Server".');
    const label = document.isUntitled ? document.uri.path : `${vscode.workspace.asRelativePath(document.uri)}${document.isDirty ? ' (unsaved)' : ''}`;
    const params: ModelDiffParams = { textDocument: { uri: document.uri.toString() }, otherText, otherLabel, label };
    const result = await client.sendRequest<ModelDiffResult | null>(modelDiffRequest, params);
    if (result === null) return void vscode.window.showErrorMessage('dlmodel: the comparison failed; see the dlmodel output channel.');
    if ('problem' in result) return void vscode.window.showWarningMessage(`dlmodel: ${result.problem}`);
    const panel = this.panelFor(`Model: ${otherLabel} ↔ ${label}`);
    panel.webview.html = renderDiffHtml(result.report, {
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'model-diff.css')).toString(),
    });
  }

  /** One comparison panel, reused: a second comparison replaces the first rather than piling up tabs. */
  private panelFor(title: string): vscode.WebviewPanel {
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel('dlmodel.modelDiff', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.onDidDispose(() => { this.panel = undefined; });
    }
    this.panel.title = title;
    this.panel.reveal(vscode.ViewColumn.Beside, true);
    return this.panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
