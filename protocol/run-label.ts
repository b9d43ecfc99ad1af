/**
 * How a person tells runs apart: runs of one file and train block share a label, so the picker,
 * the export choice and the report add the start time, the seed and a short id.
 */
export interface RunIdentity {
  readonly runId: string;
  readonly label: string;
  /** ISO 8601, when known. */
  readonly startedAt: string | null;
  /** The seed the run drew its numbers from, once its start event arrived. */
  readonly seed: number | null;
}

/** The first characters of the run id: enough to tell a session's runs apart. */
export const shortRunId = (runId: string): string => runId.replace(/[^0-9a-zA-Z]/g, '').slice(0, 6);

/** Local wall-clock time of day (HH:MM:SS) of an ISO 8601 instant, or null when unreadable. */
export function timeOfDay(iso: string | null): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** `spirals.dlmodel · 14:03:05 · seed 42 · #1a2b3c`. */
export function runDisplayName(run: RunIdentity): string {
  const time = timeOfDay(run.startedAt);
  return [run.label, ...(time === null ? [] : [time]), ...(run.seed === null ? [] : [`seed ${run.seed}`]), `#${shortRunId(run.runId)}`].join(' · ');
}
