// Successive halving over a sweep's configurations (core/train/sweep-halving.ts): the rungs, the
// epochs it saves against training every configuration fully, that it is deterministic, and that
// the configuration it trains to the end gives exactly the events it gives trained alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { expandSweep, halvingRungs, successiveHalving, sweepTrain, type HalvingOutcome, type TrainEvent } from '../../../core/train';
import { fromRoot } from '../../helpers/paths';
import { planText, startRun } from '../../helpers/training';

const spiralsSweep = readFileSync(fromRoot('test/fixtures/sweep/spirals-sweep.dlmodel'), 'utf8');

function configurationsOf(text: string): string[] {
  const analysis = checkDocument(text);
  return expandSweep(text, analysis, sweepTrain(analysis)!).map((c) => c.text);
}

function halve(texts: readonly string[], epochs: number, minEpochs: number): HalvingOutcome[] {
  return successiveHalving(texts.map((text, index) => ({ index, events: startRun(planText(text)).events() })), epochs, 'val_accuracy', { eta: 3, minEpochs });
}

test('rungs: minEpochs·eta^k below the epochs, then the epochs', () => {
  assert.deepEqual(halvingRungs(15, { eta: 3, minEpochs: 2 }), [2, 6, 15]);
  assert.deepEqual(halvingRungs(100, { eta: 3, minEpochs: 1 }), [1, 3, 9, 27, 81, 100]);
  assert.deepEqual(halvingRungs(1, { eta: 3, minEpochs: 1 }), [1]);
  assert.deepEqual(halvingRungs(10, { eta: 2, minEpochs: 20 }), [10], 'a first rung past the end is the end');
});

test('the spirals sweep: 6 → 2 → 1 configurations, 29 of 90 epochs, the same twice', { timeout: 300_000 }, () => {
  const texts = configurationsOf(spiralsSweep);
  assert.equal(texts.length, 6);
  const outcomes = halve(texts, 15, 2);
  assert.deepEqual(outcomes.map((o) => o.epochs).sort((a, b) => a - b), [2, 2, 2, 2, 6, 15]);
  const trained = outcomes.reduce((sum, o) => sum + o.epochs, 0);
  assert.equal(trained, 29, 'epochs trained');
  assert.equal(1 - trained / (6 * 15) > 0.65, true, 'saves more than 65% of the epochs');
  const winner = outcomes.find((o) => o.stoppedAt === null)!;
  assert.ok(winner.done, 'the survivor trains to its done event');
  const again = halve(texts, 15, 2);
  assert.deepEqual(again, outcomes, 'deterministic');
});

test('a configuration halving trains to the end gives exactly its events trained alone', { timeout: 300_000 }, () => {
  const texts = configurationsOf(spiralsSweep);
  const seen: TrainEvent[][] = texts.map(() => []);
  const outcomes = successiveHalving(
    texts.map((text, index) => {
      const events = startRun(planText(text)).events();
      return { index, events: { next: () => { const r = events.next(); if (!r.done) seen[index]!.push(r.value); return r; } } };
    }),
    15,
    'val_accuracy',
    { eta: 3, minEpochs: 2 },
  );
  // At the first rung the four stopped ranked below the two kept by validation accuracy at epoch 2.
  const atEpoch2 = (index: number): number => {
    const epoch = seen[index]!.find((e) => e.type === 'epoch' && e.epoch === 2);
    return epoch?.type === 'epoch' && epoch.valAccuracy !== null ? epoch.valAccuracy : Number.NaN;
  };
  const kept = outcomes.filter((o) => o.stoppedAt !== 2).map((o) => atEpoch2(o.index));
  const stopped = outcomes.filter((o) => o.stoppedAt === 2).map((o) => atEpoch2(o.index));
  assert.equal(stopped.length, 4);
  assert.ok(Math.max(...stopped) <= Math.min(...kept), `stopped ${stopped.join(', ')} vs kept ${kept.join(', ')}`);
  const winner = outcomes.find((o) => o.stoppedAt === null)!;
  const alone = [...startRun(planText(texts[winner.index]!)).events()];
  assert.deepEqual(seen[winner.index], alone);
  assert.deepEqual(winner.done, alone.at(-1));
});
