/**
 * The lines of a run record — the output of `dlmodel train --json` (docs/language.md §9) — as
 * JSON objects, for every reader of such a record (*Open Run Record…*, `dlmodel train --replay`),
 * so they split, skip blank lines and word a broken line the same way.
 */

/** One non-blank line of a record. */
export interface RecordLine {
  /** 1-based, as an editor shows it. */
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The record's lines (blank ones and CRLF endings skipped), or `name:line: what is wrong`. */
export function readRecordLines(text: string, name: string): RecordLine[] | string {
  const lines = text.split(/\r?\n/);
  const read: RecordLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return `${name}:${i + 1}: not a JSON line — ${whatARecordIs}`;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${name}:${i + 1}: not a JSON object — ${whatARecordIs}`;
    read.push({ line: i + 1, fields: value as Record<string, unknown> });
  }
  return read;
}

/** The end of every message about a file that is not a run record. */
export const whatARecordIs = 'a run record is the output of dlmodel train --json';
