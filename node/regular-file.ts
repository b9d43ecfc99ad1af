import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { FileReadResult } from '../core/analysis';
import { formatBytes } from '../core/common/format';
import { isInside } from './paths';

// Absent on Windows, which has neither FIFOs in the file system nor O_NOFOLLOW: 0 changes nothing there.
const openFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface ReadOptions {
  /** Refuse a file larger than this (by the opened file's size), before reading a byte of it. */
  readonly maxBytes: number;
  /** A real (link-free) folder the file must lie in: the file actually opened is checked, not its name. */
  readonly insideFolder?: string;
  /** Test hook: runs between resolving the path and opening it, the moment a swapped link would strike. */
  readonly beforeOpen?: () => void;
}

/**
 * The one way node/ reads a file it was given by name (a data file of the workspace, a model file,
 * `--init` weights): resolve the path, open it once, then decide on the OPENED file — never on the
 * name, which another process may re-point between our check and our read.
 *
 * - Only regular files: a FIFO, a device or a socket is refused. The open uses O_NONBLOCK, so even a
 *   FIFO swapped in after the first look cannot block it; fstat of the descriptor then refuses.
 * - Inside the workspace (`insideFolder`): see `openedFileIsInside`.
 * - The size limit is checked on the descriptor's fstat, before anything is read, and at most that
 *   many bytes are read, from the descriptor only (a file growing meanwhile changes nothing).
 */
export function readRegularFile(path: string, options: ReadOptions): FileReadResult {
  let target: string;
  try {
    target = realpathSync(path);
    // A first look by name, so a device is refused without even being opened (opening some has effects).
    const early = notRegular(statSync(target));
    if (early) return { kind: 'unreadable', reason: early };
  } catch (error) {
    return describeError(error);
  }
  if (options.insideFolder !== undefined && !isInside(options.insideFolder, target)) return { kind: 'outside' };
  options.beforeOpen?.();
  let descriptor: number | undefined;
  try {
    // O_NOFOLLOW: the resolved path's last step cannot have become a link since it was resolved.
    descriptor = openSync(target, openFlags);
    const stats = fstatSync(descriptor);
    const refused = notRegular(stats);
    if (refused) return { kind: 'unreadable', reason: refused };
    if (options.insideFolder !== undefined && !openedFileIsInside(descriptor, stats, path, options.insideFolder)) return { kind: 'outside' };
    if (stats.size > options.maxBytes) return { kind: 'too-large', size: stats.size, limit: options.maxBytes };
    return { kind: 'ok', bytes: readExactly(descriptor, stats.size) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP' && descriptor === undefined) return { kind: 'unreadable', reason: 'it was replaced by a symbolic link while being opened' };
    return describeError(error);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** Why a file is not one we read, or undefined for a regular file. */
function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'it is a folder, not a file';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/**
 * Whether the file behind `descriptor` lies inside `folder`. Checking the resolved NAME is not enough:
 * any folder on that path can be swapped for a link between resolving and opening (O_NOFOLLOW guards
 * only the last step), and the open then lands outside.
 *
 * On Linux, /proc/self/fd/N names the file the descriptor holds, as the kernel sees it now: this is a
 * check of the very file we are about to read, so no swap before it can pass an outside file through,
 * and a swap after it no longer matters. Elsewhere (no procfs) the path is resolved again and must
 * lead to the same file (device and inode) inside the folder — a swapper would have to undo its swap
 * exactly between our open and this second resolution.
 */
function openedFileIsInside(descriptor: number, stats: Stats, path: string, folder: string): boolean {
  let located: string | undefined;
  try {
    located = readlinkSync(`/proc/self/fd/${descriptor}`);
  } catch {
    located = undefined;
  }
  if (located !== undefined) return isInside(folder, located);
  const again = realpathSync(path);
  if (!isInside(folder, again)) return false;
  const now = statSync(again);
  return now.dev === stats.dev && now.ino === stats.ino;
}

function readExactly(descriptor: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  while (offset < size) {
    const read = readSync(descriptor, bytes, offset, size - offset, offset);
    if (read === 0) break; // truncated meanwhile: what is there
    offset += read;
  }
  return offset === size ? bytes : bytes.subarray(0, offset);
}

/** A file-system error as a read result, in words for the user. */
function describeError(error: unknown): FileReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EACCES' || code === 'EPERM') return { kind: 'unreadable', reason: 'permission denied' };
  if (code === 'EISDIR') return { kind: 'unreadable', reason: 'it is a folder, not a file' };
  if (code === 'ELOOP') return { kind: 'unreadable', reason: 'too many symbolic links' };
  return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
}

/** Why a read of a path the user gave failed, as a sentence end ("no such file", "it is a FIFO…"). */
export function readFailure(result: Exclude<FileReadResult, { kind: 'ok' }>): string {
  switch (result.kind) {
    case 'missing':
      return 'no such file';
    case 'unreadable':
      return result.reason;
    case 'too-large':
      return `it is ${formatBytes(result.size)}, more than the ${formatBytes(result.limit)} limit`;
    case 'outside':
      return 'it leads outside the workspace folder through a link';
    case 'untrusted':
      return 'the workspace is not trusted';
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}
