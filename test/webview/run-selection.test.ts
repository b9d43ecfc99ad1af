// Which run the panel shows and what it tells the host, in headless Chromium under the real CSP:
// a new run is followed as it starts unless the person pinned an older one; runs with one label are
// told apart in the picker; the host hears which run is on screen (Save Report and Export use it);
// the palette's "Compute Loss Landscape" asks with the panel's own plane; an empty Training tab
// offers Train instead of blank axes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { RunRecord } from '../../protocol/run-record';
import { isWebviewToHostMessage } from '../../protocol/validate-messages';
import { launchChromium, openPanel, panelContext, post, posted, settle, showTab } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';
import { followStartedRun, pickRun } from '../../webview/selection';

const skip = browserSkipReason();

/** A copy of the fixture under another id (same label: the same file and train block trained again). */
const rerun = (record: RunRecord, runId: string, startedAt: string): RunRecord => ({ ...record, runId, startedAt, landscape: null });

async function pickerValue(page: Page): Promise<string> {
  return page.$eval('.panel-header select', (e) => (e as HTMLSelectElement).value);
}

async function selectRunMessages(page: Page): Promise<string[]> {
  return (await posted(page)).filter((m): m is { type: 'select-run'; runId: string } => (m as { type?: string }).type === 'select-run').map((m) => m.runId);
}

test('selection rules: a new run is followed unless an older one is pinned', () => {
  assert.deepEqual(followStartedRun({ pinnedRun: false }, 'b'), { selectedRunId: 'b' });
  assert.deepEqual(followStartedRun({ pinnedRun: true }, 'b'), {});
  assert.deepEqual(pickRun(['a', 'b', 'c'], 'a'), { selectedRunId: 'a', pinnedRun: true });
  assert.deepEqual(pickRun(['a', 'b', 'c'], 'c'), { selectedRunId: 'c', pinnedRun: false });
});

test('the panel follows the run just started, tells the host, and tells same-named runs apart', { skip, timeout: 120_000 }, async (t) => {
  const fixture = fixtureRecord();
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);

    await t.test('an empty Training tab offers Train and one line of help, not blank axes', async () => {
      const page = await openPanel(context);
      await settle(page);
      const empty = page.locator('#panel-training .empty-state');
      assert.ok(await empty.isVisible(), 'the empty state is shown');
      assert.match(await empty.innerText(), /No run yet/);
      assert.equal(await page.locator('#panel-training .chart-grid').isVisible(), false, 'no blank axes');
      await empty.getByRole('button', { name: 'Train' }).click();
      assert.ok((await posted(page)).some((m) => (m as { type?: string }).type === 'train'));
      await post(page, { type: 'state', runs: [fixture], selectedRunId: fixture.runId });
      await settle(page);
      assert.equal(await empty.isVisible(), false, 'the help goes once a run exists');
      await page.close();
    });

    await t.test('a new run is shown as it starts (after the host restored an older selection)', async () => {
      const page = await openPanel(context);
      const first = rerun(fixture, 'run-aaaaaa01', '2024-05-01T10:00:00.000Z');
      await post(page, { type: 'state', runs: [first], selectedRunId: first.runId });
      await settle(page);
      await post(page, { type: 'run-started', runId: 'run-bbbbbb02', label: fixture.label, source: fixture.source, startedAt: '2024-05-01T10:05:00.000Z' });
      await settle(page);
      assert.equal(await pickerValue(page), 'run-bbbbbb02', 'the picker shows the new run');
      assert.deepEqual(await selectRunMessages(page), ['run-aaaaaa01', 'run-bbbbbb02'], 'the host hears which run is on screen');
      // Two runs of one file and block: the picker tells them apart by time and a short id.
      const options = await page.$$eval('.panel-header select option', (o) => o.map((x) => x.textContent ?? ''));
      assert.equal(new Set(options).size, 2, options.join(' | '));
      assert.match(options[0]!, /· seed \d+ · #runaaa$/);
      assert.match(options[1]!, /#runbbb$/);
      assert.ok(options.every((o) => o.startsWith(fixture.label)));
      for (const message of await posted(page)) assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
      await page.close();
    });

    await t.test('a run the person picked stays on screen while a new one starts; picking the newest follows again', async () => {
      const page = await openPanel(context);
      const a = rerun(fixture, 'run-a', '2024-05-01T10:00:00.000Z');
      const b = rerun(fixture, 'run-b', '2024-05-01T10:01:00.000Z');
      await post(page, { type: 'state', runs: [a, b], selectedRunId: b.runId });
      await settle(page);
      await page.selectOption('.panel-header select', 'run-a');
      await settle(page);
      const announcedBefore = (await selectRunMessages(page)).length;
      await post(page, { type: 'run-started', runId: 'run-c', label: fixture.label, source: fixture.source, startedAt: '2024-05-01T10:02:00.000Z' });
      await settle(page);
      assert.equal(await pickerValue(page), 'run-a');
      // The host takes a starting run as the one on screen; the view must correct it, or Export and
      // Save Report would lead with run-c while the panel shows run-a.
      assert.deepEqual((await selectRunMessages(page)).slice(announcedBefore), ['run-a']);
      await page.selectOption('.panel-header select', 'run-c');
      await post(page, { type: 'run-started', runId: 'run-d', label: fixture.label, source: fixture.source, startedAt: '2024-05-01T10:03:00.000Z' });
      await settle(page);
      assert.equal(await pickerValue(page), 'run-d');
      assert.deepEqual((await selectRunMessages(page)).at(-1), 'run-d');
      await page.close();
    });

    await t.test('the palette command asks for the landscape with the plane the panel shows', async () => {
      const page = await openPanel(context);
      await post(page, { type: 'state', runs: [rerun(fixture, 'run-x', '2024-05-01T10:00:00.000Z')], selectedRunId: 'run-x' });
      await showTab(page, 'landscape');
      const requests = async () => (await posted(page)).filter((m) => (m as { type?: string }).type === 'request-landscape');
      // The race form's defaults: the four optimizers, each at the run's own learning rate.
      const race = ['sgd', 'momentum', 'adam', 'rmsprop'].map((optimizer) => ({ optimizer, lr: null }));
      await post(page, { type: 'compute-landscape' });
      await settle(page);
      assert.deepEqual((await requests()).at(-1), { type: 'request-landscape', runId: 'run-x', plane: 'path', resolution: 31, race });
      await page.selectOption('#panel-landscape select >> nth=0', 'random');
      await page.selectOption('#panel-landscape select >> nth=1', '21');
      await showTab(page, 'training');
      await post(page, { type: 'compute-landscape' });
      await settle(page);
      assert.deepEqual((await requests()).at(-1), { type: 'request-landscape', runId: 'run-x', plane: 'random', resolution: 21, race });
      assert.equal(await page.$eval('#tab-landscape', (e) => e.getAttribute('aria-selected')), 'true', 'the landscape tab is shown');
      await page.close();
    });
  } finally {
    await browser.close();
  }
});
