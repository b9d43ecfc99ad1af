// `dlmodel diff` as a user runs it: exit status, the table, --json against its schema, mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fromRoot } from '../helpers/paths';
import { loadSchema, schemaErrors } from '../helpers/json-schema';

const diffSchema = loadSchema('diff-report');

function dlmodel(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [fromRoot('dist/cli.js'), ...args], { cwd: fromRoot('.'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const base = 'test/fixtures/diff/base.dlmodel';

test('diff exits 0 for the same model and 1 when a layer differs, as diff(1)', () => {
  assert.equal(dlmodel(['diff', base, base]).status, 0);
  const widened = dlmodel(['diff', base, 'test/fixtures/diff/widened.dlmodel']);
  assert.equal(widened.status, 1, widened.stderr);
  assert.match(widened.stdout, /~ {2}hidden {3}dense {4}10 {2}\[32\] → \[64\] {3}4,128 → 8,256 \(\+4,128\) {2}\+4,096/);
  assert.match(widened.stdout, /units: 32 → 64/);
  assert.match(widened.stdout, /params 5,706 → 10,154 \(\+4,448\)/);
});

test('diff --json follows docs/schemas/diff-report.schema.json on every fixture and an example pair', () => {
  const pairs = [
    ...['widened', 'inserted', 'removed', 'repeat3', 'branched'].map((name) => [base, `test/fixtures/diff/${name}.dlmodel`]),
    ['examples/digits-cnn.dlmodel', 'examples/digits-resnet.dlmodel'],
  ];
  for (const [a, b] of pairs) {
    const result = dlmodel(['diff', '--json', a!, b!]);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { totals: { paramsDelta: number } };
    assert.equal(schemaErrors(diffSchema, report), '', `${a} → ${b}`);
  }
  const removed = JSON.parse(dlmodel(['diff', '--json', base, 'test/fixtures/diff/removed.dlmodel']).stdout) as { totals: Record<string, number> };
  assert.deepEqual([removed.totals.removed, removed.totals.changed, removed.totals.paramsDelta], [1, 2, 12288]);
});

test('diff --all lists the unchanged layers too', () => {
  const all = dlmodel(['diff', '--all', base, 'test/fixtures/diff/widened.dlmodel']).stdout;
  assert.match(all, /stem +conv2d/);
  assert.doesNotMatch(dlmodel(['diff', base, 'test/fixtures/diff/widened.dlmodel']).stdout, /stem +conv2d/);
});

test('diff says what is wrong: one file, a missing model, a missing file', () => {
  const one = dlmodel(['diff', base]);
  assert.equal(one.status, 2);
  assert.match(one.stderr, /diff takes two \.dlmodel files, before and after; got 1/);
  const noModel = dlmodel(['diff', '--model', 'Nope', base, base]);
  assert.equal(noModel.status, 2);
  assert.match(noModel.stderr, /has no model Nope; it has Net/);
  const missing = dlmodel(['diff', base, 'test/fixtures/diff/absent.dlmodel']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read test\/fixtures\/diff\/absent\.dlmodel/);
});
