// 100,000 nested brackets or blocks must neither overflow the stack nor hang: the parser stops
// recursing at depth 64 (DL211) and skips the rest iteratively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChecked } from './syntax-helpers';

const depth = 100_000;
const model = (line: string): string => `model M {\n  input [2]\n  ${line}\n  relu()\n}\n`;

const cases: [string, string][] = [
  ['[ in an argument', model(`dense(3, k: ${'['.repeat(depth)})`)],
  ['balanced [ ] in an argument', model(`dense(3, k: ${'['.repeat(depth)}${']'.repeat(depth)})`)],
  ['( in an argument', model(`dense${'('.repeat(depth)}`)],
  ['nested calls', model(`${'f('.repeat(depth)}${')'.repeat(depth)}`)],
  ['{ as statements', model('{'.repeat(depth))],
  ['nested repeat blocks', model('repeat 1 { '.repeat(depth))],
  ['nested residual blocks', model(`${'residual { '.repeat(depth)}${'}'.repeat(depth)}`)],
  ['[ in a shape', `model M { input ${'['.repeat(depth)} }`],
  ['[ at the top level', '['.repeat(depth)],
  ['{ at the top level', '{'.repeat(depth)],
  ['( at the top level', '('.repeat(depth)],
  ['[ in a train value', `train { data: ${'['.repeat(depth)}\n}`],
];

for (const [name, text] of cases) {
  test(`deep nesting: ${name}`, () => {
    const result = parseChecked(text);
    assert.ok(
      result.diagnostics.some((d) => d.code === 'DL211'),
      `expected DL211, got ${result.diagnostics.map((d) => d.code).join(' ')}`,
    );
  });
}

test('nesting up to the limit is fine; one more level is DL211', () => {
  const nested = (levels: number): string => model(`dense(3, k: ${'['.repeat(levels)}1${']'.repeat(levels)})`);
  // The model block and the call take two levels of the 64.
  assert.deepEqual(parseChecked(nested(62)).diagnostics, []);
  assert.deepEqual(parseChecked(nested(63)).diagnostics.map((d) => d.code), ['DL211']);
});

test('what follows a too-deep construct is still parsed', () => {
  const result = parseChecked(`${model(`dense(3, k: ${'['.repeat(100)}1${']'.repeat(100)})`)}model N { input [1]; relu() }`);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['DL211']);
  assert.deepEqual(result.file.items.map((i) => i.kind), ['Model', 'Model']);
});
