// The training worker as the extension host runs it: a real worker_threads Worker (dist/worker.js)
// driven by TrainingRunHandle, with the main thread's event-loop delay measured while it trains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LatentData, TrainEvent } from '../../core/train';
import { TrainingRunHandle, type RunOutcome } from '../../node/training-client';
import { NodeFileAccess } from '../../node/node-file-access';
import { loadSafetensorsInto, networkToSafetensors } from '../../core/export/weights';
import { prepareRun } from '../../core/train/prepare';
import { Evaluator } from '../../core/train/evaluate';
import { fromRoot, repoRoot } from '../helpers/paths';

const workerPath = fromRoot('dist/worker.js');

function train(text: string, extra: { epochs?: number; memoryBudget?: number; documentFolder?: string } = {}) {
  const batches: (readonly TrainEvent[])[] = [];
  const times: number[] = [];
  let ended: { outcome: RunOutcome; message: string | undefined } | undefined;
  const latent: LatentData[] = [];
  const handle = new TrainingRunHandle(
    workerPath,
    { text, workspaceRoot: repoRoot, documentFolder: extra.documentFolder ?? 'examples', memoryBudget: extra.memoryBudget ?? 2 ** 31, ...(extra.epochs === undefined ? {} : { epochs: extra.epochs }) },
    {
      onEvents: (events) => {
        batches.push(events);
        times.push(performance.now());
      },
      onLatent: (snapshot) => latent.push(snapshot),
      onEnded: (outcome, message) => (ended = { outcome, message }),
    },
  );
  return { handle, batches, times, latent, ended: () => ended };
}

const example = (name: string) => readFileSync(fromRoot('examples', `${name}.dlmodel`), 'utf8');

test('a run in the worker delivers every event in order, batched at most 20 times a second, and completes', async () => {
  const run = train(example('spirals'), { epochs: 20 });
  assert.equal(await run.handle.done, 'completed');
  run.handle.dispose();
  const events = run.batches.flat();
  assert.equal(events[0]!.type, 'start');
  assert.equal(events[events.length - 1]!.type, 'done');
  assert.equal(events.filter((e) => e.type === 'step').length, 20 * 15);
  // The latent data arrives too, the last snapshot covering every epoch (20 ≤ 50 frames).
  const latent = run.latent.at(-1)!;
  assert.deepEqual(latent.projections[0]!.frames.map((f) => f.epoch), Array.from({ length: 20 }, (_, i) => i + 1));
  assert.equal(latent.inputPlane?.frames.length, 20);
  // Message rate: over any second, at most 20 batches (+1 for the final flush at the end).
  for (let i = 0; i < run.times.length; i++) {
    const inWindow = run.times.filter((t) => t >= run.times[i]! && t < run.times[i]! + 1000).length;
    assert.ok(inWindow <= 21, `${inWindow} batches within one second`);
  }
});

test('the main thread stays responsive while the worker trains (event-loop delay p99 < 50 ms)', async (t) => {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const run = train(example('digits-mlp'), { epochs: 3 });
  histogram.enable();
  await run.handle.done;
  histogram.disable();
  run.handle.dispose();
  const p99 = histogram.percentile(99) / 1e6;
  assert.equal(run.ended()?.outcome, 'completed', run.ended()?.message);
  t.diagnostic(`event-loop delay while training digits-mlp: p50 ${(histogram.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms`);
  assert.ok(p99 < 50, `p99 event-loop delay ${p99.toFixed(1)} ms`);
});

test('Stop ends a long run within one second', async (t) => {
  const run = train(example('digits-cnn'), { epochs: 50 });
  // Let it get going.
  while (run.batches.flat().filter((e) => e.type === 'step').length < 3) await new Promise((r) => setTimeout(r, 20));
  const asked = performance.now();
  const outcome = await run.handle.stop();
  const took = performance.now() - asked;
  t.diagnostic(`stopped ${took.toFixed(0)} ms after Stop`);
  run.handle.dispose();
  assert.equal(outcome, 'stopped');
  assert.ok(took < 1000, `stopped after ${took.toFixed(0)} ms`);
});

