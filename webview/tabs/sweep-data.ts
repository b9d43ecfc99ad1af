import type { SweepMessage, SweepRow } from '../../protocol/sweep-messages';

/** A column of the Sweep tab's table: a swept key (its values' text) or a final metric. */
export type SweepColumn = { readonly kind: 'key'; readonly index: number; readonly label: string } | { readonly kind: 'metric'; readonly metric: SweepMetricName; readonly label: string };
export type SweepMetricName = 'valAccuracy' | 'valLoss' | 'accuracy' | 'loss';

const metricLabels: Readonly<Record<SweepMetricName, string>> = { valAccuracy: 'validation accuracy', valLoss: 'validation loss', accuracy: 'accuracy', loss: 'loss' };
/** The sweep's metric name (`val_accuracy`) as a row field. */
export const metricField: Readonly<Record<SweepMessage['metric'], SweepMetricName>> = { val_accuracy: 'valAccuracy', val_loss: 'valLoss', accuracy: 'accuracy', loss: 'loss' };
export const isAccuracy = (metric: SweepMetricName): boolean => metric === 'accuracy' || metric === 'valAccuracy';

/** The keys, then the metrics any row has (the sweep's own metric first). */
export function sweepColumns(sweep: SweepMessage): SweepColumn[] {
  const own = metricField[sweep.metric];
  const metrics = ([own, 'valAccuracy', 'valLoss', 'accuracy', 'loss'] as const).filter((m, i, all) => all.indexOf(m) === i && (m === own || sweep.rows.some((r) => r[m] !== null)));
  return [...sweep.keys.map((label, index) => ({ kind: 'key' as const, index, label })), ...metrics.map((metric) => ({ kind: 'metric' as const, metric, label: metricLabels[metric] }))];
}

/** A key's value as a number when it is one (`0.01`, `32`), else null (`adam`, `sgd(momentum: 0.9)`, `full`). */
export function numericValue(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/** The value a column sorts and plots by: a number, a category's text, or null (no metric yet). */
export function cellValue(row: SweepRow, column: SweepColumn): number | string | null {
  if (column.kind === 'metric') return row[column.metric];
  const text = row.values[column.index] ?? '';
  return numericValue(text) ?? text;
}

/**
 * The rows sorted by a column (ascending or descending); rows without a value (runs still going,
 * failed runs) always last, ties in the sweep's order, so a live sweep's table does not shuffle.
 */
export function sortRows(rows: readonly SweepRow[], column: SweepColumn, descending: boolean): SweepRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = cellValue(a, column);
    const y = cellValue(b, column);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.index - b.index;
  });
}

/** Where a column's values lie on an axis, 0 (bottom) to 1 (top): numbers by value (log when they span ≥ 10×), categories evenly in the sweep's order. */
export interface AxisScale {
  readonly position: (value: number | string | null) => number | null;
  readonly ticks: readonly { readonly at: number; readonly label: string }[];
}

export function axisScale(rows: readonly SweepRow[], column: SweepColumn, format: (value: number) => string): AxisScale {
  const values = rows.map((r) => cellValue(r, column)).filter((v): v is number | string => v !== null);
  if (values.length > 0 && values.every((v) => typeof v === 'number')) {
    const numbers = values;
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const log = min > 0 && max / min >= 10;
    const t = (v: number): number => (log ? Math.log10(v) : v);
    const span = t(max) - t(min);
    const position = (v: number | string | null): number | null => (typeof v !== 'number' ? null : span === 0 ? 0.5 : (t(v) - t(min)) / span);
    const tickValues = [...new Set(numbers)].sort((a, b) => a - b);
    const shown = tickValues.length <= 6 ? tickValues : [min, max];
    return { position, ticks: shown.map((v) => ({ at: position(v)!, label: format(v) })) };
  }
  // Categories in the order they first appear (the sweep's own order of values).
  const categories = [...new Set(values.map(String))];
  const position = (v: number | string | null): number | null => {
    const i = v === null ? -1 : categories.indexOf(String(v));
    return i < 0 ? null : categories.length === 1 ? 0.5 : i / (categories.length - 1);
  };
  return { position, ticks: categories.map((c) => ({ at: position(c)!, label: c })) };
}

/** A brushed range on one axis, in axis positions (0–1). */
export interface Brush {
  readonly low: number;
  readonly high: number;
}

/** True when the row lies inside every brush (a row without a value on a brushed axis does not). */
export function insideBrushes(row: SweepRow, columns: readonly SweepColumn[], scales: readonly AxisScale[], brushes: ReadonlyMap<number, Brush>): boolean {
  for (const [axis, brush] of brushes) {
    const at = scales[axis]?.position(cellValue(row, columns[axis]!));
    if (at === null || at === undefined || at < brush.low || at > brush.high) return false;
  }
  return true;
}

/** The Training overlay's hidden runs when these sweep rows are selected: the sweep's other runs hidden, other runs as they were; none selected shows every run. */
export function hiddenForSelection(hidden: readonly string[], sweep: SweepMessage, selected: ReadonlySet<string>): string[] {
  const sweepRuns = sweep.rows.map((r) => r.runId).filter((id): id is string => id !== null);
  const others = hidden.filter((id) => !sweepRuns.includes(id));
  if (selected.size === 0) return others;
  return [...others, ...sweepRuns.filter((id) => !selected.has(id))];
}
