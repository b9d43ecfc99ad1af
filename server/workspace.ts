import { existsSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileAccess } from '../core/analysis';
import { CachedFileAccess, isInside } from '../node/node-file-access';

/** Where a document lives: the file access for its workspace folder and its folder inside it. */
export interface DocumentPlace {
  readonly fileAccess?: FileAccess;
  /** The folder data paths resolve in (a workspace folder, or the document's own folder); set with `fileAccess` when files are read. */
  readonly root?: string;
  readonly documentFolder: string;
}

const untrustedAccess: FileAccess = { readFile: () => ({ kind: 'untrusted' }) };

/**
 * Maps documents to workspace folders. Data paths must stay inside the folder that holds the
 * document; a file outside every workspace folder uses its own folder as the root. In an untrusted
 * workspace nothing is read (core reports DL516).
 */
export class Workspace {
  private folderUris: string[] = [];
  private folders: string[] = [];
  private accesses = new Map<string, CachedFileAccess>();
  trusted = true;

  setFolders(uris: readonly string[]): void {
    this.folderUris = [...new Set(uris)];
    this.folders = this.folderUris.flatMap((uri) => {
      const path = toPath(uri);
      return path && existsSync(path) ? [path] : [];
    });
    // Longest first, so a nested workspace folder wins over its parent.
    this.folders.sort((a, b) => b.length - a.length);
  }

  /** Applies `workspace/didChangeWorkspaceFolders`: documents may now resolve against another root. */
  changeFolders(added: readonly string[], removed: readonly string[]): void {
    this.setFolders([...this.folderUris.filter((uri) => !removed.includes(uri)), ...added]);
    this.forgetCachedFiles();
  }

  /**
   * Drops every cached file. The cache notices a change by size and modification time; a file
   * rewritten within the clock's resolution at the same size would look unchanged, so a watcher's
   * event forgets the bytes outright.
   */
  forgetCachedFiles(): void {
    this.accesses = new Map();
  }

  placeOf(uri: string): DocumentPlace {
    const path = toPath(uri);
    if (!path) return { documentFolder: '' };
    const folder = dirname(path);
    const root = this.folders.find((f) => isInside(f, folder)) ?? (existsSync(folder) && statSync(folder).isDirectory() ? folder : undefined);
    if (!root) return { documentFolder: '' };
    const documentFolder = relative(root, folder).split(sep).join('/');
    if (!this.trusted) return { fileAccess: untrustedAccess, documentFolder };
    let access = this.accesses.get(root);
    if (!access) {
      access = new CachedFileAccess(root);
      this.accesses.set(root, access);
    }
    return { fileAccess: access, root, documentFolder };
  }
}

/** The file system path of a `file:` URI, or undefined for any other scheme. */
export function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
