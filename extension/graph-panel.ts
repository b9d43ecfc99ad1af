import * as vscode from 'vscode';
import type { GraphRequestParams, GraphRequestResult, HostToGraphMessage } from '../protocol/graph-messages';
import { isGraphToHostMessage } from '../protocol/validate-graph-messages';
import { layerCursorOffset } from './cursor-offset';
import { bundleHtml } from './webview-html';

export const graphViewType = 'dlmodel.graph';

/** Asks the language server for a model's graph view (`dlmodel/graph`). */
export type GraphRequester = (params: GraphRequestParams) => Promise<GraphRequestResult | null>;

/** Typing pauses shorter than this do not redraw: one request per pause, not per keystroke. */
const redrawDelayMs = 150;

/**
 * The graph view beside the editor: follows one .dlmodel document (the one it was opened on, or
 * the .dlmodel editor made active since), redraws from the language server's analysis as the user
 * types, selects the layer under the cursor, and reveals a layer's statement when its node is
 * clicked. Every message from the webview is validated before use.
 */
export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private document: vscode.TextDocument | undefined;
  private model: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped per request, so an answer that arrives after a newer one was asked for is dropped. */
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly request: GraphRequester,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document && e.contentChanges.length > 0) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document) this.post({ type: 'cursor', offset: layerCursorOffset(e.textEditor.document, e.selections[0]!.active) });
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor?.document.languageId === 'dlmodel' && editor.document !== this.document) this.follow(editor.document, undefined);
      }),
    );
  }

  /** Shows the graph of `model` (or the model at the cursor) in `document`, beside the editor. */
  show(document: vscode.TextDocument, model: string | undefined): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(graphViewType, 'dlmodel: graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
      });
      this.adopt(panel);
    } else this.panel.reveal(undefined, true);
    this.follow(document, model);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = bundleHtml(panel.webview, this.extensionUri, 'graph', 'dlmodel: graph');
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.document = undefined;
    });
  }

  private follow(document: vscode.TextDocument, model: string | undefined): void {
    this.document = document;
    this.model = model;
    if (this.panel) this.panel.title = `Graph: ${vscode.workspace.asRelativePath(document.uri)}`;
    void this.refresh();
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), redrawDelayMs);
  }

  private async refresh(): Promise<void> {
    const document = this.document;
    if (!document || !this.panel || !this.ready) return;
    const generation = ++this.generation;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const offset = editor ? layerCursorOffset(document, editor.selection.active) : undefined;
    try {
      const result = await this.request({ textDocument: { uri: document.uri.toString() }, ...(this.model ? { model: this.model } : {}), ...(offset === undefined ? {} : { offset }) });
      if (generation !== this.generation || document !== this.document) return;
      // The model drawn is followed by name from now on (the lens named it, or the cursor picked it).
      if (result?.view) this.model = result.view.model || undefined;
      this.post({ type: 'graph', view: result?.view ?? null, path: vscode.workspace.asRelativePath(document.uri) });
      if (offset !== undefined) this.post({ type: 'cursor', offset });
    } catch (error) {
      this.output.warn(`graph: the language server did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private post(message: HostToGraphMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    if (!isGraphToHostMessage(raw)) {
      this.output.warn(`graph: ignored a malformed message from the webview: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (raw.type) {
      case 'ready':
        this.ready = true;
        void this.refresh();
        break;
      case 'reveal':
        void this.reveal(raw.range);
        break;
      case 'export':
        void this.save(raw.format, raw.data);
        break;
      default: {
        const unreachable: never = raw;
        return unreachable;
      }
    }
  }

  /** Selects the statement in the editor that shows the document (or opens it in the first column). */
  private async reveal(range: { start: number; end: number }): Promise<void> {
    const document = this.document;
    if (!document) return;
    const length = document.getText().length;
    const selection = new vscode.Range(document.positionAt(Math.min(range.start, length)), document.positionAt(Math.min(range.end, length)));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(format: 'svg' | 'png', data: string): Promise<void> {
    const document = this.document;
    const base = document ? document.uri.path.replace(/^.*\//, '').replace(/\.dlmodel$/, '') : 'model';
    const folder = document && document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      filters: format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}-graph.${format}`) } : {}),
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`dlmodel: graph saved to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.panel?.dispose();
  }
}
