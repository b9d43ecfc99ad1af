import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

function findRoot(start: string): string {
  let folder = start;
  while (!existsSync(resolve(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

/** The repository root (the nearest folder above this file with a package.json). */
export const repoRoot = findRoot(__dirname);

/** A path under the repository root. */
export function fromRoot(...parts: string[]): string {
  return resolve(repoRoot, ...parts);
}
