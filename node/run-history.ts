import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../protocol/run-record';
import { isRunRecord } from '../protocol/validate-run-record';
import { readRegularFile } from './regular-file';
import { sequencedFiles, type SequencedFile } from './sequenced-files';

/** The most runs kept unless the setting `dlmodel.runs.keep` says otherwise. */
export const defaultRunsKept = 50;
/** A record larger than this is skipped when loading (a long run with latent frames is a few MB). */
const maxRecordBytes = 64 * 1024 * 1024;
const suffix = '.run.json';

/**
 * Finished runs' records (not their weights) as files in one folder — the extension's workspace
 * storage — so that the panel's runs survive a reload. One JSON file per run, written to a
 * temporary name and renamed (a crash leaves the old file or the new one, never half of one);
 * the newest `keep` are kept, newest by the save sequence that starts each file name. Loading skips a file that is not a valid record (and says how many).
 */
export class RunHistoryStore {
  constructor(
    private readonly folder: string,
    private readonly keep: number = defaultRunsKept,
  ) {}

  /** Writes a run's record (replacing an earlier one of the same run), then drops the oldest beyond `keep`. */
  save(record: RunRecord): void {
    mkdirSync(this.folder, { recursive: true });
    const id = idPart(record.runId);
    const files = this.files();
    const sequence = (files.at(-1)?.sequence ?? 0) + 1;
    const target = join(this.folder, `${String(sequence).padStart(10, '0')}-${id}${suffix}`);
    const temporary = `${target}.tmp`;
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, target);
    for (const old of files.filter((f) => f.id === id)) rmSync(join(this.folder, old.name), { force: true });
    const kept = this.files();
    for (const old of kept.slice(0, Math.max(0, kept.length - this.keep))) rmSync(join(this.folder, old.name), { force: true });
  }

  /** The kept records, oldest first, and how many files were not valid records. */
  load(): { records: RunRecord[]; skipped: number } {
    const records: RunRecord[] = [];
    let skipped = 0;
    const files = this.files();
    for (const { name } of files.slice(Math.max(0, files.length - this.keep))) {
      const file = readRegularFile(join(this.folder, name), { maxBytes: maxRecordBytes });
      const record = file.kind === 'ok' ? parseRecord(new TextDecoder().decode(file.bytes)) : undefined;
      if (record) records.push(record);
      else skipped++;
    }
    return { records, skipped };
  }

  /** Record files, oldest first: each name starts with its save sequence (no clock decides the order). */
  private files(): SequencedFile[] {
    return sequencedFiles(this.folder, '.run.json');
  }

}

function parseRecord(text: string): RunRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRunRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The part of a file name an id gives: only [A-Za-z0-9_-~], so it can never leave the folder. */
export function idPart(runId: string): string {
  return runId.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16)}`).slice(0, 120);
}
