// Speed guards. The budget for a 20,000-line file is well under 50 ms once the JIT is warm; the
// asserted limits are ten times looser so a busy CI machine does not fail them, while anything
// quadratic (which would take seconds) still does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../core/syntax';

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

/** Median milliseconds of `runs` parses after `warmup` unmeasured ones. */
function medianParseMs(text: string, warmup = 5, runs = 9): number {
  for (let i = 0; i < warmup; i++) parse(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    parse(text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[runs >> 1] as number;
}

test('a 20,000-line file parses fast', (t) => {
  const text = block.repeat(1000);
  assert.equal(text.split('\n').length - 1, 20_000);
  const cold = performance.now();
  parse(text);
  const coldMs = performance.now() - cold;
  const warmMs = medianParseMs(text);
  t.diagnostic(`20,000 lines: first parse ${coldMs.toFixed(1)} ms, warm median ${warmMs.toFixed(1)} ms`);
  assert.ok(warmMs < 500, `warm parse took ${warmMs.toFixed(1)} ms`);
});

test('pathological inputs stay linear', (t) => {
  const cases: [string, string][] = [
    ['20,000 junk lines', `model M {\n${'  42 @ ] ) : =\n'.repeat(20_000)}}`],
    ['20,000 statements on one line', `model M { input [2]; ${'relu(); '.repeat(20_000)}}`],
    ['100,000 blank lines inside a call', `model M {\n  dense(${'\n'.repeat(100_000)}3)\n}`],
    ['20,000 unclosed calls', `model M {\n${'  dense(3\n'.repeat(20_000)}}`],
    ['20,000 top-level junk lines', 'dense(3)\n'.repeat(20_000)],
    ['a 1 MB string', `train { data: csv("${'x'.repeat(1_000_000)}") }`],
    ['a 1 MB comment', `# ${'x'.repeat(1_000_000)}`],
    ['a 200,000-character unknown run', '@'.repeat(200_000)],
  ];
  for (const [name, text] of cases) {
    const ms = medianParseMs(text, 1, 3);
    t.diagnostic(`${name}: ${ms.toFixed(1)} ms`);
    assert.ok(ms < 1000, `${name} took ${ms.toFixed(1)} ms`);
  }
});
