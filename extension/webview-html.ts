import * as vscode from 'vscode';
import { renderPanelHtml } from '../report/panel-html';

/**
 * The HTML of a webview that runs one of the extension's bundles (dist/<bundle>.js and .css):
 * the panel's strict CSP with a fresh nonce, resources only through the webview's own origin.
 */
export function bundleHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: string, title: string): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return renderPanelHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.css`)).toString(),
    title,
  });
}
