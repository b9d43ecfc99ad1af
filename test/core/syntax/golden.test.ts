// Golden tree dumps: for each test/fixtures/syntax/NAME.dlmodel the expected dump and
// diagnostics are in NAME.tree.txt beside it. Run with UPDATE_GOLDEN=1 to rewrite them after an
// intended change, then review the diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dumpTree } from '../../../core/syntax';
import { formatDiagnostics, parseChecked, syntaxFixtures } from './syntax-helpers';

const update = process.env.UPDATE_GOLDEN === '1';

for (const name of readdirSync(syntaxFixtures).filter((n) => n.endsWith('.dlmodel')).sort()) {
  test(`golden tree: ${name}`, () => {
    const text = readFileSync(`${syntaxFixtures}/${name}`, 'utf8');
    const result = parseChecked(text);
    const actual = `${dumpTree(result.file)}--- diagnostics\n${formatDiagnostics(result.diagnostics)}`;
    const goldenPath = `${syntaxFixtures}/${name.replace(/\.dlmodel$/, '.tree.txt')}`;
    if (update || !existsSync(goldenPath)) {
      writeFileSync(goldenPath, actual);
      if (!update) assert.fail(`wrote missing golden file ${goldenPath}; review it and run again`);
      return;
    }
    assert.equal(actual, readFileSync(goldenPath, 'utf8'), `${name} differs from its golden dump (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test('the valid fixtures parse without any diagnostic', () => {
  for (const name of ['spirals.dlmodel', 'vgg16.dlmodel', 'constructs.dlmodel', 'branches.dlmodel', 'empty.dlmodel', 'comments-only.dlmodel']) {
    const result = parseChecked(readFileSync(`${syntaxFixtures}/${name}`, 'utf8'));
    assert.deepEqual(formatDiagnostics(result.diagnostics), '', name);
  }
});
