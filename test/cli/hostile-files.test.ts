// Hostile files through the real binary (dist/cli.js): a FIFO or a device where a file should be,
// a CSV larger than the memory it deserves, a gzip bomb for idx(…). Each gets a clear error or a
// bounded cost — never a hang, an "internal error" (exit 70) or gigabytes of memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipBomb } from '../helpers/gzip-bomb';
import { LspTestClient } from '../helpers/lsp-client';
import { fromRoot } from '../helpers/paths';

const posix = process.platform === 'win32' ? 'needs POSIX FIFOs and /dev/zero' : false;
// Only a hang trips this: the runs below take a second or two.
const hangGuardMs = 120_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The child's peak resident memory, in bytes. */
  peakRss: number;
}

/** Runs dlmodel in `cwd`, reporting its own peak RSS; fails with a reason if it does not end. */
function dlmodel(args: string[], cwd: string): Run {
  const rss = join(cwd, '.rss.cjs');
  writeFileSync(rss, "process.on('exit', () => require('node:fs').writeSync(2, '\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n'));\n");
  const result = spawnSync(process.execPath, ['--require', rss, fromRoot('dist/cli.js'), ...args], { cwd, encoding: 'utf8', timeout: hangGuardMs, env: { ...process.env, NO_COLOR: '1' } });
  assert.ok(!result.error, `dlmodel ${args.join(' ')} did not end within ${hangGuardMs / 1000} s (a hang): ${result.error?.message}`);
  const peak = /maxRSS (\d+)/.exec(result.stderr);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/\nmaxRSS \d+\n$/, ''), peakRss: Number(peak?.[1] ?? 0) * 1024 };
}

