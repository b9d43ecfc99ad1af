// The one opener of node/ (readRegularFile, behind NodeFileAccess): only regular files, the size
// checked before reading, and the workspace judged on the file actually opened — so a link swapped
// between resolving the name and opening it cannot hand over an outside file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeFileAccess } from '../../node/node-file-access';
import { readRegularFile } from '../../node/regular-file';
import { fromRoot } from '../helpers/paths';

const posix = process.platform !== 'win32' ? false : 'needs POSIX FIFOs and links';

/** A workspace `ws` with data/x.csv, and beside it an outside folder with a secret data/x.csv. */
function workspaceWithSecret(): { ws: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'dlmodel-open-')));
  const ws = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(ws, 'data'), { recursive: true });
  mkdirSync(join(outside, 'data'), { recursive: true });
  writeFileSync(join(ws, 'data', 'x.csv'), 'inside\n');
  writeFileSync(join(outside, 'data', 'x.csv'), 'SECRET\n');
  return { ws, outside };
}

const text = (result: ReturnType<typeof readRegularFile>): string | undefined => (result.kind === 'ok' ? Buffer.from(result.bytes).toString() : undefined);

test('a FIFO is refused without blocking, by name or swapped in after the first look', { skip: posix }, () => {
  const { ws } = workspaceWithSecret();
  execFileSync('mkfifo', [join(ws, 'fifo.csv')]);
  // Run in a child: an open that blocks cannot be interrupted from inside the process.
  const script = `
    const { NodeFileAccess } = require(${JSON.stringify(fromRoot('out/node/node-file-access.js'))});
    const { readRegularFile } = require(${JSON.stringify(fromRoot('out/node/regular-file.js'))});
    const { renameSync, execFileSync } = require('node:fs');
    const ws = ${JSON.stringify(ws)};
    const byName = new NodeFileAccess(ws).readFile('fifo.csv');
    // The first look sees a regular file; a FIFO takes its place before the open.
    require('node:fs').writeFileSync(ws + '/swap.csv', 'regular\\n');
    const swapped = readRegularFile(ws + '/swap.csv', { maxBytes: 100, insideFolder: ws, beforeOpen: () => renameSync(ws + '/fifo.csv', ws + '/swap.csv') });
    process.stdout.write(JSON.stringify([byName, swapped]));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(child.error?.message.includes('ETIMEDOUT'), true, 'reading a FIFO hung (the child was killed after 60 s)');
  assert.equal(child.status, 0, child.stderr);
  const [byName, swapped] = JSON.parse(child.stdout) as [{ kind: string; reason?: string }, { kind: string; reason?: string }];
  assert.deepEqual(byName, { kind: 'unreadable', reason: 'it is a named pipe (FIFO), not a regular file' });
  assert.deepEqual(swapped, { kind: 'unreadable', reason: 'it is a named pipe (FIFO), not a regular file' });
});

test('a device is refused, and a file over the limit is refused by its size before reading', { skip: posix }, () => {
  assert.deepEqual(readRegularFile('/dev/zero', { maxBytes: 1024 }), { kind: 'unreadable', reason: 'it is a device, not a regular file' });
  const { ws } = workspaceWithSecret();
  writeFileSync(join(ws, 'big.csv'), Buffer.alloc(5000));
  assert.deepEqual(new NodeFileAccess(ws).readFile('big.csv', 4096), { kind: 'too-large', size: 5000, limit: 4096 });
  assert.equal(new NodeFileAccess(ws).readFile('big.csv', 5000).kind, 'ok');
  assert.deepEqual(new NodeFileAccess(ws).readFile('data'), { kind: 'unreadable', reason: 'it is a folder, not a file' });
});

test('a folder swapped for a link between resolving and opening cannot hand over an outside file', { skip: posix }, () => {
  const { ws, outside } = workspaceWithSecret();
  const result = readRegularFile(join(ws, 'data', 'x.csv'), {
    maxBytes: 100,
    insideFolder: ws,
    beforeOpen: () => {
      renameSync(join(ws, 'data'), join(ws, 'away'));
      symlinkSync(join(outside, 'data'), join(ws, 'data'));
    },
  });
  assert.equal(text(result), undefined, 'the outside file was read');
  assert.deepEqual(result, { kind: 'outside' });
});

test('a file swapped for a link between resolving and opening is not followed', { skip: posix }, () => {
  const { ws, outside } = workspaceWithSecret();
  const result = readRegularFile(join(ws, 'data', 'x.csv'), {
    maxBytes: 100,
    insideFolder: ws,
    beforeOpen: () => {
      symlinkSync(join(outside, 'data', 'x.csv'), join(ws, 'data', 'link'));
      renameSync(join(ws, 'data', 'link'), join(ws, 'data', 'x.csv'));
    },
  });
  assert.deepEqual(result, { kind: 'unreadable', reason: 'it was replaced by a symbolic link while being opened' });
});

test('while another process keeps swapping a folder and a link, no read returns the outside file', { skip: posix, timeout: 120_000 }, async (t) => {
  const { ws, outside } = workspaceWithSecret();
  symlinkSync(join(outside, 'data'), join(ws, 'link'));
  // The swapper: data (a folder) and link (to the outside folder) trade places, each step one atomic rename.
  const swapper = spawn(process.execPath, [
    '-e',
    `const { renameSync } = require('node:fs'); const ws = ${JSON.stringify(ws)}; process.stdout.write('ready\\n');
     for (;;) { renameSync(ws + '/data', ws + '/hold'); renameSync(ws + '/link', ws + '/data'); renameSync(ws + '/data', ws + '/link'); renameSync(ws + '/hold', ws + '/data'); }`,
  ]);
  await new Promise((resolve) => swapper.stdout.once('data', resolve));
  const access = new NodeFileAccess(ws);
  const counts = { inside: 0, outsideContent: 0, refused: 0 };
  const reads = 20_000;
  try {
    for (let i = 0; i < reads; i++) {
      const result = access.readFile('data/x.csv');
      const content = text(result);
      if (content === 'SECRET\n') counts.outsideContent++;
      else if (content === 'inside\n') counts.inside++;
      else counts.refused++;
    }
  } finally {
    swapper.kill();
  }
  t.diagnostic(`${reads} reads while swapping: ${counts.inside} inside, ${counts.refused} refused or missing, ${counts.outsideContent} outside`);
  assert.equal(counts.outsideContent, 0);
});
