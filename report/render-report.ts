import { createHash } from 'node:crypto';
import { pageHead } from './html-page';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../protocol/run-record';

/** The panel's bundle, inlined into a report. */
export interface ReportAssets {
  /** dist/webview.js */
  readonly script: string;
  /** dist/webview.css */
  readonly css: string;
}

/** Reads the panel's bundle from a folder holding webview.js and webview.css (the extension's and the CLI's dist/). */
export function readReportAssets(distFolder: string): ReportAssets {
  return { script: readFileSync(join(distFolder, 'webview.js'), 'utf8'), css: readFileSync(join(distFolder, 'webview.css'), 'utf8') };
}

export { escapeHtml } from './html-page';

/**
 * JSON safe inside a `<script type="application/json">`: `<`, `>` and `&` become \u escapes (so no
 * `</script>` or `<!--` can end or change the element), and JSON.parse gives back the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Drops a bundle's source-map comment (the report has no map beside it). */
function withoutSourceMap(text: string): string {
  return text.replace(/\n?\/\/# sourceMappingURL=[^\n]*\s*$/, '').replace(/\n?\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');
}

/**
 * Makes script or CSS text safe as the content of its element: a `</script` or `</style` (any case)
 * gets its slash escaped, `<!--` its `!`, which JavaScript strings, regular expressions and CSS
 * read as the same characters.
 */
function inlineSafe(text: string, element: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface ReportOptions {
  /** The page title (default: the first run's label). */
  readonly title?: string;
}

/**
 * One self-contained HTML file showing one or more runs in the panel's four tabs: the bundle
 * and stylesheet inlined, the records embedded as JSON, and a Content-Security-Policy that allows
 * exactly that script and that stylesheet (by SHA-256) and nothing from the network. The output
 * depends only on the arguments.
 */
export function renderReport(records: RunRecord | readonly RunRecord[], assets: ReportAssets, options: ReportOptions = {}): string {
  const runs: readonly RunRecord[] = Array.isArray(records) ? records : [records as RunRecord];
  const script = inlineSafe(withoutSourceMap(assets.script), 'script');
  const css = inlineSafe(withoutSourceMap(assets.css), 'style');
  const title = options.title ?? (runs[0] ? `${runs[0].label} — dlmodel training report` : 'dlmodel training report');
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ];
  return [
    ...pageHead({ policy, title, head: ['<meta name="generator" content="dlmodel studio">'] }).slice(0, -1),
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main id="dlmodel-root"><p>This report needs JavaScript to draw its charts.</p></main>',
    `<script type="application/json" id="dlmodel-runs">${jsonForScript(runs)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
