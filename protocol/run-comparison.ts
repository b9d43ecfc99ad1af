import type { RunSetting } from '../core/train/events';
import type { RunRecord } from './run-record';

/**
 * Comparing runs by what they were configured with (the start event's `settings`, written by
 * core/train/run-settings.ts): which keys differ between the runs listed (the runs table's
 * columns), the side-by-side diff of two runs, the runs' short names and final metrics. Pure, so
 * the panel and a test compute the same thing.
 */

/** A run's settings; empty for a record from before they were recorded (or a policy run). */
export const settingsOf = (record: RunRecord): readonly RunSetting[] => record.start?.settings ?? [];

/** The keys of several runs' settings, each once, in the order they first appear. */
function keysInOrder(lists: readonly (readonly RunSetting[])[]): string[] {
  const keys = new Set<string>();
  for (const list of lists) for (const setting of list) keys.add(setting.key);
  return [...keys];
}

const valueOf = (list: readonly RunSetting[], key: string): string | null => list.find((s) => s.key === key)?.value ?? null;

/**
 * The keys whose value is not the same in every run (a key a run lacks counts as a value of its
 * own: a layer one run has and the other not differs). Runs without recorded settings say nothing
 * and are left out; fewer than two runs that have them differ in nothing. In first-seen order.
 */
export function differingKeys(lists: readonly (readonly RunSetting[])[]): string[] {
  const known = lists.filter((list) => list.length > 0);
  if (known.length < 2) return [];
  const maps = known.map((list) => new Map(list.map((s) => [s.key, s.value])));
  return keysInOrder(known).filter((key) => maps.some((map) => map.get(key) !== maps[0]!.get(key)));
}

/** One line of the diff of two runs' settings (null where a run has no such key). */
export interface SettingsDiffRow {
  readonly key: string;
  readonly a: string | null;
  readonly b: string | null;
  readonly differs: boolean;
}

/** Two runs' settings side by side: every key of either, in first-seen order, the differing ones marked. */
export function settingsDiff(a: readonly RunSetting[], b: readonly RunSetting[]): SettingsDiffRow[] {
  return keysInOrder([a, b]).map((key) => {
    const left = valueOf(a, key);
    const right = valueOf(b, key);
    return { key, a: left, b: right, differs: left !== right };
  });
}

/** The value of one setting of a run, or null when it has none. */
export const settingValue = (record: RunRecord, key: string): string | null => valueOf(settingsOf(record), key);

/** A run's final metrics: its done event's, else (a run still going or stopped) its last epoch's; null where it has none. */
export interface FinalMetrics {
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
}

export function finalMetrics(record: RunRecord): FinalMetrics {
  const done = record.end?.type === 'done' ? record.end : undefined;
  const last = done ?? record.epochs.at(-1);
  if (!last) return { loss: null, accuracy: null, valLoss: null, valAccuracy: null };
  return { loss: Number.isFinite(last.loss) ? last.loss : null, accuracy: last.accuracy, valLoss: last.valLoss, valAccuracy: last.valAccuracy };
}

/** The file part of a run's source path (`spirals.dlmodel`), or its label for a run without one. */
const fileOf = (record: RunRecord): string => record.source?.path.split(/[\\/]/).at(-1) ?? record.label;

/**
 * Short names for a list of runs: the file and the run's number among that file's runs in the
 * list (`spirals.dlmodel #2`), and a sweep's row (`· sweep row 3`) for a sweep's run.
 */
export function runNames(records: readonly RunRecord[]): string[] {
  const counts = new Map<string, number>();
  return records.map((record) => {
    const file = fileOf(record);
    const n = (counts.get(file) ?? 0) + 1;
    counts.set(file, n);
    return `${file} #${n}${record.sweep ? ` · sweep row ${record.sweep.index + 1}` : ''}`;
  });
}
