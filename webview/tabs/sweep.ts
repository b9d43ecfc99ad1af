import type { SweepMessage, SweepRow } from '../../protocol/sweep-messages';
import { el, labelled, rebuildIfChanged, selectElement } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { axisScale, hiddenForSelection, insideBrushes, isAccuracy, metricField, sortRows, sweepColumns, type Brush, type SweepColumn } from './sweep-data';
import { brushAfterKey } from './keyboard-brush';
import { metricScatter, parallelCoordinates } from './sweep-plots';
import type { TabContext, TabView } from './tab';

const statusText: Readonly<Record<SweepRow['status'], string>> = { pending: 'waiting', running: 'training…', completed: 'done', stopped: 'stopped', failed: 'failed' };

function cellText(row: SweepRow, column: SweepColumn): string {
  if (column.kind === 'key') return row.values[column.index] ?? '';
  const value = row[column.metric];
  if (value === null) return row.status === 'completed' ? '—' : statusText[row.status];
  return isAccuracy(column.metric) ? formatPercent(value) : formatNumber(value, 4);
}

/**
 * Sweep: the latest Run Sweep as a table of configurations × final metrics (a header click sorts,
 * again reverses), parallel coordinates with brushable axes, the sweep's metric against one chosen
 * parameter, and row selection that shows those runs' curves in the Training tab. Apply to file
 * asks the host to write a row's configuration into the source.
 */
export class SweepTab implements TabView {
  readonly element: HTMLElement;
  private readonly summary = el('p', { className: 'sweep-summary' });
  private readonly table = el('div', { className: 'sweep-table-wrap' });
  private readonly actions = el('div', { className: 'controls' });
  private readonly parallel = el('div', { className: 'sweep-parallel' });
  private readonly scatter = el('div', { className: 'sweep-scatter' });
  private sweepId: string | undefined;
  /** Sort: a column's position in `sweepColumns`, and its direction. */
  private sortColumn = -1;
  private descending = false;
  private readonly brushes = new Map<number, Brush>();
  /** The axis a key just brushed: focused again once the plot is redrawn. */
  private keyboardAxis: number | undefined;
  private readonly selected = new Set<string>();
  private parameter = 0;

  constructor(private readonly context: TabContext) {
    this.element = el('div', { className: 'tab-content sweep-tab' }, this.summary, this.actions, this.table, el('h2', { text: 'Parallel coordinates' }), el('p', { className: 'note', text: 'Drag along an axis to keep only the runs inside that range; click an axis to clear it.' }), this.parallel, el('h2', { text: 'Metric against one parameter' }), this.scatter);
    // A new sweep: its own sort, brushes and selection, and the tab comes to the front once per
    // sweep when the host says it was started in this window (`reveal`, even if it has finished by
    // the time a reloading panel hears of it) or while it runs. One restored from the history, or
    // one already brought forward before the panel reloaded, leaves the person's tab in front.
    context.store.onChange((change) => {
      const sweep = context.store.sweep;
      if (!change.parts.has('sweep') || !sweep || sweep.sweepId === this.sweepId) return;
      this.reset(sweep);
      const fresh = sweep.reveal === true || sweep.state === 'running';
      if (!fresh || context.state().revealedSweepId === sweep.sweepId) return;
      context.update({ tab: 'sweep', revealedSweepId: sweep.sweepId });
      context.host.post({ type: 'sweep-revealed', sweepId: sweep.sweepId });
    });
  }

  available(): boolean {
    return this.context.store.sweep !== undefined;
  }

  private reset(sweep: SweepMessage): void {
    this.sweepId = sweep.sweepId;
    const columns = sweepColumns(sweep);
    this.sortColumn = columns.findIndex((c) => c.kind === 'metric' && c.metric === metricField[sweep.metric]);
    this.descending = isAccuracy(metricField[sweep.metric]);
    this.brushes.clear();
    this.selected.clear();
    this.parameter = 0;
  }

