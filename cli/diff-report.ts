import { formatBeforeAfter, formatCount, formatShape, formatSignedCount } from '../core/common/format';
import type { DiffReport, DiffReportLayer } from '../core/ide';
import type { Style } from './check-report';

const marks: Record<DiffReportLayer['change'], string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };

function pad(text: string, width: number, alignRight = false): string {
  const gap = ' '.repeat(Math.max(0, width - [...text].length));
  return alignRight ? gap + text : text + gap;
}

const count = (value: number | string): string => formatCount(BigInt(value));
const signed = (value: number | string): string => formatSignedCount(BigInt(value));

const beforeAfter = formatBeforeAfter;

function row(layer: DiffReportLayer): string[] {
  const before = layer.before ?? undefined;
  const after = layer.after ?? undefined;
  const params = beforeAfter(before && count(before.params), after && count(after.params));
  return [
    marks[layer.change],
    beforeAfter(before?.name, after?.name),
    (before ?? after)!.kind,
    beforeAfter(before && String(before.line), after && String(after.line)),
    beforeAfter(before && formatShape(before.outputShape ?? undefined), after && formatShape(after.outputShape ?? undefined)),
    BigInt(layer.paramsDelta) === 0n ? params : `${params} (${signed(layer.paramsDelta)})`,
    signed(layer.macsDelta),
  ];
}

/**
 * The human report: one row per layer that differs (`+` added, `-` removed, `~` changed, with
 * each changed argument under it), unchanged layers counted (all of them listed with `all`).
 */
export function renderDiff(report: DiffReport, style: Style, all = false): string {
  const header = ['', 'layer', 'kind', 'line', 'output shape', 'params', 'ΔMACs'];
  const shown = report.layers.filter((layer) => all || layer.change !== 'unchanged');
  const rows = shown.map(row);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const rightAligned = [false, false, false, true, false, true, true];
  const renderRow = (cells: string[]): string => '  ' + cells.map((c, i) => pad(c, widths[i]!, rightAligned[i])).join('  ').trimEnd();
  const { before, after, totals: t } = report;
  const shape = (s: readonly number[] | null): string => formatShape(s ?? undefined);
  const lines = [
    style.bold(`model ${beforeAfter(before.model || '(unnamed)', after.model || '(unnamed)')}`) + `  ${before.file} → ${after.file}`,
    `  input ${beforeAfter(shape(before.input), shape(after.input))} → output ${beforeAfter(shape(before.output), shape(after.output))}`,
  ];
  if (shown.length === 0) lines.push('  no layer differs');
  else {
    lines.push(style.dim(renderRow(header)));
    shown.forEach((layer, i) => {
      lines.push(renderRow(rows[i]!));
      for (const arg of layer.arguments) lines.push(style.dim(`      ${arg.name}: ${arg.before ?? '(none)'} → ${arg.after ?? '(none)'}`));
    });
  }
  lines.push(
    `  layers ${beforeAfter(String(t.layersBefore), String(t.layersAfter))}: ${t.added} added, ${t.removed} removed, ${t.changed} changed, ${t.unchanged} unchanged`,
    `  params ${beforeAfter(count(t.paramsBefore), count(t.paramsAfter))} (${signed(t.paramsDelta)})`,
    `  MACs per sample ${beforeAfter(count(t.macsBefore), count(t.macsAfter))} (${signed(t.macsDelta)})`,
  );
  return lines.join('\n');
}