function scratch(files: Record<string, string | Uint8Array>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-hostile-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const csvModel = (path: string, features = 2): string => `model M {
  input [${features}]
  dense(3)
}
train {
  data: csv("${path}")
  loss: cross_entropy
  optimizer: adam()
  batch: 64
  epochs: 1
}
`;

test('a FIFO as a data file: check, train and the language server say it is not a regular file', { skip: posix, timeout: 3 * hangGuardMs }, async () => {
  const folder = scratch({ 'm.dlmodel': csvModel('fifo.csv') });
  execFileSync('mkfifo', [join(folder, 'fifo.csv')]);
  const check = dlmodel(['check', 'm.dlmodel'], folder);
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, /DL510 Data file "fifo\.csv" cannot be read: it is a named pipe \(FIFO\), not a regular file/);
  const train = dlmodel(['train', 'm.dlmodel'], folder);
  assert.equal(train.status, 1, train.stderr);
  assert.match(train.stderr, /named pipe \(FIFO\), not a regular file/);
  const server = await LspTestClient.start(folder);
  try {
    const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the language server published no diagnostics within ${hangGuardMs / 1000} s (a hang)`)), hangGuardMs).unref());
    const published = await Promise.race([server.open(pathToFileURL(join(folder, 'm.dlmodel')).href, csvModel('fifo.csv')), guard]);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['DL510']);
    assert.match(published.diagnostics[0]!.message, /named pipe \(FIFO\), not a regular file/);
  } finally {
    await server.stop();
  }
});

test('a FIFO as the model file and a device as --init are refused, not waited on', { skip: posix, timeout: 3 * hangGuardMs }, () => {
  const folder = scratch({ 'points.csv': 'a,b,label\n0,1,x\n1,0,y\n1,1,z\n' });
  execFileSync('mkfifo', [join(folder, 'model.dlmodel')]);
  const check = dlmodel(['check', 'model.dlmodel'], folder);
  assert.equal(check.status, 2);
  assert.match(check.stderr, /cannot read model\.dlmodel: it is a named pipe \(FIFO\), not a regular file/);
  writeFileSync(join(folder, 'ok.dlmodel'), csvModel('points.csv'));
  const init = dlmodel(['train', 'ok.dlmodel', '--init', '/dev/zero'], folder);
  assert.equal(init.status, 1, init.stderr);
  assert.match(init.stderr, /cannot read the initial weights \/dev\/zero: it is a device, not a regular file/);
});

/** A CSV of about `megabytes` MB: eight numeric features and a class label. */
function writeCsv(path: string, megabytes: number): number {
  const file = openSync(path, 'w');
  let written = writeSync(file, 'a,b,c,d,e,f,g,h,label\n');
  for (let row = 0; written < megabytes * 1e6; ) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000; k++, row++) lines.push(`${Array.from({ length: 8 }, (_, f) => (((row * 7919 + f * 104729) % 20011) / 20011).toFixed(5)).join(',')},${row % 3}\n`);
    written += writeSync(file, lines.join(''));
  }
  closeSync(file);
  return written;
}

test('checking a 60 MB CSV costs about its bytes in memory; train refuses it by size when it exceeds the budget', { timeout: 3 * hangGuardMs }, (t) => {
  const folder = scratch({ 'big.dlmodel': csvModel('big.csv', 8), 'small.dlmodel': csvModel('small.csv', 8) });
  const bytes = writeCsv(join(folder, 'big.csv'), 60);
  writeCsv(join(folder, 'small.csv'), 0.01);
  const small = dlmodel(['check', 'small.dlmodel'], folder);
  const big = dlmodel(['check', 'big.dlmodel'], folder);
  assert.equal(small.status, 0, small.stdout);
  assert.equal(big.status, 0, big.stdout);
  const extra = big.peakRss - small.peakRss;
  t.diagnostic(`check: peak RSS ${(small.peakRss / 2 ** 20).toFixed(0)} MiB on a tiny CSV, ${(big.peakRss / 2 ** 20).toFixed(0)} MiB on ${(bytes / 1e6).toFixed(0)} MB (${(extra / bytes).toFixed(2)}× the file's size more)`);
  // Rows kept as strings cost about 8× the file (1.7 GB for 200 MB); the bytes plus one piece stay far below 4×.
  assert.ok(extra < 4 * bytes, `check of a ${bytes}-byte CSV took ${extra} more bytes of RSS than a tiny one`);
  const refused = dlmodel(['train', 'big.dlmodel', '--memory', '16'], folder);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /dlmodel: train: the data file big\.csv is \d+\.\d MiB, more than the 16\.0 MiB memory budget — use a smaller file, or raise --memory/);
  assert.ok(refused.peakRss - small.peakRss < bytes, 'the refused file was not read');
});

test('a gzip bomb for idx(…) is inflated only as far as its header promises', { timeout: 3 * hangGuardMs }, (t) => {
  const labels = Buffer.concat([Buffer.from([0, 0, 8, 1, 0, 0, 0, 10]), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]);
  const model = (images: string) => `model M {\n  input [1, 28, 28]\n  flatten()\n  dense(10)\n}\ntrain {\n  data: idx(images: "${images}", labels: "labels")\n  loss: cross_entropy\n  optimizer: adam()\n  batch: 4\n}\n`;
  const bomb = gzipBomb(10, 512 * 2 ** 20);
  const folder = scratch({ bomb: bomb, plain: gzipBomb(10, 0), labels, 'bomb.dlmodel': model('bomb'), 'plain.dlmodel': model('plain') });
  const plain = dlmodel(['check', 'plain.dlmodel'], folder);
  const checked = dlmodel(['check', 'bomb.dlmodel'], folder);
  assert.equal(plain.status, 0, plain.stdout);
  assert.equal(checked.status, 0, checked.stdout);
  const extra = checked.peakRss - plain.peakRss;
  t.diagnostic(`a ${(bomb.length / 2 ** 20).toFixed(1)} MiB gzip file inflating to 512 MiB: check took ${(extra / 2 ** 20).toFixed(0)} MiB more RSS than a plain one`);
  assert.ok(extra < 128 * 2 ** 20, `checking the bomb took ${extra} more bytes of RSS`);
});
