import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lsp from 'vscode-languageserver';
import type { FileAccess } from '../core/analysis';
import type { ClientSupport } from './client-support';

/**
 * The data files (CSV, text, IDX) each open document read in its last check, and one dynamic
 * `workspace/didChangeWatchedFiles` registration that asks the client to watch exactly those
 * files, so that a file changed on disk re-checks the documents that read it. Files that were
 * missing are watched too: creating one fixes a DL510. Without dynamic registration (Neovim 0.7)
 * nothing is registered; a client that watches on its own (the VS Code extension) still reports.
 */
export class DataFileWatch {
  private readonly readsByDocument = new Map<string, ReadonlySet<string>>();
  private watched = new Set<string>();
  /** Registrations are sent one after the other, each replacing the previous one. */
  private registration: Promise<lsp.Disposable | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly connection: lsp.Connection,
    private readonly support: ClientSupport,
  ) {}

  /** A file access that adds to `reads` the absolute path of every file read through it (`root` + the workspace path). */
  recording(access: FileAccess, root: string, reads: Set<string>): FileAccess {
    return {
      readFile: (workspacePath, maxBytes) => {
        reads.add(join(root, workspacePath));
        return access.readFile(workspacePath, maxBytes);
      },
    };
  }

  /** Records what the document's latest check read, and watches the new set of files. */
  setReads(uri: string, reads: ReadonlySet<string>): void {
    if (reads.size === 0) this.readsByDocument.delete(uri);
    else this.readsByDocument.set(uri, reads);
    this.sync();
  }

  forget(uri: string): void {
    this.readsByDocument.delete(uri);
    this.sync();
  }

  /** The documents whose last check read one of these files. */
  documentsReading(paths: ReadonlySet<string>): string[] {
    return [...this.readsByDocument].filter(([, reads]) => [...reads].some((path) => paths.has(path))).map(([uri]) => uri);
  }

  private sync(): void {
    if (!this.support.registerWatchedFiles) return;
    const wanted = new Set([...this.readsByDocument.values()].flatMap((reads) => [...reads]));
    if (wanted.size === this.watched.size && [...wanted].every((path) => this.watched.has(path))) return;
    this.watched = wanted;
    const watchers = [...wanted].sort().map((path) => this.watcherOf(path));
    this.registration = this.registration.then(async (previous) => {
      previous?.dispose();
      if (watchers.length === 0) return undefined;
      try {
        return await this.connection.client.register(lsp.DidChangeWatchedFilesNotification.type, { watchers });
      } catch (error) {
        this.connection.console.warn(`dlmodel: the client refused to watch data files: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  }

  /** One file, as a pattern relative to its folder when the client understands that (cheaper to watch). */
  private watcherOf(path: string): lsp.FileSystemWatcher {
    if (this.support.relativePatterns) return { globPattern: { baseUri: pathToFileURL(dirname(path)).href, pattern: escapeGlob(basename(path)) } };
    return { globPattern: escapeGlob(path.split('\\').join('/')) };
  }
}

/** A literal path as a glob: the characters globs give a meaning are put in brackets. */
function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}