test('Pause holds the run and Resume continues it to the end', async () => {
  const paused: boolean[] = [];
  const events: TrainEvent[] = [];
  const handle = new TrainingRunHandle(workerPath, { text: example('xor'), workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs: 200 }, {
    onEvents: (batch) => events.push(...batch),
    onPaused: (value) => paused.push(value),
    onEnded: () => undefined,
  });
  while (events.length === 0) await new Promise((r) => setTimeout(r, 5));
  handle.pause();
  while (paused.length === 0) await new Promise((r) => setTimeout(r, 5));
  const countWhenPaused = events.length;
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(events.length, countWhenPaused, 'no events while paused');
  handle.resume();
  assert.equal(await handle.done, 'completed');
  handle.dispose();
  assert.deepEqual(paused, [true, false]);
  assert.equal(events[events.length - 1]!.type, 'done');
});

test('failures end the run with a message a person can act on', async () => {
  const broken = train('model M {\n  input [2]\n  dens(2)\n}\ntrain {\n  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\n');
  assert.equal(await broken.handle.done, 'failed');
  // The editor's user sees the errors in the Problems panel; the CLI's advice would send them elsewhere.
  assert.match(broken.ended()!.message!, /the file has 1 error \(first: DL301 .*\) — see the Problems panel and fix it$/);

  const diverging = train(readFileSync(fromRoot('test/fixtures/health/diverging.dlmodel'), 'utf8'), { documentFolder: 'test/fixtures/health' });
  assert.equal(await diverging.handle.done, 'failed');
  assert.match(diverging.ended()!.message!, /Loss is not finite/);
  const failed = diverging.batches.flat().find((e) => e.type === 'failed');
  assert.equal(failed?.type === 'failed' && failed.code, 'DL605');

  const tooBig = train(example('digits-mlp'), { memoryBudget: 1024 });
  assert.equal(await tooBig.handle.done, 'failed');
  assert.match(tooBig.ended()!.message!, /more than the 1\.0 KiB budget/);

  const outside = train('model M {\n  input [4]\n  dense(3)\n}\ntrain {\n  data: csv("../../etc/passwd")\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n}\n');
  assert.equal(await outside.handle.done, 'failed');
  assert.match(outside.ended()!.message!, /DL511 Data path "\.\.\/\.\.\/etc\/passwd" is not allowed/);
});

test('after a run, its worker computes the loss landscape (with the optimizer race) and reports progress', async () => {
  const run = train(example('xor'), { epochs: 10 });
  assert.equal(await run.handle.done, 'completed');
  const progress: string[] = [];
  const result = await run.handle.landscape('path', 15, true, (done, total, stage) => progress.push(`${stage} ${done}/${total}`));
  assert.ok(result.landscape, result.message);
  assert.equal(result.landscape.loss.length, 15 * 15);
  assert.deepEqual(result.landscape.paths.map((p) => p.name), ['sgd', 'sgd', 'adam', 'rmsprop']);
  assert.ok(progress.some((p) => p.startsWith('race: adam')) && progress.some((p) => p.startsWith('loss surface')), JSON.stringify(progress.slice(0, 5)));
  run.handle.dispose();
  const after = await run.handle.landscape('random', 15, false);
  assert.equal(after.landscape, null);
  assert.match(after.message!, /no longer kept/);
});

test('a finished run hands over its trained weights: loaded into a fresh network they score the run\'s final validation accuracy', async () => {
  const text = example('spirals');
  const run = train(text, { epochs: 30 });
  assert.equal(await run.handle.done, 'completed');
  run.handle.dispose();
  const weights = run.handle.weights;
  assert.ok(weights, 'no weights after a completed run');
  const done = run.batches.flat().find((e) => e.type === 'done');
  assert.ok(done && done.type === 'done' && done.valAccuracy !== null);
  const fresh = prepareRun(text, { fileAccess: new NodeFileAccess(repoRoot), documentFolder: 'examples', memoryBudget: 2 ** 31, raiseBudget: '', epochs: 30 });
  assert.ok(fresh.ok);
  const evaluate = () => new Evaluator(fresh.run.network, fresh.run.data.validation, fresh.plan.loss).evaluate().accuracy;
  // The untrained network scores near chance; the handed-over weights score what the run reported.
  const initial = evaluate()!;
  assert.notDeepEqual(networkToSafetensors(fresh.run.network), weights);
  assert.deepEqual(loadSafetensorsInto(fresh.run.network, weights), { ok: true });
  assert.equal(evaluate(), done.valAccuracy);
  assert.ok(done.valAccuracy > initial + 0.1, `trained ${done.valAccuracy} vs initial ${initial}`);
});

test('a run that fails to start hands over no weights', async () => {
  const run = train('model M { input [2] dense(3, activation: nope) }\ntrain { model: M }\n');
  assert.equal(await run.handle.done, 'failed');
  run.handle.dispose();
  assert.equal(run.handle.weights, undefined);
});
