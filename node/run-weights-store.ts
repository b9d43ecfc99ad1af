import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../protocol/validate';
import { readRegularFile } from './regular-file';
import { sequencedFiles, type SequencedFile } from './sequenced-files';
import { idPart } from './run-history';

/** How many finished runs' weights are kept for the loss landscape after a reload (each holds a whole model). */
export const defaultWeightsKept = 3;
/** A weights file larger than this is not kept (nor read back). */
const maxWeightsBytes = 256 * 1024 * 1024;

/** What a stored run needs to be rebuilt in a worker: the document as it trained, and where its data paths start. */
export interface RunSourceText {
  readonly text: string;
  readonly trainName: string | null;
  /** The document's folder relative to the workspace root, `/`-separated ('' at the root). */
  readonly documentFolder: string;
  /** The workspace folder it trained in (absolute): a restore happens only while it is still open. */
  readonly workspaceRoot: string;
  readonly label: string;
}

/**
 * The final weights of the last few finished runs (safetensors) with the text they trained on,
 * beside the run history in the workspace storage, so that a run restored after a reload can
 * still be mapped (the loss landscape is computed around its weights). Two files per run, written
 * to a temporary name and renamed, the weights first: a run is loadable only once both are there.
 * The newest `keep` runs are kept, newest by the save sequence that starts each file name.
 */
export class RunWeightsStore {
  constructor(
    private readonly folder: string,
    private readonly keep: number = defaultWeightsKept,
  ) {}

  /** Keeps a run's weights and source (replacing an earlier save of the same run), then drops the oldest beyond `keep`. */
  save(runId: string, weights: Uint8Array, source: RunSourceText): boolean {
    if (weights.length > maxWeightsBytes || this.keep < 1) return false;
    mkdirSync(this.folder, { recursive: true });
    const id = idPart(runId);
    const runs = this.runs();
    const sequence = (runs.at(-1)?.sequence ?? 0) + 1;
    const base = join(this.folder, `${String(sequence).padStart(10, '0')}-${id}`);
    for (const old of runs.filter((r) => r.id === id)) this.remove(old.base);
    writeAtomically(`${base}.safetensors`, weights);
    writeAtomically(`${base}.source.json`, JSON.stringify({ runId, ...source }));
    const kept = this.runs();
    for (const old of kept.slice(0, Math.max(0, kept.length - this.keep))) this.remove(old.base);
    return true;
  }

  /** A kept run's weights and source, or undefined (never kept, dropped, or unreadable). */
  load(runId: string): { weights: Uint8Array; source: RunSourceText } | undefined {
    const found = this.runs().find((r) => r.id === idPart(runId));
    if (!found) return undefined;
    const weights = readRegularFile(join(this.folder, `${found.base}.safetensors`), { maxBytes: maxWeightsBytes });
    const source = readRegularFile(join(this.folder, `${found.base}.source.json`), { maxBytes: 16 * 1024 * 1024 });
    if (weights.kind !== 'ok' || source.kind !== 'ok') return undefined;
    const parsed = parseSource(new TextDecoder().decode(source.bytes), runId);
    return parsed ? { weights: weights.bytes, source: parsed } : undefined;
  }

  /** Kept runs (both files present), oldest first. */
  private runs(): SequencedFile[] {
    const present = new Set(sequencedFiles(this.folder, '.source.json').map((file) => file.base));
    return sequencedFiles(this.folder, '.safetensors').filter((file) => present.has(file.base));
  }


  private remove(base: string): void {
    for (const extension of ['.source.json', '.safetensors']) rmSync(join(this.folder, `${base}${extension}`), { force: true });
  }
}

function writeAtomically(file: string, data: Uint8Array | string): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

function parseSource(text: string, runId: string): RunSourceText | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value) || value.runId !== runId) return undefined;
    const { text: source, trainName, documentFolder, workspaceRoot, label } = value;
    if (typeof source !== 'string' || (trainName !== null && typeof trainName !== 'string') || typeof documentFolder !== 'string' || typeof workspaceRoot !== 'string' || typeof label !== 'string') return undefined;
    // The folder is joined to the workspace root by the worker's file access, which refuses a path that leaves it.
    return { text: source, trainName, documentFolder, workspaceRoot, label };
  } catch {
    return undefined;
  }
}
