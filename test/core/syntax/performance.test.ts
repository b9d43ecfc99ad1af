// Linear-work guards for the parser. No millisecond budget decides these tests (CI runs on a busy
// 2-core machine): the parser counts the tokens it looks at (ParserStats.steps), and that count
// per token must stay a small constant on large and pathological inputs — a parse that rescans
// the tokens ahead for each one does work per token that grows with the file, here by thousands.
// Each input is also parsed at an eighth of its size: steps per token must not grow with size.
// The times are printed; the absolute figures and their targets are `npm run bench`'s
// (bench/check-bench.ts). A quadratic lexer would still show up here as a hang (test timeout).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseWithStats } from '../../../core/syntax/parser';

const block = `# a typical block
model Spirals {
  input [2]
  hidden1 = dense(16, activation: relu)
  hidden2 = dense(16, activation: tanh)
  repeat 2 { conv2d(64, 3, padding: same, activation: relu) }
  dense(3)
  softmax()
}

train {
  model: Spirals
  data: spirals(classes: 3, points: 600, noise: 0.15)
  validation: 0.2
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 32
  epochs: 200
  seed: 42
}
`;

/**
 * Steps the parser may take per token it keeps: a statement peeks at its tokens a few times
 * (dispatch, lookahead, recovery); measured 0.5–7.3 on these inputs. Far below what a rescan gives.
 */
const maxStepsPerToken = 20;

/** Hang guard: a parse that blows up fails with this test's name instead of stalling the suite. */
const hangGuard = { timeout: 120_000 };

function stepsPerToken(text: string): { perToken: number; tokens: number; steps: number; ms: number } {
  const started = performance.now();
  const { stats, tokens } = parseWithStats(text);
  const ms = performance.now() - started;
  assert.equal(stats.stuckAt, undefined, 'the parser step guard fired');
  return { perToken: stats.steps / tokens.length, tokens: tokens.length, steps: stats.steps, ms };
}

/** Parses `build(n)` and `build(n / 8)`: steps per token below the limit, and not growing with n. */
function assertLinearWork(t: TestContext, name: string, build: (n: number) => string, n: number): void {
  const small = stepsPerToken(build(Math.round(n / 8)));
  const full = stepsPerToken(build(n));
  t.diagnostic(`${name}: ${full.tokens.toLocaleString('en-US')} tokens, ${full.steps.toLocaleString('en-US')} steps (${full.perToken.toFixed(2)} a token; ${small.perToken.toFixed(2)} at 1/8 size); parsed in ${full.ms.toFixed(1)} ms`);
  assert.ok(full.perToken <= maxStepsPerToken, `${name}: ${full.perToken.toFixed(1)} parser steps per token (limit ${maxStepsPerToken})`);
  // +1: a fixed number of steps spread over fewer tokens makes the small input's figure a little higher, never lower.
  assert.ok(full.perToken <= small.perToken * 2 + 1, `${name}: steps per token grew from ${small.perToken.toFixed(2)} at 1/8 size to ${full.perToken.toFixed(2)}`);
}

test('a 20,000-line file parses with linear work', hangGuard, (t) => {
  const text = block.repeat(1000);
  assert.equal(text.split('\n').length - 1, 20_000);
  // Every block parses without a diagnostic: the test measures the parser's normal path.
  assert.deepEqual(parseWithStats(text).diagnostics, []);
  assertLinearWork(t, '20,000 lines of blocks', (n) => block.repeat(n), 1000);
});

test('pathological inputs stay linear', hangGuard, (t) => {
  const cases: [string, (n: number) => string, number][] = [
    ['20,000 junk lines', (n) => `model M {\n${'  42 @ ] ) : =\n'.repeat(n)}}`, 20_000],
    ['20,000 statements on one line', (n) => `model M { input [2]; ${'relu(); '.repeat(n)}}`, 20_000],
    ['100,000 blank lines inside a call', (n) => `model M {\n  dense(${'\n'.repeat(n)}3)\n}`, 100_000],
    ['20,000 unclosed calls', (n) => `model M {\n${'  dense(3\n'.repeat(n)}}`, 20_000],
    ['20,000 top-level junk lines', (n) => 'dense(3)\n'.repeat(n), 20_000],
    ['a 1 MB string', (n) => `train { data: csv("${'x'.repeat(n)}") }`, 1_000_000],
    ['a 1 MB comment', (n) => `# ${'x'.repeat(n)}`, 1_000_000],
    ['a 200,000-character unknown run', (n) => '@'.repeat(n), 200_000],
  ];
  for (const [name, build, n] of cases) assertLinearWork(t, name, build, n);
});