  render(): void {
    const sweep = this.context.store.sweep;
    if (!sweep) return;
    if (sweep.sweepId !== this.sweepId) this.reset(sweep);
    const columns = sweepColumns(sweep);
    const finished = sweep.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    const state = sweep.state === 'running' ? `${finished}/${sweep.rows.length} runs finished` : `${sweep.state === 'cancelled' ? 'cancelled' : 'done'}: ${finished} of ${sweep.rows.length} runs`;
    const summary = `${sweep.label} · ${state} · ranked by ${sweep.metric}`;
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
    const width = Math.max(360, Math.min(1100, this.element.clientWidth || 720));
    const key = JSON.stringify([sweep, this.sortColumn, this.descending, [...this.brushes], [...this.selected], this.parameter, width]);
    rebuildIfChanged(this.actions, key, () => this.buildActions(sweep));
    rebuildIfChanged(this.table, key, () => [this.buildTable(sweep, columns)]);
    const rows = sweep.rows.filter((r) => r.status === 'completed');
    const best = sortRows(rows, columns.find((c) => c.kind === 'metric' && c.metric === metricField[sweep.metric])!, isAccuracy(metricField[sweep.metric]))[0]?.runId ?? null;
    rebuildIfChanged(this.parallel, key, () => [
      parallelCoordinates({ rows, columns, brushes: this.brushes, selected: this.selected, best, width, format: (v) => formatNumber(v), onBrush: (axis, brush) => this.brush(axis, brush), onBrushKey: (axis, key, shift) => this.brushKey(axis, key, shift) }),
    ]);
    // The plot was drawn anew: the axis being brushed from the keyboard keeps the focus.
    if (this.keyboardAxis !== undefined) {
      this.parallel.querySelector<SVGElement>(`.pc-axis[data-axis="${this.keyboardAxis}"] .pc-hit`)?.focus();
      this.keyboardAxis = undefined;
    }
    rebuildIfChanged(this.scatter, key, () => this.buildScatter(sweep, columns, rows, width));
  }

  private buildActions(sweep: SweepMessage): Node[] {
    const show = el('button', { className: 'button', attributes: { type: 'button', 'data-key': 'show-selected' }, text: this.selected.size > 0 ? `Show ${this.selected.size} selected in Training` : 'Show all runs in Training' });
    show.addEventListener('click', () => this.context.update({ tab: 'training' }));
    const clear = el('button', { className: 'button secondary', attributes: { type: 'button', 'data-key': 'clear-brushes', disabled: this.brushes.size === 0 }, text: 'Clear brushes' });
    clear.addEventListener('click', () => {
      this.brushes.clear();
      this.context.update({});
    });
    return [show, clear, el('span', { className: 'note', text: `${sweep.keys.length} swept key${sweep.keys.length === 1 ? '' : 's'}: ${sweep.keys.join(', ')}` })];
  }

