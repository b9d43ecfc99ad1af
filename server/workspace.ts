import { existsSync, statSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileAccess } from '../core/analysis';
import { CachedFileAccess, isInside } from '../node/node-file-access';

/** Where a document lives: the file access for its workspace folder and its folder inside it. */
export interface DocumentPlace {
  readonly fileAccess?: FileAccess;
  readonly documentFolder: string;
}

const untrustedAccess: FileAccess = { readFile: () => ({ kind: 'untrusted' }) };

/**
 * Maps documents to workspace folders. Data paths must stay inside the folder that holds the
 * document; a file outside every workspace folder uses its own folder as the root. In an untrusted
 * workspace nothing is read (core reports DL516).
 */
export class Workspace {
  private folders: string[] = [];
  private readonly accesses = new Map<string, CachedFileAccess>();
  trusted = true;

  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((uri) => {
      const path = toPath(uri);
      return path && existsSync(path) ? [path] : [];
    });
    // Longest first, so a nested workspace folder wins over its parent.
    this.folders.sort((a, b) => b.length - a.length);
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
    return { fileAccess: access, documentFolder };
  }
}

function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
