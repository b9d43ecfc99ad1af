// Each deliberately unhealthy model of test/fixtures/health trains and reports the finding its
// name says, on the line of the layer that causes it; the healthy examples report none of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LineIndex } from '../../../core/common/line-index';
import type { HealthFinding } from '../../../core/train';
import { allEvents, eventsOf, planFile } from '../../helpers/training';
import { fromRoot } from '../../helpers/paths';

function findingsOf(path: string): { findings: readonly HealthFinding[]; failed: boolean; line: (f: HealthFinding) => number } {
  const events = allEvents(planFile(path));
  const lines = new LineIndex(readFileSync(fromRoot(path), 'utf8'));
  const done = eventsOf(events, 'done')[0];
  const failed = eventsOf(events, 'failed')[0];
  return { findings: done?.findings ?? failed?.findings ?? [], failed: failed !== undefined, line: (f) => lines.positionAt(f.range.start).line + 1 };
}

test('dead ReLU units (DL603) after a far too large SGD step', () => {
  const { findings, line } = findingsOf('test/fixtures/health/dead-relu.dlmodel');
  const dead = findings.filter((f) => f.code === 'DL603');
  assert.ok(dead.length >= 1, JSON.stringify(findings.map((f) => f.code)));
  assert.match(dead[0]!.message, /^Dead ReLU units: \d+% of dense_\d's units output 0 for all 256 probe samples/);
  assert.equal(line(dead[0]!), Number(/dense_(\d)/.exec(dead[0]!.message)![1]) + 3);
});

test('saturated tanh units (DL604) on unscaled inputs in [−300, 300]', () => {
  const { findings, line } = findingsOf('test/fixtures/health/saturated-tanh.dlmodel');
  const saturated = findings.filter((f) => f.code === 'DL604');
  assert.equal(saturated[0]?.layer, 'dense_1', JSON.stringify(findings.map((f) => f.code)));
  assert.equal(line(saturated[0]), 4);
  assert.match(saturated[0].message, /\|tanh\| > 0\.97 on more than 90% of the probe samples/);
});

test('vanishing gradients (DL601) in ten stacked sigmoid layers, deepest first', () => {
  const { findings } = findingsOf('test/fixtures/health/vanishing-sigmoid.dlmodel');
  const vanishing = findings.filter((f) => f.code === 'DL601').map((f) => f.layer);
  assert.ok(vanishing.includes('dense_1') && vanishing.includes('dense_2'), JSON.stringify(vanishing));
  assert.ok(!vanishing.includes('dense_11'), 'the output layer has the largest gradient');
});

test('initial loss far above ln K (DL606) on unstandardised iris features', () => {
  const { findings, line } = findingsOf('test/fixtures/health/initial-loss.dlmodel');
  const initial = findings.filter((f) => f.code === 'DL606');
  assert.equal(initial.length, 1, JSON.stringify(findings.map((f) => f.code)));
  assert.equal(initial[0]!.layer, 'dense_2');
  assert.equal(line(initial[0]!), 5);
  assert.match(initial[0]!.message, /\(ln 3\) expected/);
});

test('a diverging run stops with DL605 on the loss line', () => {
  const { findings, failed, line } = findingsOf('test/fixtures/health/diverging.dlmodel');
  assert.equal(failed, true);
  assert.equal(findings[0]!.code, 'DL605');
  assert.equal(line(findings[0]!), 9);
});

test('exploding gradients stop the run with DL602 on the layer whose gradient overflowed', () => {
  const { findings, failed, line } = findingsOf('test/fixtures/health/exploding.dlmodel');
  assert.equal(failed, true);
  assert.deepEqual(findings.map((f) => `${f.code} ${f.layer}`), ['DL602 dense_1']);
  assert.equal(line(findings[0]!), 4);
  assert.match(findings[0]!.message, /^Gradient of dense_1 is not finite at step \d+ — the gradients exploded/);
});

test('update ratios far below 1e-3 (DL607) at a learning rate of 1e-6, on every weighted layer', () => {
  const { findings, failed, line } = findingsOf('test/fixtures/health/tiny-updates.dlmodel');
  assert.equal(failed, false);
  assert.deepEqual(findings.map((f) => `${f.code} ${f.layer} line ${line(f)}`), ['DL607 dense_1 line 4', 'DL607 dense_2 line 5']);
  for (const finding of findings) assert.match(finding.message, /has median \S+ over epoch 3 .* — raise the learning rate$/);
});

test('healthy examples report no dead, saturated, vanishing, exploding or initial-loss findings', () => {
  for (const example of ['examples/xor.dlmodel', 'examples/moons.dlmodel', 'examples/spirals.dlmodel', 'examples/digits-mlp.dlmodel']) {
    const { findings } = findingsOf(example);
    const serious = findings.filter((f) => f.code !== 'DL607');
    assert.deepEqual(serious.map((f) => `${f.code} ${f.message}`), [], example);
  }
});
