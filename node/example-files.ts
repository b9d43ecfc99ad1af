import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isInside } from './paths';

/** A shipped example: its file name without `.dlmodel`, and the first line of its header comment. */
export interface ExampleFile {
  readonly name: string;
  readonly title: string;
}

/** The examples in `folder`, by name, each with the first line of its leading comment as title. */
export function listExamples(folder: string): ExampleFile[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.dlmodel'))
    .sort()
    .map((file) => {
      const firstLine = readFileSync(join(folder, file), 'utf8').split('\n', 1)[0] ?? '';
      return { name: file.slice(0, -'.dlmodel'.length), title: firstLine.replace(/^#\s*/, '') };
    });
}

function filesBelow(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesBelow(path);
    return entry.isFile() ? [path] : [];
  });
}

/**
 * Copies every file of `source` (the examples shipped in the extension, with their data files)
 * to the same place under `target`, which lies in `workspaceRoot`. A file already there is kept,
 * so a person's edits to an example survive opening it again. Nothing is written outside the
 * workspace: each folder is checked after links are resolved, and files are created exclusively
 * (`wx`), so an existing link in the target is never written through. Returns the paths written.
 */
export function copyMissingFiles(source: string, target: string, workspaceRoot: string): string[] {
  const root = realpathSync(workspaceRoot);
  const written: string[] = [];
  for (const file of filesBelow(source)) {
    const destination = join(target, relative(source, file));
    const folder = join(destination, '..');
    mkdirSync(folder, { recursive: true });
    if (!isInside(root, realpathSync(folder))) throw new Error(`${folder} lies outside the workspace ${root}`);
    try {
      writeFileSync(destination, readFileSync(file), { flag: 'wx' });
      written.push(destination);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return written;
}
