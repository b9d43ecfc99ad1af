// The language server in a real Neovim (Debian 12's 0.7.2, headless), started by the README's
// Neovim 0.7 snippet: diagnostics, hover, completion inside a call left open, rename and formatting,
// in files with non-ASCII text before the positions involved (Neovim counts bytes, LSP UTF-16).
// test/fixtures/neovim/driver.lua drives the editor and writes what it saw as JSON.
// Skips, saying so, when `nvim` is not installed (`apt-get install neovim`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fromRoot } from '../helpers/paths';

/** The README's Lua block for Neovim 0.7–0.9, so that the snippet users copy is the one tested. */
function readmeSnippetForNeovim07(): string {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const heading = readme.indexOf('Neovim 0.7 to 0.9');
  assert.ok(heading >= 0, 'the README has a Neovim 0.7 section');
  const start = readme.indexOf('```lua\n', heading);
  const end = readme.indexOf('```', start + 7);
  assert.ok(start >= 0 && end > start, 'the section holds a Lua block');
  return readme.slice(start + 7, end);
}

function neovimVersion(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? undefined : /NVIM v(\S+)/.exec(probe.stdout)?.[1];
}

const files: Record<string, string> = {
  'broken.dlmodel': '# Modèle cassé « 😀 »\nmodel M {\n  input [2]\n  dense(2, init: "é😀"); desne(3)\n}\n',
  'net.dlmodel':
    '# Réseau « spirale » 😀 : une couche après du texte non-ASCII\nmodel Net {\n  input [2]\n    hidden = dense(16,activation: relu)\n  dense(2)\n}\ntrain {\n  data: csv("données😀.csv"); model: Net\n  loss: cross_entropy\n  optimizer: adam(lr: 0.01)\n  batch: 2\n}\n',
  'open-call.dlmodel': 'model M {\n  input [2]\n  # é😀 ü\n}\n',
  'données😀.csv': 'x1,x2,label\n0,1,a\n1,0,b\n1,1,a\n0,0,b\n',
};

interface DriverResult {
  error?: string;
  diagnostics: Array<{ code: string; line: number; text: string }>;
  hover: string;
  completion: Array<{ label: string; format: number }>;
  lines: string[];
}

/** Runs Neovim in `folder` until the driver quits; resolves with its exit code. */
function runNeovim(folder: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('nvim', ['--headless', '-i', 'NONE', '-u', join(folder, 'init.lua'), '-c', `luafile ${fromRoot('test/fixtures/neovim/driver.lua')}`], { cwd: folder, env, stdio: 'ignore' });
    // Only a hang reaches this guard: the driver's own waits give up long before.
    const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
}

test('Neovim 0.7+ with the README snippet: diagnostics, hover, completion in an open call, rename, formatting', async (t) => {
  const version = neovimVersion();
  if (!version) {
    t.skip('nvim is not installed (apt-get install neovim): the Neovim client test did not run');
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-nvim-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    writeFileSync(join(folder, 'init.lua'), readmeSnippetForNeovim07());
    // `dlmodel` on the PATH, as the snippet expects: the built CLI.
    const bin = join(folder, '.bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'dlmodel'), `#!/bin/sh\nexec '${process.execPath}' '${fromRoot('dist/cli.js')}' "$@"\n`);
    chmodSync(join(bin, 'dlmodel'), 0o755);
    const home = join(folder, '.home');
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, DLMODEL_NVIM_RESULT: join(folder, 'result.json'), HOME: home, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_STATE_HOME: home, XDG_CACHE_HOME: home };

    const started = performance.now();
    const exitCode = await runNeovim(folder, env);
    t.diagnostic(`Neovim ${version}: the whole session took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(exitCode, 0);
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as DriverResult;
    assert.equal(result.error, undefined, result.error);

    // Columns are right after 'é😀' (3 UTF-16 units, 6 bytes): the ranges cover the words.
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.line, d.text]).sort(),
      [
        ['DL301', 3, 'desne'],
        ['DL305', 3, '"é😀"'],
      ],
    );
    assert.match(result.hover, /\| parameters \| 2·16 \+ 16 = 48 \|/);
    assert.deepEqual(
      result.completion.map((c) => c.label),
      ['linear', 'relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'hardswish', 'relu6', 'tanh', 'sigmoid', 'hardsigmoid', 'softplus', 'softmax', 'logsoftmax'],
    );
    assert.ok(result.completion.every((c) => c.format === 1), 'Neovim 0.7 has no snippets: plain text only');
    assert.deepEqual(result.lines, [
      '# Réseau « spirale » 😀 : une couche après du texte non-ASCII',
      'model Spiral {',
      '  input [2]',
      '  hidden = dense(16, activation: relu)',
      '  dense(2)',
      '}',
      '',
      'train {',
      '  data: csv("données😀.csv")',
      '  model: Spiral',
      '  loss: cross_entropy',
      '  optimizer: adam(lr: 0.01)',
      '  batch: 2',
      '}',
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
