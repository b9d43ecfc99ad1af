// What VS Code loads before the extension can answer: the extension host's and the language
// server's bundles, minified as `npm run package` ships them. Built here in memory (esbuild,
// the options of scripts/build.mjs for these two entries), so the figure does not depend on
// whether dist/ was last built minified. Prints what takes the room when the target is missed.
import { build, type Metafile } from 'esbuild';

const targetKiB = 1024;
const entries = [
  { name: 'extension host', entry: 'extension/extension.ts' },
  { name: 'language server', entry: 'server/main.ts' },
] as const;

export interface BundleRow {
  readonly name: string;
  readonly kib: number;
  /** The largest packages (node_modules/…) and source folders inside it, in KiB. */
  readonly largest: ReadonlyArray<readonly [string, number]>;
}

/** node_modules/@scope/name, node_modules/name, or the first two path parts of a source file. */
function groupOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'node_modules') return parts.slice(0, 2).join('/');
  return parts.slice(0, parts[1]!.startsWith('@') ? 3 : 2).join('/');
}

function largestGroups(metafile: Metafile): Array<readonly [string, number]> {
  const output = Object.values(metafile.outputs)[0]!;
  const bytes = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) bytes.set(groupOf(file), (bytes.get(groupOf(file)) ?? 0) + bytesInOutput);
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([group, size]) => [group, size / 1024] as const);
}

export async function runBundleBench(): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const { name, entry } of entries) {
    const result = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], minify: true, write: false, metafile: true, outfile: 'bundle.js', logLevel: 'silent' });
    const code = result.outputFiles.find((file) => file.path.endsWith('bundle.js'))!;
    rows.push({ name, kib: code.contents.length / 1024, largest: largestGroups(result.metafile) });
  }
  return rows;
}

export function printBundleBench(rows: readonly BundleRow[]): number {
  const total = rows.reduce((sum, row) => sum + row.kib, 0);
  const ok = total < targetKiB;
  console.log(`\nbundles (minified, as packaged): ${rows.map((row) => `${row.name} ${row.kib.toFixed(0)} KiB`).join(' + ')} = ${total.toFixed(0)} KiB   target < ${targetKiB} KiB  ${ok ? 'ok' : 'MISSED'}`);
  if (!ok) for (const row of rows) console.log(`  ${row.name}, largest parts: ${row.largest.map(([group, kib]) => `${group} ${kib.toFixed(0)}`).join(', ')} (KiB)`);
  return ok ? 0 : 1;
}
