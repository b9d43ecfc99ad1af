import type { LineIndex } from '../core/common/line-index';
import { formatCount, formatShape, jsonCount } from '../core/common/format';
import type { DiffSide, LayerDiff, ModelDiff } from '../core/analysis/model-diff';
import type { Style } from './check-report';

/** The two files a diff compares, with what the reports need to name lines. */
export interface DiffedFiles {
  readonly beforePath: string;
  readonly afterPath: string;
  readonly beforeLines: LineIndex;
  readonly afterLines: LineIndex;
}

const marks: Record<LayerDiff['change'], string> = { added: '+', removed: '-', changed: '~', unchanged: ' ' };

function pad(text: string, width: number, alignRight = false): string {
  const gap = ' '.repeat(Math.max(0, width - [...text].length));
  return alignRight ? gap + text : text + gap;
}

const signed = (value: bigint): string => (value > 0n ? `+${formatCount(value)}` : value < 0n ? `−${formatCount(-value)}` : '0');

/** `a → b` when the two differ, else `a`; one side alone when the layer exists on one side only. */
function beforeAfter(before: string | undefined, after: string | undefined): string {
  if (before === undefined) return after ?? '';
  if (after === undefined || after === before) return before;
  return `${before} → ${after}`;
}

function lineOf(side: DiffSide | undefined, lines: LineIndex): string | undefined {
  return side === undefined ? undefined : String(lines.positionAt(side.statementRange.start).line + 1);
}

function row(layer: LayerDiff, files: DiffedFiles): string[] {
  const { before, after } = layer;
  const params = beforeAfter(before && formatCount(before.params), after && formatCount(after.params));
  return [
    marks[layer.change],
    beforeAfter(before?.name, after?.name),
    (before ?? after)!.kind,
    beforeAfter(lineOf(before, files.beforeLines), lineOf(after, files.afterLines)),
    beforeAfter(before && formatShape(before.outputShape), after && formatShape(after.outputShape)),
    layer.paramsDelta === 0n ? params : `${params} (${signed(layer.paramsDelta)})`,
    signed(layer.macsDelta),
  ];
}

/**
 * The human report: one row per layer that differs (`+` added, `-` removed, `~` changed, with
 * each changed argument under it), unchanged layers counted (all of them listed with `all`).
 */
export function renderDiff(diff: ModelDiff, files: DiffedFiles, style: Style, all = false): string {
  const header = ['', 'layer', 'kind', 'line', 'output shape', 'params', 'ΔMACs'];
  const shown = diff.layers.filter((layer) => all || layer.change !== 'unchanged');
  const rows = shown.map((layer) => row(layer, files));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const rightAligned = [false, false, false, true, false, true, true];
  const renderRow = (cells: string[]): string => '  ' + cells.map((c, i) => pad(c, widths[i]!, rightAligned[i])).join('  ').trimEnd();
  const t = diff.totals;
  const title = style.bold(`model ${beforeAfter(diff.beforeModel || '(unnamed)', diff.afterModel || '(unnamed)')}`)
    + `  ${files.beforePath} → ${files.afterPath}`;
  const lines = [title, `  input ${beforeAfter(formatShape(diff.inputBefore), formatShape(diff.inputAfter))} → output ${beforeAfter(formatShape(diff.outputBefore), formatShape(diff.outputAfter))}`];
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
    `  params ${beforeAfter(formatCount(t.paramsBefore), formatCount(t.paramsAfter))} (${signed(t.paramsAfter - t.paramsBefore)})`,
    `  MACs per sample ${beforeAfter(formatCount(t.macsBefore), formatCount(t.macsAfter))} (${signed(t.macsAfter - t.macsBefore)})`,
  );
  return lines.join('\n');
}

function jsonSide(side: DiffSide | undefined, lines: LineIndex): object | null {
  if (side === undefined) return null;
  return {
    name: side.name,
    kind: side.kind,
    line: lines.positionAt(side.statementRange.start).line + 1,
    outputShape: side.outputShape ?? null,
    params: jsonCount(side.params),
    macs: jsonCount(side.macs),
  };
}

/** `dlmodel diff --json`: specified by docs/schemas/diff-report.schema.json. */
export function jsonDiff(diff: ModelDiff, files: DiffedFiles): object {
  const t = diff.totals;
  return {
    before: { file: files.beforePath, model: diff.beforeModel, input: diff.inputBefore ?? null, output: diff.outputBefore ?? null },
    after: { file: files.afterPath, model: diff.afterModel, input: diff.inputAfter ?? null, output: diff.outputAfter ?? null },
    layers: diff.layers.map((layer) => ({
      change: layer.change,
      before: jsonSide(layer.before, files.beforeLines),
      after: jsonSide(layer.after, files.afterLines),
      arguments: layer.arguments.map((a) => ({ name: a.name, before: a.before ?? null, after: a.after ?? null })),
      paramsDelta: jsonCount(layer.paramsDelta),
      macsDelta: jsonCount(layer.macsDelta),
    })),
    totals: {
      layersBefore: t.layersBefore,
      layersAfter: t.layersAfter,
      paramsBefore: jsonCount(t.paramsBefore),
      paramsAfter: jsonCount(t.paramsAfter),
      paramsDelta: jsonCount(t.paramsAfter - t.paramsBefore),
      macsBefore: jsonCount(t.macsBefore),
      macsAfter: jsonCount(t.macsAfter),
      macsDelta: jsonCount(t.macsAfter - t.macsBefore),
      added: t.added,
      removed: t.removed,
      changed: t.changed,
      unchanged: t.unchanged,
    },
  };
}
