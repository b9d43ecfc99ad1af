// Every "Real output" block in README.md and docs/*.md runs its command (the built dist/cli.js as
// `dlmodel`) and must print what the block shows, timing masked. UPDATE_REAL_OUTPUT=1 rewrites the
// blocks with what the commands print now (then read the diff).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fromRoot } from '../helpers/paths';
import { elision, firstMismatch, marker, maskTiming, realOutputBlocks, runCommand } from '../helpers/real-output';

const documents = ['README.md', ...readdirSync(fromRoot('docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const update = process.env.UPDATE_REAL_OUTPUT === '1';

test('every block introduced as "Real output" is marked, so none escapes the check', () => {
  for (const document of documents) {
    const lines = readFileSync(fromRoot(document), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/Real output/.test(line)) return;
      const fence = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      assert.equal(lines[fence - 1]?.trim(), marker, `${document}:${i + 1} says "Real output" but the block after it is not marked ${marker}`);
    });
  }
});

for (const document of documents) {
  const text = readFileSync(fromRoot(document), 'utf8');
  const blocks = realOutputBlocks(text);
  if (blocks.length === 0) continue;
  test(`${document}: ${blocks.length} real-output block(s) print what they show`, () => {
    const lines = text.split('\n');
    // Bottom-up, so rewriting one block keeps the line numbers of those above it.
    for (const block of [...blocks].reverse()) {
      const actual = runCommand(block.command);
      if (update) {
        lines.splice(block.line + 1, block.expected.length, ...keepElisions(block.expected, actual));
        continue;
      }
      const mismatch = firstMismatch(block.expected, actual);
      assert.equal(mismatch, undefined, `${document}:${block.line + 1} $ ${block.command}\n  ${mismatch}`);
    }
    if (update) writeFileSync(fromRoot(document), lines.join('\n'));
  });
}

/**
 * The new output, elided where the old block was (keeping as many lines before and after `…`); a
 * line that differs only in timing keeps its old text, so an update does not churn the timings.
 */
function keepElisions(expected: readonly string[], actual: readonly string[]): string[] {
  const at = expected.indexOf(elision);
  const after = expected.length - at - 1;
  const fresh = at < 0 ? [...actual] : [...actual.slice(0, at), elision, ...actual.slice(actual.length - after)];
  return fresh.map((line, i) => (expected[i] !== undefined && maskTiming(expected[i]) === maskTiming(line) ? expected[i] : line));
}

test('the timing mask hides only timing', () => {
  assert.equal(maskTiming('epoch   1/200  loss 1.0974  acc 36.7%  lr 0.01  0.1s'), 'epoch   1/200  loss 1.0974  acc 36.7%  lr 0.01  <seconds>s');
  assert.equal(maskTiming('done: 200 epochs, 3,000 steps in 0.9s (3,232 steps/s), loss 0.1203'), 'done: 200 epochs, 3,000 steps in <seconds>s (<n> steps/s), loss 0.1203');
  assert.equal(maskTiming('{"loss":0.5,"elapsedMs":89,"time":0.0887,"stepsPerSecond":74}'), '{"loss":0.5,"elapsedMs":<timing>,"time":<timing>,"stepsPerSecond":<timing>}');
  assert.equal(firstMismatch(['a', elision, 'z'], ['a', 'b', 'c', 'z']), undefined);
  assert.notEqual(firstMismatch(['loss 0.1203'], ['loss 0.1422']), undefined);
});
