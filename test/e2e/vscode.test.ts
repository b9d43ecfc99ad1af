// The packaged extension in a real VS Code (code-server + headless Chromium): runs
// test/e2e/vscode-web.mjs, which installs the .vsix like a user and checks the language, its
// colouring, diagnostics, hover, completion, inlay hints, code lenses, a quick fix, the outline,
// a server restart after a crash, Restricted Mode and trusting the folder later (see that file
// for the checks).
//
// Runs when VSCODE_WEB_BIN is set (`export VSCODE_WEB_BIN="$(bash ../shared/tools/install-vscode-web.sh)"`)
// or CI is set; skipped otherwise. Takes ~30-60 s on two cores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../helpers/paths';

/** Where install-vscode-web.sh puts code-server by default; used in CI when VSCODE_WEB_BIN is unset. */
const defaultBin = join(homedir(), '.cache', 'vscode-web', 'node_modules', '.bin', 'code-server');
const bin = process.env.VSCODE_WEB_BIN || (process.env.CI ? defaultBin : undefined);
const skip = bin
  ? false
  : 'VSCODE_WEB_BIN is not set: export VSCODE_WEB_BIN="$(bash ../shared/tools/install-vscode-web.sh)" (or set CI) to run the real-VS-Code suite';

/** The bundles the .vsix ships, and the sources they are built from. */
const bundles = ['dist/extension.js', 'dist/server.js', 'dist/cli.js'].map((f) => fromRoot(f));
const sourceFolders = ['core', 'server', 'extension', 'cli', 'node', 'protocol'].map((f) => fromRoot(f));

function newestSource(folder: string): number {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: fromRoot(), encoding: 'utf8', timeout: 180_000 });
  assert.equal(result.status, 0, `${[command, ...args].join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Packs the CURRENT bundles into test-results/e2e/dlmodel-studio.vsix (vsce, ~1 s). The bundles
 * are rebuilt (minified, as `npm run package` does) only when one is missing or older than a
 * source: under `npm test` the build has just run, and rebuilding dist/ here would rewrite
 * dist/cli.js while other test files run it.
 */
function packageVsix(): string {
  const newest = Math.max(...sourceFolders.map(newestSource));
  const stale = bundles.some((b) => !existsSync(b) || statSync(b).mtimeMs < newest);
  if (stale) run(process.execPath, [fromRoot('scripts/build.mjs'), '--minify']);
  const vsix = fromRoot('test-results', 'e2e', 'dlmodel-studio.vsix');
  mkdirSync(join(vsix, '..'), { recursive: true });
  run(process.execPath, [
    fromRoot('node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies',
    '--baseContentUrl', 'https://example.invalid/dlmodel-studio/blob/main',
    '--baseImagesUrl', 'https://example.invalid/dlmodel-studio/raw/main',
    '--out', vsix,
  ]);
  return vsix;
}

test('dlmodel studio in a real VS Code: checks a–q pass (test/e2e/vscode-web.mjs)', { skip, timeout: 540_000 }, (t) => {
  assert.ok(bin && existsSync(bin), `no code-server at ${bin}: run bash ../shared/tools/install-vscode-web.sh and set VSCODE_WEB_BIN`);
  const vsix = packageVsix();
  const screenshots = fromRoot('test-results', 'e2e-screenshots');
  rmSync(screenshots, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [fromRoot('test/e2e/vscode-web.mjs'), '--bin', bin, '--vsix', vsix, '--screenshots', screenshots], {
    cwd: fromRoot(),
    encoding: 'utf8',
    timeout: 420_000,             // SIGTERM: the script still kills its code-server process group
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  for (const line of (result.stdout ?? '').split('\n')) {
    if (/✓|^timing:|^e2e:/.test(line)) t.diagnostic(line.replace(/^\[e2e\s+[\d.]+s\]\s*/, ''));
  }
  const timedOut = result.error ? ` (${result.error.message})` : '';
  assert.equal(result.status, 0, `vscode-web.mjs exited with ${result.status ?? result.signal}${timedOut}; screenshots in ${screenshots}\n${output.slice(-12_000)}`);
  assert.match(result.stdout, /^e2e: \d+ passed, 0 failed$/m);
});
