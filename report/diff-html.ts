import { formatBeforeAfter, formatCount, formatShape, formatSignedCount } from '../core/common/format';
import type { DiffReport, DiffReportLayer, DiffReportSide } from '../core/ide/diff-report';
import { escapeHtml } from './render-report';
import { pageHead } from './html-page';

/**
 * The *Compare Model with…* view: a static page (no script at all, so its CSP allows none) with a
 * table of the layers that differ, the unchanged ones folded in a <details>, and the totals. Every
 * text comes from the report and is escaped; colours are the theme's Git decoration colours.
 */
export interface DiffHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(media/model-diff.css)` as a string. */
  readonly styleUri: string;
}

const marks: Record<DiffReportLayer['change'], string> = { added: '+', removed: '−', changed: '~', unchanged: '' };

const count = (value: number | string): string => formatCount(BigInt(value));
const signed = (value: number | string): string => formatSignedCount(BigInt(value));

const beforeAfter = formatBeforeAfter;

function pick(layer: DiffReportLayer, read: (side: DiffReportSide) => string): string {
  return beforeAfter(layer.before ? read(layer.before) : undefined, layer.after ? read(layer.after) : undefined);
}

function layerRow(layer: DiffReportLayer): string {
  const params = pick(layer, (s) => count(s.params));
  const cells = [
    marks[layer.change],
    pick(layer, (s) => s.name),
    (layer.before ?? layer.after)!.kind,
    pick(layer, (s) => String(s.line)),
    pick(layer, (s) => formatShape(s.outputShape ?? undefined)),
    BigInt(layer.paramsDelta) === 0n ? params : `${params} (${signed(layer.paramsDelta)})`,
    signed(layer.macsDelta),
  ];
  const row = `<tr class="${layer.change}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  const args = layer.arguments.map((a) => `<tr class="argument"><td></td><td colspan="6">${escapeHtml(`${a.name}: ${a.before ?? '(none)'} → ${a.after ?? '(none)'}`)}</td></tr>`);
  return [row, ...args].join('\n');
}

const header = '<tr><th></th><th>layer</th><th>kind</th><th>line</th><th>output shape</th><th>params</th><th>ΔMACs</th></tr>';

function table(layers: readonly DiffReportLayer[]): string {
  return `<table>\n<thead>${header}</thead>\n<tbody>\n${layers.map(layerRow).join('\n')}\n</tbody>\n</table>`;
}

export function renderDiffHtml(report: DiffReport, options: DiffHtmlOptions): string {
  const policy = ["default-src 'none'", `style-src ${options.cspSource}`, "base-uri 'none'", "form-action 'none'"];
  const { before, after, totals: t } = report;
  const differing = report.layers.filter((l) => l.change !== 'unchanged');
  const unchanged = report.layers.filter((l) => l.change === 'unchanged');
  const title = `${before.file} → ${after.file}`;
  const summary = [
    `layers ${beforeAfter(String(t.layersBefore), String(t.layersAfter))}: ${t.added} added, ${t.removed} removed, ${t.changed} changed, ${t.unchanged} unchanged`,
    `params ${beforeAfter(count(t.paramsBefore), count(t.paramsAfter))} (${signed(t.paramsDelta)})`,
    `MACs per sample ${beforeAfter(count(t.macsBefore), count(t.macsAfter))} (${signed(t.macsDelta)})`,
  ];
  return [
    ...pageHead({ policy, title, head: [`<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">`] }),
    '<body>',
    `<h1>model ${escapeHtml(beforeAfter(before.model, after.model))}</h1>`,
    `<p class="files">${escapeHtml(title)}</p>`,
    `<ul class="totals">${summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    differing.length === 0 ? '<p>No layer differs.</p>' : table(differing),
    unchanged.length === 0 ? '' : `<details><summary>${unchanged.length} unchanged layer${unchanged.length === 1 ? '' : 's'}</summary>\n${table(unchanged)}\n</details>`,
    '</body>',
    '</html>',
  ].join('\n');
}
