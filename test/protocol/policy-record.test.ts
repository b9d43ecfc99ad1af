import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkDocument } from '../../core/analysis';
import { planPolicy } from '../../core/rl/policy-plan';
import { PolicyRun } from '../../core/rl/policy-run';
import type { TrainEvent } from '../../core/train/events';
import { keptReplays } from '../../protocol/policy-record';
import { RunRecordBuilder } from '../../protocol/run-record';
import { isRunRecord } from '../../protocol/validate-run-record';
import { fromRoot } from '../helpers/paths';

function events(example: string, episodes: number): TrainEvent[] {
  const analysis = checkDocument(readFileSync(fromRoot(`examples/${example}.dlmodel`), 'utf8'));
  const planned = planPolicy(analysis, analysis.trains[0]!, { episodes });
  assert.ok(planned.ok);
  return [...new PolicyRun(planned.plan, { views: true }).events()];
}

test('a policy run’s record keeps the spread per episode, the latest view and the best and newest replays; it passes the guard', () => {
  const all = events('cartpole', 80);
  const builder = new RunRecordBuilder('r', 'cartpole');
  builder.addAll(all);
  const record = builder.record();
  assert.ok(isRunRecord(JSON.parse(JSON.stringify(record))));
  const policy = record.policy!;
  assert.equal(policy.episode.length, 80);
  assert.equal(policy.valueLoss.length, 0, 'no value model in the cartpole example');
  const episodes = all.filter((e) => e.type === 'episode');
  const best = Math.max(...episodes.map((e) => e.return));
  assert.equal(policy.best?.return, best);
  assert.equal(policy.best?.view.x.length, episodes.find((e) => e.return === best)!.length + 1, 'the start and every step');
  assert.ok(policy.replays.length <= keptReplays && policy.replays.at(-1)!.episode === 80);
  // The spread columns are one table (a row per measured episode): a record whose columns disagree is refused.
  const ragged = JSON.parse(JSON.stringify(record)) as { policy: { varianceBaseline: number[] } };
  ragged.policy.varianceBaseline.pop();
  assert.equal(isRunRecord(ragged), false);
});

test('a record continued from a saved one equals the record built in one pass', () => {
  const all = events('gridworld', 48);
  const whole = new RunRecordBuilder('r', 'grid');
  whole.addAll(all);
  const first = new RunRecordBuilder('r', 'grid');
  first.addAll(all.slice(0, 30));
  const continued = RunRecordBuilder.from(JSON.parse(JSON.stringify(first.record())));
  continued.addAll(all.slice(30));
  assert.deepEqual(continued.record(), whole.record());
  assert.equal(whole.record().policy?.valueLoss.length, 48);
  assert.equal(whole.record().policy?.view?.kind, 'gridworld');
});
