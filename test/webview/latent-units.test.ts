// The latent tab's hidden units over the input plane, in headless Chromium, from a real run's
// LatentRecorder data: the user picks the hidden layer (default: the last one before the output,
// never the output), and its units are drawn from the first recorded epoch on. The panel used to
// show only the output dense's units (wider layers were not recorded) and nothing before the first
// frame with heatmaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { checkDocument } from '../../core/analysis';
import { createRun, LatentRecorder, planTraining, type TrainEvent } from '../../core/train';
import { RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { canvasColour, launchChromium, openPanel, panelContext, post, settle, showTab } from './browser';
import { browserSkipReason } from './harness';

const skip = browserSkipReason();

const wide = `model Wide {
  input [2]
  dense(32)
  relu()
  dense(24, activation: tanh)
  dense(3)
  softmax()
}

train {
  data: spirals(classes: 3, points: 120)
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 16
  epochs: 12
  seed: 3
}
`;

/** A real run of `wide` with its latent data recorded as the worker records it. */
function wideRecord(): RunRecord {
  const planned = planTraining(checkDocument(wide, {}), {});
  if (!planned.ok) throw new Error(planned.message);
  const created = createRun(planned.plan);
  if (!created.ok) throw new Error(created.message);
  const latent = new LatentRecorder(created.run, { grid: 15 });
  const events: TrainEvent[] = [];
  for (const event of created.run.events()) {
    events.push(event);
    if (event.type === 'epoch' && latent.records(event.epoch)) latent.capture(event.epoch);
  }
  const builder = new RunRecordBuilder('wide', 'Wide', null, null);
  builder.addAll(events);
  builder.mergeLatent(latent.snapshot());
  return builder.record();
}

const units = (page: Page) => page.$$eval('#panel-latent figure.neuron figcaption', (all) => all.map((c) => c.textContent ?? ''));

test('hidden units: pick any hidden layer, the last one by default, drawn from the first epoch', { skip, timeout: 120_000 }, async () => {
  const record = wideRecord();
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: [record], selectedRunId: record.runId });
    await settle(page);
    await showTab(page, 'latent');
    const picker = '#panel-latent select[aria-label="Hidden layer"]';
    await page.waitForSelector(picker);
    assert.deepEqual(await page.$$eval(`${picker} option`, (all) => all.map((o) => (o as HTMLOptionElement).value)), ['dense_1', 'relu_1', 'dense_2']);
    assert.equal(await page.$eval(picker, (s) => (s as HTMLSelectElement).value), 'dense_2');
    // The first recorded epoch: the slider at its start.
    await page.focus('#panel-latent input[type="range"]');
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await page.$eval('#panel-latent output', (o) => o.textContent), 'epoch 1');
    assert.deepEqual(await units(page), Array.from({ length: 16 }, (_, u) => `dense_2 #${u}`));
    assert.match((await page.textContent('#panel-latent .input-plane h2')) ?? '', /dense_2 .*\(epoch 1\)/);
    const drawn = (await canvasColour(page)).filter((c) => c.neuron);
    assert.equal(drawn.length, 16);
    assert.ok(drawn.filter((c) => c.coloured > 0.05).length >= 12, drawn.map((c) => c.coloured.toFixed(2)).join(' '));
    // Another layer, and the choice is kept in the saved state.
    await page.selectOption(picker, 'relu_1');
    await settle(page);
    assert.deepEqual(await units(page), Array.from({ length: 16 }, (_, u) => `relu_1 #${u}`));
    const state = await page.evaluate(() => (window as unknown as { __state: { unitsLayer: string } }).__state.unitsLayer);
    assert.equal(state, 'relu_1');
    await context.close();
  } finally {
    await browser.close();
  }
});
