// Deletes compiled files in out/ whose TypeScript source no longer exists. tsc never removes
// output, so after a file becomes a folder (catalog/layers.ts → catalog/layers/index.ts) the
// stale out/…/layers.js would still win the import of './layers.js' and tests would run old code.
// Usage: node scripts/prune-out.mjs [outDir] [rootDir]   (defaults: out, .)
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUTPUT_SUFFIXES = ['.d.ts.map', '.d.ts', '.js.map', '.js'];

/** The .ts a compiled file came from, or undefined for a file tsc did not write. */
function sourceOf(outFile, outDir, rootDir) {
  const suffix = OUTPUT_SUFFIXES.find((s) => outFile.endsWith(s));
  if (suffix === undefined) return undefined;
  const stem = relative(outDir, outFile).slice(0, -suffix.length);
  return join(rootDir, `${stem}.ts`);
}

export function pruneStaleOutput(outDir, rootDir) {
  if (!existsSync(outDir)) return [];
  const removed = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else {
        const source = sourceOf(path, outDir, rootDir);
        if (source !== undefined && !existsSync(source)) {
          rmSync(path);
          removed.push(path);
        }
      }
    }
  };
  visit(outDir);
  return removed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const removed = pruneStaleOutput(process.argv[2] ?? 'out', process.argv[3] ?? '.');
  if (removed.length > 0) console.log(`prune-out: removed ${removed.length} stale compiled file(s)`);
}
