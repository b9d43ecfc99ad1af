import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import { layerAtOffset } from '../core/inspect/backprop/source-link';
import type { BackpropTrace } from '../core/inspect/backprop/trace';
import type { BackpropRequest } from '../node/backprop-compute';
import { documentFolderOf } from '../node/paths';
import { isBackpropWebviewMessage, type BackpropHostMessage } from '../protocol/backprop-messages';
import { layerCursorOffset } from './cursor-offset';
import { bundleHtml } from './webview-html';
import { currentModelDocument } from './model-document';

export const backpropViewType = 'dlmodel.backprop';

/**
 * `dlmodel: Step Through Backpropagation`: computes the trace of one training step of the active
 * document's model in a short-lived worker (dist/backprop-worker.js: the model is at most 60
 * weights, so it takes well under a second; larger ones are refused before any data is built) and
 * shows it in its own webview. Moving the cursor in that document selects the node of the layer
 * under it.
 */
export class BackpropView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pending: BackpropHostMessage | undefined;
  private shown: { uri: string; trace: BackpropTrace } | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workerPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(vscode.window.onDidChangeTextEditorSelection((event) => this.followCursor(event.textEditor)));
  }

  async open(): Promise<void> {
    const document = currentModelDocument();
    if (document === undefined) return void vscode.window.showInformationMessage('dlmodel: open a .dlmodel file to step through its backpropagation.');
    const source = vscode.workspace.asRelativePath(document.uri);
    this.showPanel(`Backpropagation: ${source}`);
    const message = await this.compute(this.request(document, source));
    this.shown = message.type === 'trace' ? { uri: document.uri.toString(), trace: message.trace } : undefined;
    this.send(message);
  }

  /** Data files are read only in a trusted workspace, for a saved document inside a folder, within the memory budget. */
  private request(document: vscode.TextDocument, source: string): BackpropRequest {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const memoryMb = vscode.workspace.getConfiguration('dlmodel').get<number>('training.memoryBudgetMB', 2048);
    const base = { text: document.getText(), source, memoryBudget: memoryMb * 1024 * 1024 };
    if (!folder || document.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return { ...base, documentFolder: '' };
    return { ...base, workspaceRoot: folder.uri.fsPath, documentFolder: documentFolderOf(folder.uri.fsPath, document.uri.fsPath) };
  }

  /** Runs the request in a worker thread that ends when it has answered. */
  private compute(request: BackpropRequest): Promise<BackpropHostMessage> {
    const failed = (why: string): BackpropHostMessage => {
      this.output.error(`backpropagation step-through: ${why}`);
      return { type: 'refused', message: 'the step-through failed; see the dlmodel output channel', source: request.source };
    };
    return new Promise((resolve) => {
      const worker = new Worker(this.workerPath, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
      worker.once('message', (message: BackpropHostMessage | { type: 'failed'; message: string }) => {
        resolve(message.type === 'failed' ? failed(message.message) : message);
        void worker.terminate();
      });
      worker.once('error', (error) => resolve(failed(error.message)));
      worker.once('exit', (code) => resolve(failed(`the worker exited (code ${code})`)));
    });
  }

  private followCursor(editor: vscode.TextEditor): void {
    if (!this.panel || !this.shown || editor.document.uri.toString() !== this.shown.uri) return;
    const layer = layerAtOffset(this.shown.trace, layerCursorOffset(editor.document, editor.selection.active));
    if (layer !== null) this.send({ type: 'focus-layer', layer });
  }

  private send(message: BackpropHostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    else if (message.type !== 'focus-layer') this.pending = message;
  }

  private showPanel(title: string): void {
    if (this.panel) {
      this.panel.title = title;
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(backpropViewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [dist] });
    this.panel = panel;
    this.ready = false;
    panel.webview.html = bundleHtml(panel.webview, this.extensionUri, 'backprop', title);
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
  }

  private receive(raw: unknown): void {
    if (!isBackpropWebviewMessage(raw)) return void this.output.warn('backpropagation webview: ignored a malformed message');
    this.ready = true;
    if (this.pending) void this.panel?.webview.postMessage(this.pending);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
