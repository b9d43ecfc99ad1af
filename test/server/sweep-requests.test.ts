// `dlmodel/sweepPlan` and `dlmodel/sweepApply` over the real protocol: Run Sweep and Apply to file
// ask the server, which has checked the file, for the runs of a sweep and for the edits that write
// one run's settings back. The answers must equal what the core computes for the same text (the
// CLI's `dlmodel sweep` plans with the same functions), for exactly the version asked about.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkDocument } from '../../core/analysis';
import { expandSweep, sweepTrain } from '../../core/train/sweep';
import { sweepApplyRequest, sweepPlanRequest, type SweepApplyResult, type SweepPlanResult } from '../../protocol/lsp-requests';
import { LspTestClient } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-sweep-requests-'));
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;

const swept = `model Net {
  input [2]
  hidden = dense(16, activation: relu)
  dense(2)
}

train quick {
  data: moons(points: 200)
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  epochs: 9
  sweep: grid(lr: [0.001, 0.01, 0.1], hidden.units: [8, 32], metric: val_accuracy, early_stop: halving(grace_period: 1, reduction_factor: 3))
}
`;

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace);
  await client.open(uri('swept.dlmodel'), swept);
  await client.open(uri('broken.dlmodel'), swept.replace('dense(2)', 'dense(2, activation: nope)'));
  await client.open(uri('plain.dlmodel'), swept.replace(/ {2}sweep: .*\n/, ''));
});
after(async () => client.stop());

const plan = (name: string, version: number, trainName?: string): Promise<SweepPlanResult | null> =>
  client.connection.sendRequest(sweepPlanRequest, { textDocument: { uri: uri(name) }, version, ...(trainName === undefined ? {} : { trainName }) });

test("the plan is the core's expansion of the server's text: every configuration, the keys, the metric and the halving", async () => {
  const answer = await plan('swept.dlmodel', 1);
  assert.ok(answer?.kind === 'plan', JSON.stringify(answer));
  const analysis = checkDocument(swept);
  const expected = expandSweep(swept, analysis, sweepTrain(analysis)!);
  assert.equal(expected.length, 6);
  assert.deepEqual(answer.plan.configurations, expected);
  assert.deepEqual(answer.plan.keys, ['lr', 'hidden.units']);
  assert.deepEqual([answer.plan.trainName, answer.plan.metric, answer.plan.epochs], ['quick', 'val_accuracy', 9]);
  assert.deepEqual(answer.plan.earlyStop, { kind: 'halving', gracePeriod: 1, reductionFactor: 3 });
  assert.equal((await plan('swept.dlmodel', 1, 'quick'))?.kind, 'plan');
});

test('another version, errors, no sweep and an unknown train block each get their own answer', async () => {
  assert.deepEqual(await plan('swept.dlmodel', 7), { kind: 'stale' });
  const broken = await plan('broken.dlmodel', 1);
  assert.ok(broken?.kind === 'errors' && broken.count === 1 && broken.first.startsWith('DL'), JSON.stringify(broken));
  assert.deepEqual(await plan('plain.dlmodel', 1), { kind: 'no-sweep' });
  assert.deepEqual(await plan('swept.dlmodel', 1, 'other'), { kind: 'no-sweep' });
  assert.equal(await plan('never-opened.dlmodel', 1), null);
});

test("apply: the edits write one run's settings into the train block; a setting the sweep does not have is a reason", async () => {
  const ask = (settings: unknown, version = 1): Promise<SweepApplyResult | null> => client.connection.sendRequest(sweepApplyRequest, { textDocument: { uri: uri('swept.dlmodel') }, version, settings, trainName: 'quick' });
  const answer = await ask([
    { key: 'lr', value: '0.1' },
    { key: 'hidden.units', value: '32' },
  ]);
  assert.ok(answer && 'edits' in answer, JSON.stringify(answer));
  let text = swept;
  for (const edit of [...answer.edits].sort((a, b) => b.range.start - a.range.start)) text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  assert.match(text, /hidden = dense\(32, activation: relu\)/);
  assert.match(text, /optimizer: adam\(lr: 0\.1\)/);
  assert.match(text, /sweep: grid\(/, 'the sweep stays, so it can run again');
  assert.deepEqual(await ask([{ key: 'lr', value: '0.5' }]), { problem: 'the sweep has changed since it ran: lr has no value 0.5' });
  assert.deepEqual(await ask('not a list'), { problem: 'no configuration was given' });
  assert.deepEqual(await ask([], 3), { problem: 'the file changed while the edit was being made; apply it again' });
});
