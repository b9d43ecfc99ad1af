import type { Diagnostic } from '../core/common/diagnostic';
import { LineIndex } from '../core/common/line-index';
import { formatBytes, formatCompact, formatCount, formatShape, jsonCount } from '../core/common/format';
import type { DocumentAnalysis, ModelSummary } from '../core/analysis';

/** One checked file, as the reports need it. */
export interface CheckedFile {
  readonly path: string;
  readonly text: string;
  readonly analysis: DocumentAnalysis;
}

/** Terminal styling; every function is the identity when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Diagnostic['severity'], text: string): string;
}

export const plainStyle: Style = { bold: (t) => t, dim: (t) => t, severity: (_s, t) => t };

export const ansiStyle: Style = {
  bold: (t) => `\x1b[1m${t}\x1b[22m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
  severity: (severity, t) => {
    const colour = severity === 'error' ? 31 : severity === 'warning' ? 33 : 36;
    return `\x1b[${colour}m${t}\x1b[39m`;
  },
};

function pad(text: string, width: number, alignRight = false): string {
  const gap = ' '.repeat(Math.max(0, width - [...text].length));
  return alignRight ? gap + text : text + gap;
}

/** The per-layer table of one model, torchinfo style, with totals and parameter memory. */
export function renderModelTable(model: ModelSummary, lines: LineIndex, style: Style): string {
  const header = ['layer', 'kind', 'line', 'output shape', 'params', 'MACs'];
  const rows = model.layers.map((layer) => [
    layer.name,
    layer.kind,
    String(lines.positionAt(layer.statementRange.start).line + 1),
    formatShape(layer.outputShape),
    formatCount(layer.trainableParams + layer.nonTrainableParams),
    formatCount(layer.macs),
  ]);
  const rightAligned = [false, false, true, false, true, true];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] as string)].length)));
  const renderRow = (cells: string[]): string => '  ' + cells.map((c, i) => pad(c, widths[i] as number, rightAligned[i])).join('  ').trimEnd();
  const rule = '  ' + '─'.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  const title = `${style.bold(`model ${model.name || '(unnamed)'}`)}  input ${formatShape(model.input)} → output ${formatShape(model.output)}`;
  const totals = [
    `  total params ${formatCount(model.totalParams)} (trainable ${formatCount(model.trainableParams)}, non-trainable ${formatCount(model.nonTrainableParams)})`,
    `  MACs per sample ${formatCount(model.macs)}${model.macs >= 1000n ? ` (${formatCompact(model.macs)})` : ''}`,
    `  parameter memory ${formatBytes(model.parameterBytes)} (float32)`,
  ];
  return [title, style.dim(renderRow(header)), style.dim(rule), ...rows.map(renderRow), style.dim(rule), ...totals].join('\n');
}

/**
 * `file:line:col` with a 1-based line and a 1-based column in characters (code points), the form
 * compilers print and editors' quickfix lists jump to. `--json` and the language server count
 * columns in UTF-16 units instead, as LSP does.
 */
export function renderLocation(path: string, offset: number, lines: LineIndex): string {
  return `${path}:${lines.positionAt(offset).line + 1}:${lines.codePointColumn(offset) + 1}`;
}

/** `file:line:col: severity DLnnn message`. */
export function renderDiagnostic(path: string, diagnostic: Pick<Diagnostic, 'range' | 'severity' | 'code' | 'message'>, lines: LineIndex, style: Style): string {
  return `${renderLocation(path, diagnostic.range.start, lines)}: ${style.severity(diagnostic.severity, diagnostic.severity)} ${diagnostic.code} ${diagnostic.message}`;
}

/** Counts diagnostics by severity. */
export function countSeverities(files: readonly CheckedFile[]): Record<Diagnostic['severity'], number> {
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const d of file.analysis.diagnostics) counts[d.severity]++;
  return counts;
}

/** The human report of `dlmodel check`. */
export function renderHumanReport(files: readonly CheckedFile[], style: Style): string {
  const out: string[] = [];
  for (const file of files) {
    const lines = new LineIndex(file.text);
    out.push(style.bold(file.path));
    for (const model of file.analysis.models) out.push(renderModelTable(model, lines, style), '');
    for (const d of file.analysis.diagnostics) out.push(renderDiagnostic(file.path, d, lines, style));
    if (file.analysis.diagnostics.length > 0) out.push('');
  }
  const counts = countSeverities(files);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  out.push(`${plural(files.length, 'file')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}${counts.information + counts.hint > 0 ? `, ${counts.information + counts.hint} other` : ''}`);
  return out.join('\n');
}

/** A 1-based line and column as both `--json` outputs print them (UTF-16 units, as LSP counts). */
export function jsonPosition(lines: LineIndex, offset: number): { line: number; column: number } {
  const position = lines.positionAt(offset);
  return { line: position.line + 1, column: position.character + 1 };
}

/** The `--json` object of section 9 of the spec (more fields than required are allowed); columns count UTF-16 units. */
export function jsonReport(files: readonly CheckedFile[]): unknown {
  return {
    files: files.map((file) => {
      const lines = new LineIndex(file.text);
      const position = (offset: number): { line: number; column: number } => jsonPosition(lines, offset);
      return {
        path: file.path,
        models: file.analysis.models.map((model) => ({
          name: model.name,
          input: model.input ?? null,
          output: model.output ?? null,
          // Counts are numbers up to 2^53 − 1 and decimal strings past it (README, "dlmodel check").
          trainableParams: jsonCount(model.trainableParams),
          nonTrainableParams: jsonCount(model.nonTrainableParams),
          totalParams: jsonCount(model.totalParams),
          macs: jsonCount(model.macs),
          parameterBytes: jsonCount(model.parameterBytes),
          layers: model.layers.map((layer) => ({
            name: layer.name,
            kind: layer.kind,
            line: position(layer.statementRange.start).line,
            outputShape: layer.outputShape ?? null,
            trainableParams: jsonCount(layer.trainableParams),
            nonTrainableParams: jsonCount(layer.nonTrainableParams),
            macs: jsonCount(layer.macs),
          })),
        })),
        diagnostics: file.analysis.diagnostics.map((d) => {
          const start = position(d.range.start);
          const end = position(d.range.end);
          return {
            code: d.code,
            severity: d.severity,
            line: start.line,
            column: start.column,
            endLine: end.line,
            endColumn: end.column,
            message: d.message,
            ...(d.related ? { related: d.related.map((r) => ({ ...position(r.range.start), message: r.message })) } : {}),
          };
        }),
      };
    }),
  };
}
