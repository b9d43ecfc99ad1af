import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileAccess, FileReadResult } from '../core/analysis';
import { readRegularFile } from './regular-file';

export { documentFolderOf, isInside } from './paths';

/** Data files larger than this are refused rather than read into memory. */
export const maxDataFileBytes = 1024 * 1024 * 1024;

/**
 * Reads workspace files for core. The path it receives has passed core's textual check; this adds
 * what only the file system knows, through `readRegularFile`: a file that is not regular (a FIFO, a
 * device) is refused, and so is a link that leads outside the root — judged on the file actually
 * opened, so a link swapped meanwhile cannot smuggle an outside file in.
 */
export class NodeFileAccess implements FileAccess {
  private readonly realRoot: string;

  constructor(root: string) {
    this.realRoot = realpathSync(root);
  }

  /** The workspace folder, with links resolved. */
  get root(): string {
    return this.realRoot;
  }

  readFile(workspacePath: string, maxBytes?: number): FileReadResult {
    return readRegularFile(join(this.realRoot, workspacePath), { maxBytes: Math.min(maxBytes ?? maxDataFileBytes, maxDataFileBytes), insideFolder: this.realRoot });
  }
}

/**
 * A `NodeFileAccess` that keeps the bytes of each file until its size or modification time
 * changes. The language server re-checks a document on every keystroke; with this, a data file is
 * read once, and core's probes (which cache by the identity of the bytes) parse it once.
 */
export class CachedFileAccess implements FileAccess {
  private readonly inner: NodeFileAccess;
  private readonly cache = new Map<string, { size: number; mtimeMs: number; result: FileReadResult }>();

  constructor(root: string) {
    this.inner = new NodeFileAccess(root);
  }

  readFile(workspacePath: string, maxBytes?: number): FileReadResult {
    // A caller's own limit is rare (the memory budget of a run); it reads past the cache.
    if (maxBytes !== undefined) return this.inner.readFile(workspacePath, maxBytes);
    let stats: { size: number; mtimeMs: number };
    try {
      // Only a look at the name, to key the cache; the read itself goes through readRegularFile.
      stats = statSync(join(this.inner.root, workspacePath));
    } catch {
      this.cache.delete(workspacePath);
      return this.inner.readFile(workspacePath);
    }
    const cached = this.cache.get(workspacePath);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.result;
    const result = this.inner.readFile(workspacePath);
    this.cache.set(workspacePath, { size: stats.size, mtimeMs: stats.mtimeMs, result });
    return result;
  }
}
