import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** The folder of a .dlmodel file relative to the workspace root, `/`-separated ('' at the root): what core's data paths resolve against. */
export function documentFolderOf(root: string, file: string): string {
  return relative(resolve(root), dirname(resolve(file))).split(sep).join('/');
}

/** True when `inner` is `outer` or lies below it (both real, absolute paths). */
export function isInside(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}
