// Which tab a sweep message brings forward. A panel opened again (after Close All Editors, a
// reload) is sent the window's last sweep, finished long ago: that must not pull the Sweep tab over
// the tab the person chose (the e2e's land14 found its Loss landscape tab replaced by a finished
// sweep's table); a sweep that is running still comes to the front, and so does one the host marks
// `reveal`: a sweep just started in this window that finished (in a second or two) while the panel
// was reloading, so the only message the panel gets is its `done` one (a clean-clone CI's sweepui
// check found the Sweep tab left behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { SweepMessage } from '../../protocol/sweep-messages';
import { launchChromium, openPanel, panelContext, post, posted, settle } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();

const sweepOf = (sweepId: string, state: SweepMessage['state'], reveal?: true): SweepMessage => ({
  type: 'sweep',
  sweepId,
  label: 'spirals-sweep.dlmodel',
  metric: 'val_accuracy',
  keys: ['lr'],
  rows: [{ index: 0, runId: null, values: ['0.01'], status: state === 'running' ? 'running' : 'completed', loss: null, accuracy: null, valLoss: null, valAccuracy: null, epochs: null, message: null }],
  state,
  ...(reveal ? { reveal } : {}),
});

test('a finished sweep sent to a reopened panel leaves the chosen tab; a running or just-started sweep comes to the front', { skip, timeout: 120_000 }, async () => {
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    const record = fixtureRecord();
    await post(page, { type: 'state', runs: [record], selectedRunId: record.runId });
    await settle(page);
    await page.click('#tab-landscape');
    await settle(page);
    await post(page, sweepOf('old', 'done'));
    await settle(page);
    assert.equal(await page.getAttribute('#tab-landscape', 'aria-selected'), 'true', 'a finished sweep took the front');
    assert.equal(await page.isVisible('#tab-sweep'), true, 'the finished sweep is still offered');
    await post(page, sweepOf('new', 'running'));
    await settle(page);
    assert.equal(await page.getAttribute('#tab-sweep', 'aria-selected'), 'true');
    await page.click('#tab-landscape');
    await settle(page);
    await post(page, sweepOf('fast', 'done', true));
    await settle(page);
    assert.equal(await page.getAttribute('#tab-sweep', 'aria-selected'), 'true', 'a sweep finished while the panel reloaded did not come to the front');
    // The host is told, so that a panel opened anew later is not pulled over to the Sweep tab again.
    const answers = (await posted(page)) as { type: string; sweepId?: string }[];
    assert.deepEqual(answers.filter((m) => m.type === 'sweep-revealed').map((m) => m.sweepId), ['new', 'fast']);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a panel that reloads after bringing a sweep forward does not bring the same sweep forward again', { skip, timeout: 120_000 }, async () => {
  const browser: Browser = await launchChromium();
  try {
    // The state the panel saved before it was hidden: the person went on to the Loss landscape tab
    // after the sweep 'fast' had been brought to the front.
    const { context } = await panelContext(browser, undefined, { tab: 'landscape', revealedSweepId: 'fast' });
    const page = await openPanel(context);
    const record = fixtureRecord();
    await post(page, { type: 'state', runs: [record], selectedRunId: record.runId });
    await post(page, sweepOf('fast', 'done', true));
    await settle(page);
    assert.equal(await page.getAttribute('#tab-landscape', 'aria-selected'), 'true', 'the sweep took the front a second time');
    await post(page, sweepOf('next', 'done', true));
    await settle(page);
    assert.equal(await page.getAttribute('#tab-sweep', 'aria-selected'), 'true', 'a newer sweep of this window did not come to the front');
    await context.close();
  } finally {
    await browser.close();
  }
});
