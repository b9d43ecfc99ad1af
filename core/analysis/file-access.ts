/**
 * How core reads data files without doing I/O itself: the CLI and the language server inject
 * an implementation. Paths handed to it are already checked to stay inside the workspace and are
 * workspace-relative with `/` separators; the implementation must still refuse a link that leads
 * outside (only it can see the file system).
 */
export type FileReadResult =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** Larger than the limit (the caller's, or the adapter's own): refused before a byte was read. */
  | { readonly kind: 'too-large'; readonly size: number; readonly limit: number }
  /** The path is inside by its text but a symbolic link takes it outside the workspace. */
  | { readonly kind: 'outside' }
  /** The workspace is not trusted, so no data file is read. */
  | { readonly kind: 'untrusted' };

export interface FileAccess {
  /**
   * Reads a whole file by its workspace-relative path. Only regular files are read (never a FIFO or
   * a device), and none larger than `maxBytes` (when given) or the adapter's own limit.
   */
  readFile(workspacePath: string, maxBytes?: number): FileReadResult;
}

export type ResolvedPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/**
 * Resolves a path written in a .dlmodel file (relative to that file's folder) to a
 * workspace-relative path, by its text alone, before anything is read. Absolute paths, drive
 * letters, URLs and `..` segments that climb out of the workspace are refused.
 * @param documentFolder the workspace-relative folder of the .dlmodel file ('' at the root).
 */
export function resolveDataPath(written: string, documentFolder: string): ResolvedPath {
  if (written.length === 0) return { ok: false, reason: 'the path is empty' };
  if (written.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  if (/^[/\\]/.test(written) || /^[A-Za-z]:/.test(written) || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(written) || written.startsWith('~')) {
    return { ok: false, reason: 'absolute paths are not allowed; write it relative to this file' };
  }
  const segments: string[] = [];
  for (const part of [...documentFolder.split('/'), ...written.split(/[/\\]/)]) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.length === 0) return { ok: false, reason: 'it leads outside the workspace folder' };
      segments.pop();
    } else segments.push(part);
  }
  if (segments.length === 0) return { ok: false, reason: 'it names the workspace folder itself, not a file' };
  return { ok: true, path: segments.join('/') };
}
