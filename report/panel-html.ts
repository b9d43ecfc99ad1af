import { randomBytes } from 'node:crypto';
import { escapeHtml } from './render-report';
import { pageHead } from './html-page';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` as a string. */
  readonly styleUri: string;
  readonly title?: string;
  /** A fresh random nonce per page (made here when omitted). */
  readonly nonce?: string;
}

/** A fresh nonce for a webview page's script. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The HTML of the panel webview in VS Code: a strict CSP (the bundle by nonce, the stylesheet from
 * the webview's own origin, no inline script or style, nothing else), the stylesheet, the root
 * element and the bundle. The bundle posts `ready` when it runs.
 */
export function renderPanelHtml(options: PanelHtmlOptions): string {
  const nonce = options.nonce ?? makeNonce();
  const source = options.cspSource;
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${source}`,
    `img-src ${source} data:`,
    `font-src ${source}`,
    "base-uri 'none'",
    "form-action 'none'",
  ];
  return [
    ...pageHead({ policy, title: options.title ?? 'dlmodel training run', head: [`<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">`] }),
    '<body>',
    '<main id="dlmodel-root"></main>',
    `<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(options.scriptUri)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
