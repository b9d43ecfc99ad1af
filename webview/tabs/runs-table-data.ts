import { differingKeys, finalMetrics, runNames, settingsOf, settingValue, type FinalMetrics } from '../../protocol/run-comparison';
import { timeOfDay } from '../../protocol/run-label';
import type { RunRecord } from '../../protocol/run-record';

/** The final metrics a runs table can show, in column order. */
export const metricColumns = ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const satisfies readonly (keyof FinalMetrics)[];
export type MetricColumn = (typeof metricColumns)[number];
export const metricLabels: Readonly<Record<MetricColumn, string>> = { loss: 'loss', accuracy: 'accuracy', valLoss: 'validation loss', valAccuracy: 'validation accuracy' };
export const isAccuracyColumn = (metric: MetricColumn): boolean => metric === 'accuracy' || metric === 'valAccuracy';

/** Beyond this many differing settings the table shows the first ones and says how many more the Diff shows. */
export const maxSettingColumns = 8;

/** One line of the runs table. */
export interface RunsTableRow {
  readonly runId: string;
  readonly name: string;
  readonly label: string;
  readonly started: string;
  readonly seed: string;
  /** One per `settingKeys`, '—' where the run has no such setting. */
  readonly settings: readonly string[];
  readonly metrics: FinalMetrics;
  readonly finished: boolean;
}

/** What the runs table shows: its columns (the settings that differ, the metrics any run has) and rows. */
export interface RunsTable {
  readonly settingKeys: readonly string[];
  /** Differing settings left out of the table (more than `maxSettingColumns`). */
  readonly moreSettings: number;
  readonly metrics: readonly MetricColumn[];
  readonly rows: readonly RunsTableRow[];
}

/** The files the runs came from, each once in first-seen order (the table's filter). */
export function runFiles(runs: readonly RunRecord[]): string[] {
  return [...new Set(runs.flatMap((r) => (r.source ? [r.source.path] : [])))];
}

/**
 * Builds the table from the runs (oldest first), or only those of one file, with only the
 * settings that differ between the runs listed. Names number a file's runs among all the runs, so
 * a run keeps its name whatever the filter.
 */
export function runsTable(all: readonly RunRecord[], file: string | null = null): RunsTable {
  const allNames = runNames(all);
  const listed = all.flatMap((run, i) => (file === null || run.source?.path === file ? [{ run, name: allNames[i]! }] : []));
  const runs = listed.map((l) => l.run);
  const differing = differingKeys(runs.map(settingsOf));
  const settingKeys = differing.slice(0, maxSettingColumns);
  const rows = listed.map(({ run, name }): RunsTableRow => ({
    runId: run.runId,
    name,
    label: run.label,
    started: timeOfDay(run.startedAt) ?? '—',
    seed: run.start ? String(run.start.seed) : '—',
    settings: settingKeys.map((key) => settingValue(run, key) ?? '—'),
    metrics: finalMetrics(run),
    finished: run.end !== null,
  }));
  const metrics = metricColumns.filter((m) => rows.some((r) => r.metrics[m] !== null));
  return { settingKeys, moreSettings: differing.length - settingKeys.length, metrics, rows };
}

/** The Training overlay's hidden runs for a selection in the runs table: all but the selected; none selected shows every run. */
export function hiddenForRuns(runIds: readonly string[], selected: ReadonlySet<string>): string[] {
  return selected.size === 0 ? [] : runIds.filter((id) => !selected.has(id));
}
