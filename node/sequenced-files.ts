import { readdirSync } from 'node:fs';

/** A file named `<10-digit save sequence>-<id><extension>` in a store's folder. */
export interface SequencedFile {
  /** The whole file name. */
  readonly name: string;
  /** The name without the extension (`0000000017-<id>`). */
  readonly base: string;
  readonly sequence: number;
  readonly id: string;
}

/**
 * The run history, the sweep history and the run-weights store name each file by the save
 * sequence that orders it (no clock decides the order) and an id: this lists one store's files
 * with `extension`, oldest first, and nothing when the folder does not exist yet.
 */
export function sequencedFiles(folder: string, extension: string): SequencedFile[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      if (!name.endsWith(extension)) return [];
      const base = name.slice(0, name.length - extension.length);
      const match = /^(\d{10})-(.+)$/.exec(base);
      return match ? [{ name, base, sequence: Number(match[1]), id: match[2]! }] : [];
    })
    .sort((a, b) => a.sequence - b.sequence);
}
