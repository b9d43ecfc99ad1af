import './runs.css';
import type { RunRecord } from '../../protocol/run-record';
import { checkbox, el, labelled, rebuildIfChanged, selectElement } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { pickRun } from '../selection';
import { settingsDiffView } from './runs-diff';
import { hiddenForRuns, isAccuracyColumn, metricLabels, runFiles, runsTable, type RunsTable, type RunsTableRow } from './runs-table-data';
import type { TabContext, TabView } from './tab';

/**
 * Runs: every run the panel knows (this session's, the history's, a sweep's) as a table — its
 * name, start time, seed, the settings that differ between the runs listed and the final metrics.
 * A run's name shows it in the other tabs; checking rows overlays only those in Training; Diff
 * puts two checked runs' settings side by side with the differing ones marked.
 */
export class RunsTab implements TabView {
  readonly element: HTMLElement;
  private readonly summary = el('p', { className: 'runs-summary note' });
  private readonly actions = el('div', { className: 'controls' });
  private readonly table = el('div', { className: 'runs-table-wrap' });
  private readonly diff = el('div', { className: 'runs-diff-wrap' });
  /** The checked runs, in the order they were checked (the diff compares the first two). */
  private readonly selected = new Set<string>();
  private diffShown = false;
  private onlyDifferences = false;
  private restored = false;
  /** Only the runs of this file (null: every run). */
  private file: string | null = null;

  constructor(private readonly context: TabContext) {
    this.element = el('div', { className: 'tab-content runs-tab' }, this.summary, this.actions, this.table, this.diff);
  }

  available(): boolean {
    return this.context.store.runs.length > 0;
  }

  render(): void {
    const runs = this.context.store.runs;
    this.restoreSelection();
    const files = runFiles(runs);
    if (this.file !== null && !files.includes(this.file)) this.file = null;
    const table = runsTable(runs, this.file);
    for (const id of [...this.selected]) if (!table.rows.some((r) => r.runId === id)) this.selected.delete(id);
    const current = this.context.selectedRunId();
    const summary = `${table.rows.length} run${table.rows.length === 1 ? '' : 's'}${table.settingKeys.length > 0 ? ` · differing settings: ${table.settingKeys.join(', ')}${table.moreSettings > 0 ? ` and ${table.moreSettings} more (see Diff)` : ''}` : ' · no settings differ'}`;
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
    const key = JSON.stringify([table, current, [...this.selected], this.diffShown, this.onlyDifferences, this.context.host.live, files, this.file]);
    rebuildIfChanged(this.actions, key, () => this.buildActions(files));
    rebuildIfChanged(this.table, key, () => [this.buildTable(table, current)]);
    rebuildIfChanged(this.diff, key, () => this.buildDiff(table));
  }

  /** Once: a Training overlay already narrowed to some runs reads as those runs checked. */
  private restoreSelection(): void {
    if (this.restored || this.context.store.runs.length === 0) return;
    this.restored = true;
    const hidden = this.context.state().hiddenRuns;
    if (hidden.length === 0) return;
    for (const run of this.context.store.runs) if (!hidden.includes(run.runId)) this.selected.add(run.runId);
  }

  private buildActions(files: readonly string[]): Node[] {
    const count = this.selected.size;
    const filter = selectElement('Runs of', [{ value: '', label: 'every file' }, ...files.map((f) => ({ value: f, label: f }))], this.file ?? '');
    filter.setAttribute('data-key', 'runs-file');
    filter.addEventListener('change', () => {
      this.file = filter.value === '' ? null : filter.value;
      this.selected.clear();
      this.diffShown = false;
      this.overlay();
    });
    const show = el('button', { className: 'button', attributes: { type: 'button', 'data-key': 'runs-show' }, text: count > 0 ? `Show ${count} checked in Training` : 'Show all runs in Training' });
    show.addEventListener('click', () => this.context.update({ tab: 'training' }));
    const diff = el('button', { className: 'button secondary', attributes: { type: 'button', 'data-key': 'runs-diff', disabled: count !== 2, title: 'Check exactly two runs to compare their settings' }, text: 'Diff' });
    diff.addEventListener('click', () => {
      this.diffShown = true;
      this.context.update({});
    });
    const clear = el('button', { className: 'button secondary', attributes: { type: 'button', 'data-key': 'runs-clear', disabled: count === 0 }, text: 'Clear' });
    clear.addEventListener('click', () => {
      this.selected.clear();
      this.diffShown = false;
      this.overlay();
    });
    return [...(files.length > 1 ? [labelled('Runs of', filter)] : []), show, diff, clear, el('span', { className: 'note', text: 'Check runs to overlay them in Training; check two for Diff.' })];
  }

