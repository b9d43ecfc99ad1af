import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileAccess, FileReadResult } from '../core/analysis';

/** Data files larger than this are refused rather than read into memory. */
export const maxDataFileBytes = 1024 * 1024 * 1024;

/** The folder of a .dlmodel file relative to the workspace root, `/`-separated ('' at the root): what core's data paths resolve against. */
export function documentFolderOf(root: string, file: string): string {
  return relative(resolve(root), dirname(resolve(file))).split(sep).join('/');
}

/** True when `inner` is `outer` or lies below it (both real, absolute paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/**
 * Reads workspace files for core. The path it receives has passed core's textual check; this
 * adds what only the file system knows: a symbolic link that resolves outside the root is refused,
 * and nothing is read before that check.
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

  readFile(workspacePath: string): FileReadResult {
    let real: string;
    try {
      real = realpathSync(join(this.realRoot, workspacePath));
    } catch (error) {
      return describeError(error);
    }
    if (!isInside(this.realRoot, real)) return { kind: 'outside' };
    let descriptor: number | undefined;
    try {
      descriptor = openSync(real, 'r');
      const stats = fstatSync(descriptor);
      if (stats.isDirectory()) return { kind: 'unreadable', reason: 'it is a folder, not a file' };
      if (stats.size > maxDataFileBytes) return { kind: 'unreadable', reason: `it is larger than ${maxDataFileBytes / 2 ** 30} GiB` };
      const bytes = new Uint8Array(stats.size);
      let offset = 0;
      while (offset < bytes.length) {
        const read = readSync(descriptor, bytes, offset, bytes.length - offset, offset);
        if (read === 0) break;
        offset += read;
      }
      return { kind: 'ok', bytes: offset === bytes.length ? bytes : bytes.subarray(0, offset) };
    } catch (error) {
      return describeError(error);
    } finally {
      if (descriptor !== undefined) closeSync(descriptor);
    }
  }
}

function describeError(error: unknown): FileReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'EISDIR') return { kind: 'unreadable', reason: 'it is a folder, not a file' };
  if (code === 'ELOOP') return { kind: 'unreadable', reason: 'too many symbolic links' };
  return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
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

  readFile(workspacePath: string): FileReadResult {
    let stats: { size: number; mtimeMs: number };
    try {
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
