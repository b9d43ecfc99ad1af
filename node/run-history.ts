import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../protocol/run-record';
import { isRunRecord } from '../protocol/validate-run-record';
import { readRegularFile } from './regular-file';
import { sequencedFiles, type SequencedFile } from './sequenced-files';

import { defaultRunsKept, defaultSweepsKept } from './history-limits';

export { defaultRunsKept } from './history-limits';
/** A record larger than this is skipped when loading (a long run with latent frames is a few MB). */
const maxRecordBytes = 64 * 1024 * 1024;
const suffix = '.run.json';

/** Between a sweep run's id and its sweep's in its file name (`idPart` never writes a `.`). */
const sweepMark = '.sweep.';

/** A record file: its run and, for a run of a sweep, the sweep (both as `idPart` wrote them). */
interface RecordFile extends SequencedFile {
  readonly run: string;
  readonly sweep: string | undefined;
}

/**
 * Finished runs' records (not their weights) as files in one folder — the extension's workspace
 * storage — so that the panel's runs survive a reload. One JSON file per run, written to a
 * temporary name and renamed (a crash leaves the old file or the new one, never half of one).
 * Kept: the newest `keep` runs of their own, and every run of the newest `sweepsKept` sweeps
 * (as the sweep history keeps their tables), so a 32-run sweep does not push the user's own runs
 * out; newest by the save sequence that starts each file name, a sweep by its newest run. A sweep
 * run's file names its sweep (`<sequence>-<run>.sweep.<sweep>.run.json`). Loading skips a file
 * that is not a valid record (and says how many).
 */
export class RunHistoryStore {
  constructor(
    private readonly folder: string,
    private readonly keep: number = defaultRunsKept,
    private readonly sweepsKept: number = defaultSweepsKept,
  ) {}

  /** Writes a run's record (replacing an earlier one of the same run), then drops the oldest beyond `keep`. */
  save(record: RunRecord): void {
    mkdirSync(this.folder, { recursive: true });
    const run = idPart(record.runId);
    const files = this.files();
    const sequence = (files.at(-1)?.sequence ?? 0) + 1;
    const name = `${run}${record.sweep ? `${sweepMark}${idPart(record.sweep.sweepId)}` : ''}`;
    const target = join(this.folder, `${String(sequence).padStart(10, '0')}-${name}${suffix}`);
    const temporary = `${target}.tmp`;
    writeFileSync(temporary, JSON.stringify(record));
    renameSync(temporary, target);
    for (const old of files.filter((f) => f.run === run)) rmSync(join(this.folder, old.name), { force: true });
    const kept = new Set(this.kept().map((f) => f.name));
    for (const old of this.files()) if (!kept.has(old.name)) rmSync(join(this.folder, old.name), { force: true });
  }

  /** The kept records, oldest first, and how many files were not valid records. */
  load(): { records: RunRecord[]; skipped: number } {
    const records: RunRecord[] = [];
    let skipped = 0;
    for (const { name } of this.kept()) {
      const file = readRegularFile(join(this.folder, name), { maxBytes: maxRecordBytes });
      const record = file.kind === 'ok' ? parseRecord(new TextDecoder().decode(file.bytes)) : undefined;
      if (record) records.push(record);
      else skipped++;
    }
    return { records, skipped };
  }

  /** Record files, oldest first: each name starts with its save sequence (no clock decides the order). */
  private files(): RecordFile[] {
    return sequencedFiles(this.folder, suffix).map((file) => {
      const at = file.id.indexOf(sweepMark);
      return at < 0 ? { ...file, run: file.id, sweep: undefined } : { ...file, run: file.id.slice(0, at), sweep: file.id.slice(at + sweepMark.length) };
    });
  }

  /** The files the limits keep, oldest first: the newest `keep` of the runs of their own, every run of the newest `sweepsKept` sweeps. */
  private kept(): RecordFile[] {
    const files = this.files();
    const own = files.filter((f) => f.sweep === undefined);
    const ownKept = new Set(own.slice(Math.max(0, own.length - this.keep)));
    // A sweep is as new as its newest run (files are oldest first, so the last one seen wins).
    const newest = new Map<string, number>();
    for (const f of files) if (f.sweep !== undefined) newest.set(f.sweep, f.sequence);
    const byAge = [...newest].sort((a, b) => a[1] - b[1]);
    const sweeps = new Set(byAge.slice(Math.max(0, byAge.length - this.sweepsKept)).map(([sweep]) => sweep));
    return files.filter((f) => ownKept.has(f) || (f.sweep !== undefined && sweeps.has(f.sweep)));
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
