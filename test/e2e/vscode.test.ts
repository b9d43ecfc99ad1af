// The packaged extension in a real VS Code (code-server + headless Chromium): runs
// test/e2e/vscode-web.mjs, which installs the .vsix like a user and checks the language, its
// colouring, diagnostics, hover, completion, inlay hints, code lenses, a quick fix, the outline,
// a server restart after a crash, Restricted Mode and trusting the folder later (see that file
// for the checks).
//
// Runs when VSCODE_WEB_BIN is set (`export VSCODE_WEB_BIN="$(bash ../shared/tools/install-vscode-web.sh)"`)
// or CI is set; skipped otherwise. Two tests, each its own code-server: the main and Restricted-Mode
// scenarios, then the feature modules of test/e2e/features/ (see hangGuardMs for their times).
import { test, type TestContext } from 'node:test';
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

/**
 * What a failed run says first: its "E2E FAILED: check <id> (…): <reason>" lines and the folder
 * with the logs and screenshots, then the end of its log for context (short: never cut off).
 */
function failureSummary(stdout: string, stderr: string): string {
  const lines = stderr.split('\n');
  const first = lines.findIndex((l) => l.startsWith('E2E FAILED:'));
  const reason = first < 0 ? '(no "E2E FAILED:" line)' : lines.slice(first, first + 25).filter((l) => !l.startsWith('E2E logs and screenshots:')).join('\n');
  const folder = lines.find((l) => l.startsWith('E2E logs and screenshots:')) ?? '';
  const tail = stdout.trimEnd().split('\n').slice(-15).join('\n');
  return `${reason.slice(0, 4000)}\n${folder}\n--- the last lines of its log:\n${tail}`;
}

/**
 * Hang guards, not time limits: the main and Restricted-Mode scenarios took 70-93 s quiet and up to
 * 370 s at load 17; the feature modules (test/e2e/features/) 10-40 s each quiet, 90-420 s each at
 * load 20-30 (training in the workbench).
 */
const hangGuardMs = { 'main,restricted': 900_000, features: 3_000_000 };

/** Runs vscode-web.mjs on some scenarios and reports its passed checks and timings to the runner. */
function runScenarios(t: TestContext, scenarios: keyof typeof hangGuardMs, vsix: string): void {
  const screenshots = fromRoot('test-results', `e2e-screenshots-${scenarios.replace(',', '-')}`);
  rmSync(screenshots, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [fromRoot('test/e2e/vscode-web.mjs'), '--bin', bin!, '--vsix', vsix, '--scenario', scenarios, '--screenshots', screenshots], {
    cwd: fromRoot(),
    encoding: 'utf8',
    timeout: hangGuardMs[scenarios],   // SIGTERM: the script names the check it was in and still kills its code-server process group
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of (result.stdout ?? '').split('\n')) {
    // Passed checks, retried ones (a flaky UI step shows here even when its retry passed), timings.
    if (/✓|attempt 1 failed|^timing:|^e2e:/.test(line)) t.diagnostic(line.replace(/^\[e2e\s+[\d.]+s\]\s*/, ''));
  }
  const timedOut = result.error ? ` (${result.error.message})` : '';
  assert.equal(result.status, 0, `vscode-web.mjs --scenario ${scenarios} exited with ${result.status ?? result.signal}${timedOut}:\n${failureSummary(result.stdout ?? '', result.stderr ?? '')}`);
  assert.match(result.stdout, /^e2e: \d+ passed, 0 failed$/m);
}

let packaged: string | undefined;
function vsixOnce(): string {
  assert.ok(bin && existsSync(bin), `no code-server at ${bin}: run bash ../shared/tools/install-vscode-web.sh and set VSCODE_WEB_BIN`);
  packaged ??= packageVsix();
  return packaged;
}

test('dlmodel studio in a real VS Code: checks a–q pass (test/e2e/vscode-web.mjs)', { skip, timeout: hangGuardMs['main,restricted'] + 120_000 }, (t) => {
  runScenarios(t, 'main,restricted', vsixOnce());
});

test('the feature views in a real VS Code: every module of test/e2e/features passes', { skip, timeout: hangGuardMs.features + 120_000 }, (t) => {
  runScenarios(t, 'features', vsixOnce());
});