  private buildTable(table: RunsTable, current: string | null): HTMLElement {
    const th = (text: string, className = ''): HTMLElement => el('th', { className, attributes: { scope: 'col' }, text });
    const header = el('tr', {}, th('overlay'), th('run'), th('started'), th('seed'), ...table.settingKeys.map((k) => th(k, 'setting')), ...table.metrics.map((m) => th(metricLabels[m], 'metric')));
    const body = el('tbody');
    for (const row of table.rows) body.append(this.buildRow(table, row, row.runId === current));
    return el('table', { className: 'runs-table' }, el('caption', { className: 'visually-hidden', text: 'Runs' }), el('thead', {}, header), body);
  }

  private buildRow(table: RunsTable, row: RunsTableRow, current: boolean): HTMLElement {
    const pick = checkbox('', this.selected.has(row.runId), (checked) => this.toggle(row.runId, checked), `runs-pick:${row.runId}`);
    pick.querySelector('input')!.setAttribute('aria-label', `Overlay ${row.name} in Training`);
    const name = el('button', { className: 'run-name', attributes: { type: 'button', 'data-key': `runs-show:${row.runId}`, title: `${row.label} — show this run in the other tabs`, 'aria-pressed': current }, text: row.name });
    name.addEventListener('click', () => this.context.update(pickRun(this.context.store.runs.map((r) => r.runId), row.runId)));
    const metric = (m: (typeof table.metrics)[number]): HTMLElement => {
      const value = row.metrics[m];
      const text = value === null ? (row.finished ? '—' : 'training…') : isAccuracyColumn(m) ? formatPercent(value) : formatNumber(value, 4);
      return el('td', { className: 'metric', text });
    };
    return el(
      'tr',
      { className: current ? 'current' : '', attributes: { 'data-run': row.runId, 'aria-current': current ? 'true' : undefined } },
      el('td', {}, pick),
      el('td', {}, name),
      el('td', { text: row.started }),
      el('td', { text: row.seed }),
      ...row.settings.map((value) => el('td', { className: 'setting', text: value })),
      ...table.metrics.map(metric),
    );
  }

  private buildDiff(table: RunsTable): Node[] {
    const pair = [...this.selected];
    if (!this.diffShown || pair.length !== 2) return [];
    const entry = (runId: string): { record: RunRecord; name: string } | undefined => {
      const record = this.context.store.run(runId);
      const name = table.rows.find((r) => r.runId === runId)?.name;
      return record && name !== undefined ? { record, name } : undefined;
    };
    const a = entry(pair[0]!);
    const b = entry(pair[1]!);
    if (!a || !b) return [];
    const only = checkbox('Only the differing settings', this.onlyDifferences, (checked) => {
      this.onlyDifferences = checked;
      this.context.update({});
    }, 'runs-diff-only');
    const close = el('button', { className: 'button secondary', attributes: { type: 'button', 'data-key': 'runs-diff-close' }, text: 'Close diff' });
    close.addEventListener('click', () => {
      this.diffShown = false;
      this.context.update({});
    });
    return [el('h2', { text: 'Diff of two runs' }), el('div', { className: 'controls' }, only, close), settingsDiffView(a, b, this.onlyDifferences)];
  }

  private toggle(runId: string, checked: boolean): void {
    if (checked) this.selected.add(runId);
    else this.selected.delete(runId);
    if (this.selected.size !== 2) this.diffShown = false;
    this.overlay();
  }

  /** The checked runs become the Training overlay (none checked: the runs listed; every run when no file is chosen). */
  private overlay(): void {
    const runs = this.context.store.runs;
    const listed = this.file === null ? new Set<string>() : new Set(runs.filter((r) => r.source?.path === this.file).map((r) => r.runId));
    this.context.update({ hiddenRuns: hiddenForRuns(runs.map((r) => r.runId), this.selected.size > 0 ? this.selected : listed) });
  }

  refreshTheme(): void {
    // Colours come from the stylesheet's theme variables; nothing to rebuild.
  }
}
