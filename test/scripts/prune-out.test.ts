import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { fromRoot } from '../helpers/paths';

interface PruneModule { pruneStaleOutput: (outDir: string, rootDir: string) => string[] }

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

test('prune-out removes compiled files whose source is gone and keeps the rest', async () => {
  const { pruneStaleOutput } = (await import(pathToFileURL(fromRoot('scripts/prune-out.mjs')).href)) as PruneModule;
  const root = mkdtempSync(join(tmpdir(), 'prune-out-'));
  // The source tree: catalog/layers.ts became catalog/layers/index.ts.
  touch(join(root, 'core/catalog/layers/index.ts'));
  touch(join(root, 'test/kept.test.ts'));
  const out = join(root, 'out');
  for (const file of ['core/catalog/layers.js', 'core/catalog/layers.js.map', 'core/catalog/layers/index.js',
    'test/kept.test.js', 'test/deleted.test.js', 'test/fixture.json']) touch(join(out, file));

  const removed = pruneStaleOutput(out, root).map((p) => p.slice(out.length + 1)).sort();

  assert.deepEqual(removed, ['core/catalog/layers.js', 'core/catalog/layers.js.map', 'test/deleted.test.js']);
  assert.ok(existsSync(join(out, 'core/catalog/layers/index.js')));
  assert.ok(existsSync(join(out, 'test/kept.test.js')));
  assert.ok(existsSync(join(out, 'test/fixture.json')), 'a file tsc did not write is left alone');
});