  private buildTable(sweep: SweepMessage, columns: readonly SweepColumn[]): HTMLElement {
    const scales = columns.map((c) => axisScale(sweep.rows.filter((r) => r.status === 'completed'), c, (v) => formatNumber(v)));
    const sorted = this.sortColumn >= 0 ? sortRows(sweep.rows, columns[this.sortColumn]!, this.descending) : sweep.rows;
    const header = el('tr', {}, el('th', { text: 'show', attributes: { scope: 'col' } }), el('th', { text: 'run', attributes: { scope: 'col' } }));
    // With early_stop: halving, which runs were stopped early and at which epoch.
    const halving = sweep.rows.some((r) => r.stoppedAt !== undefined);
    if (halving) header.append(el('th', { text: 'epochs', attributes: { scope: 'col' } }));
    columns.forEach((column, i) => {
      const sorted = i === this.sortColumn;
      const button = el('button', { className: 'sort-button', attributes: { type: 'button', 'data-key': `sort-${i}`, 'data-column': column.label }, text: `${column.label}${sorted ? (this.descending ? ' ▼' : ' ▲') : ''}` });
      button.addEventListener('click', () => this.sortBy(i, column));
      header.append(el('th', { attributes: { scope: 'col', 'aria-sort': sorted ? (this.descending ? 'descending' : 'ascending') : 'none', class: column.kind === 'metric' ? 'metric' : 'key' } }, button));
    });
    if (this.context.host.live) header.append(el('th', { attributes: { scope: 'col' }, text: '' }));
    const body = el('tbody');
    for (const row of sorted) {
      const inside = row.status !== 'completed' || insideBrushes(row, columns, scales, this.brushes);
      const tr = el('tr', { className: `${inside ? '' : 'dim'} status-${row.status}`, attributes: { 'data-index': row.index } });
      const pick = el('input', { attributes: { type: 'checkbox', 'aria-label': `Show run ${row.index + 1} in Training`, 'data-key': `pick-${row.index}`, disabled: row.runId === null } });
      pick.checked = row.runId !== null && this.selected.has(row.runId);
      pick.addEventListener('change', () => this.toggle(sweep, row, pick.checked));
      tr.append(el('td', {}, pick), el('td', { text: String(row.index + 1) }));
      if (halving) tr.append(el('td', { className: 'epochs', text: row.stoppedAt === undefined ? String(row.epochs ?? '') : `stopped at ${row.stoppedAt}`, ...(row.stoppedAt === undefined ? {} : { attributes: { title: `Successive halving stopped this run after epoch ${row.stoppedAt}: it trailed at that rung (its numbers are that epoch's)` } }) }));
      for (const column of columns) tr.append(el('td', { className: column.kind === 'metric' ? 'metric' : 'key', text: cellText(row, column), ...(row.message ? { attributes: { title: row.message } } : {}) }));
      if (this.context.host.live) {
        const apply = el('button', { className: 'button secondary apply', attributes: { type: 'button', 'data-key': `apply-${row.index}`, disabled: row.status !== 'completed', title: 'Write this configuration into the .dlmodel file (Undo reverts it)' }, text: 'Apply to file' });
        apply.addEventListener('click', () => this.context.host.post({ type: 'apply-sweep', sweepId: sweep.sweepId, index: row.index }));
        tr.append(el('td', {}, apply));
      }
      body.append(tr);
    }
    return el('table', { className: 'sweep-table' }, el('thead', {}, header), body);
  }

  private buildScatter(sweep: SweepMessage, columns: readonly SweepColumn[], rows: readonly SweepRow[], width: number): Node[] {
    const keys = columns.filter((c): c is Extract<SweepColumn, { kind: 'key' }> => c.kind === 'key');
    if (keys.length === 0) return [];
    const picker = selectElement('Parameter', keys.map((k) => ({ value: String(k.index), label: k.label })), String(this.parameter));
    picker.setAttribute('data-key', 'scatter-parameter');
    picker.addEventListener('change', () => {
      this.parameter = Number(picker.value);
      this.context.update({});
    });
    const metric = columns.find((c) => c.kind === 'metric' && c.metric === metricField[sweep.metric])!;
    const parameter = keys.find((k) => k.index === this.parameter) ?? keys[0]!;
    return [labelled('Parameter', picker), metricScatter({ rows, parameter, metric, selected: this.selected, width, format: (v) => formatNumber(v) })];
  }

  /** A header click sorts by that column; a second click reverses. Metrics start best first. */
  private sortBy(index: number, column: SweepColumn): void {
    if (index === this.sortColumn) this.descending = !this.descending;
    else {
      this.sortColumn = index;
      this.descending = column.kind === 'metric' && isAccuracy(column.metric);
    }
    this.context.update({});
  }

  /** Arrow keys, Home/End and Escape on a focused axis (keyboard-brush.ts), from the brushes as they are now. */
  private brushKey(axis: number, key: string, shift: boolean): boolean {
    const next = brushAfterKey(this.brushes.get(axis), key, shift);
    if (next === undefined) return false;
    this.keyboardAxis = axis;
    this.brush(axis, next);
    return true;
  }

  private brush(axis: number, brush: Brush | null): void {
    if (brush) this.brushes.set(axis, brush);
    else this.brushes.delete(axis);
    this.context.update({});
  }

  /** Selecting rows shows only those sweep runs in the Training overlay (none selected: all). */
  private toggle(sweep: SweepMessage, row: SweepRow, checked: boolean): void {
    if (row.runId === null) return;
    if (checked) this.selected.add(row.runId);
    else this.selected.delete(row.runId);
    this.context.update({ hiddenRuns: hiddenForSelection(this.context.state().hiddenRuns, sweep, this.selected) });
  }

  refreshTheme(): void {
    // Colours come from the stylesheet's theme variables; nothing to rebuild.
  }
}
