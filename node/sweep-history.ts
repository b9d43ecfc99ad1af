import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSweepMessage, type SweepMessage, type SweepRow } from '../protocol/sweep-messages';
import { isString, nullable, objectOf } from '../protocol/validate';
import { readRegularFile } from './regular-file';
import { sequencedFiles, type SequencedFile } from './sequenced-files';
import { idPart } from './run-history';
import { defaultSweepsKept } from './history-limits';

export { defaultSweepsKept } from './history-limits';
/** A sweep of 1,000 rows is about 200 KB; anything far larger is not one of ours. */
const maxSweepBytes = 4 * 1024 * 1024;
const suffix = '.sweep.json';

/** A sweep as kept: its table, and where it came from so Apply to file still works after a reload. */
export interface StoredSweep {
  readonly sweep: SweepMessage;
  /** The file, relative to the workspace folder. */
  readonly source: string | null;
  readonly trainName: string | null;
}

const isStoredSweep = objectOf({ sweep: isSweepMessage, source: nullable(isString), trainName: nullable(isString) });

/**
 * Sweeps' tables beside the run history (the same folder; files `<sequence>-<sweepId>.sweep.json`),
 * so a sweep's table survives a reload like its runs do. Written to a temporary name and renamed;
 * the newest `keep` are kept. A sweep still running when it was saved is loaded as cancelled,
 * its unfinished rows stopped: their workers died with the window.
 */
export class SweepHistoryStore {
  constructor(
    private readonly folder: string,
    private readonly keep: number = defaultSweepsKept,
  ) {}

  /** Writes a sweep (replacing an earlier save of the same sweep), then drops the oldest beyond `keep`. */
  save(stored: StoredSweep): void {
    mkdirSync(this.folder, { recursive: true });
    const id = idPart(stored.sweep.sweepId);
    const files = this.files();
    const sameSweep = files.filter((f) => f.id === id);
    // An update keeps its place in the order: a sweep saved after each row is still one sweep.
    const sequence = sameSweep.at(-1)?.sequence ?? (files.at(-1)?.sequence ?? 0) + 1;
    const target = join(this.folder, `${String(sequence).padStart(10, '0')}-${id}${suffix}`);
    const temporary = `${target}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, target);
    const kept = this.files();
    for (const old of kept.slice(0, Math.max(0, kept.length - this.keep))) rmSync(join(this.folder, old.name), { force: true });
  }

  /** The newest kept sweep that reads as one (an unreadable file is skipped), or undefined. */
  latest(): StoredSweep | undefined {
    for (const { name } of this.files().reverse()) {
      const file = readRegularFile(join(this.folder, name), { maxBytes: maxSweepBytes });
      const stored = file.kind === 'ok' ? parse(new TextDecoder().decode(file.bytes)) : undefined;
      if (stored) return { ...stored, sweep: settled(stored.sweep) };
    }
    return undefined;
  }

  private files(): SequencedFile[] {
    return sequencedFiles(this.folder, '.sweep.json');
  }

}

/** A sweep loaded after a reload: no worker of it is alive, so it is over. */
function settled(sweep: SweepMessage): SweepMessage {
  if (sweep.state !== 'running') return sweep;
  const stop = (row: SweepRow): SweepRow => (row.status === 'pending' || row.status === 'running' ? { ...row, status: 'stopped', message: 'the window was reloaded while the sweep ran' } : row);
  return { ...sweep, state: 'cancelled', rows: sweep.rows.map(stop) };
}

function parse(text: string): StoredSweep | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isStoredSweep(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
