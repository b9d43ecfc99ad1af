// Opening a shipped example copies the examples into the workspace (node/example-files.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyMissingFiles, listExamples } from '../../node/example-files';
import { fromRoot } from '../helpers/paths';

function withFolder(body: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-examples-'));
  try {
    body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('listExamples names every shipped example with the first line of its comment', () => {
  const examples = listExamples(fromRoot('examples'));
  assert.equal(examples.length, readdirSync(fromRoot('examples')).filter((f) => f.endsWith('.dlmodel')).length);
  const logistic = examples.find((e) => e.name === 'logistic-regression');
  assert.equal(logistic?.title, 'Logistic regression: one linear unit, a sigmoid and binary cross-entropy.');
});

test('copyMissingFiles copies examples with their data and keeps a file the person edited', () => {
  withFolder((workspace) => {
    const target = join(workspace, 'dlmodel-examples');
    mkdirSync(target);
    writeFileSync(join(target, 'spirals.dlmodel'), '# mine');
    const written = copyMissingFiles(fromRoot('examples'), target, workspace);
    assert.equal(readFileSync(join(target, 'spirals.dlmodel'), 'utf8'), '# mine');
    assert.ok(!written.includes(join(target, 'spirals.dlmodel')));
    assert.equal(readFileSync(join(target, 'data', 'iris.csv'), 'utf8'), readFileSync(fromRoot('examples/data/iris.csv'), 'utf8'));
    assert.deepEqual(copyMissingFiles(fromRoot('examples'), target, workspace), [], 'a second copy writes nothing');
  });
});

test('copyMissingFiles writes nothing through a link that leads outside the workspace', () => {
  withFolder((root) => {
    const workspace = join(root, 'workspace');
    const outside = join(root, 'outside');
    mkdirSync(workspace);
    mkdirSync(outside);
    symlinkSync(outside, join(workspace, 'dlmodel-examples'));
    assert.throws(() => copyMissingFiles(fromRoot('examples'), join(workspace, 'dlmodel-examples'), workspace), /outside the workspace/);
    assert.deepEqual(readdirSync(outside), []);
    // A link at a file's own place is not written through either.
    const target = join(workspace, 'copy');
    mkdirSync(target);
    symlinkSync(join(outside, 'stolen.dlmodel'), join(target, 'xor.dlmodel'));
    copyMissingFiles(fromRoot('examples'), target, workspace);
    assert.equal(existsSync(join(outside, 'stolen.dlmodel')), false);
  });
});
