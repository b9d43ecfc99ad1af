// The Sweep tab and the live learning rate: the pure table/axis/selection rules, then the panel in
// headless Chromium under the real CSP (sorting by a header click, Apply to file, brushing an axis,
// selection overlaying runs in Training; the learning-rate field posting set-lr, and the marker a
// recorded control event draws).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { SweepMessage, SweepRow } from '../../protocol/sweep-messages';
import { isHostToWebviewMessage } from '../../protocol/validate-messages';
import { axisScale, hiddenForSelection, insideBrushes, sortRows, sweepColumns } from '../../webview/tabs/sweep-data';
import { cspViolations, launchChromium, openPanel, panelContext, post, posted, settle } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();

const row = (index: number, lr: string, units: string, valAccuracy: number | null, status: SweepRow['status'] = 'completed'): SweepRow => ({
  index,
  runId: `sweep-run-${index}`,
  values: [lr, units],
  status,
  loss: valAccuracy === null ? null : 1 - valAccuracy,
  accuracy: valAccuracy,
  valLoss: valAccuracy === null ? null : 1.1 - valAccuracy,
  valAccuracy,
  epochs: valAccuracy === null ? null : 5,
  message: null,
});

const sweep: SweepMessage = {
  type: 'sweep',
  sweepId: 'sweep-1',
  label: 'spirals-sweep.dlmodel',
  metric: 'val_accuracy',
  keys: ['lr', 'hidden.units'],
  rows: [row(0, '0.003', '8', 0.5), row(1, '0.003', '32', 0.9), row(2, '0.03', '8', 0.7), row(3, '0.03', '32', null, 'running')],
  state: 'running',
};

test('the sweep message passes the host guard; a row with a non-finite metric does not', () => {
  assert.ok(isHostToWebviewMessage(sweep));
  assert.equal(isHostToWebviewMessage({ ...sweep, rows: [{ ...sweep.rows[0]!, valAccuracy: Number.NaN }] }), false);
});

test('sorting: by a metric best first or last, runs without a value always last; by a key numerically', () => {
  const columns = sweepColumns(sweep);
  assert.deepEqual(columns.map((c) => c.label), ['lr', 'hidden.units', 'validation accuracy', 'validation loss', 'accuracy', 'loss']);
  const accuracy = columns[2]!;
  assert.deepEqual(sortRows(sweep.rows, accuracy, true).map((r) => r.index), [1, 2, 0, 3]);
  assert.deepEqual(sortRows(sweep.rows, accuracy, false).map((r) => r.index), [0, 2, 1, 3]);
  assert.deepEqual(sortRows(sweep.rows, columns[1]!, true).map((r) => r.index), [1, 3, 0, 2]);
});

test('axes: a key spanning 10x is on a log scale, categories evenly; brushes keep the rows inside', () => {
  const columns = sweepColumns(sweep);
  const lr = axisScale(sweep.rows, columns[0]!, String);
  assert.deepEqual([lr.position(0.003), lr.position(0.03)], [0, 1]);
  const named = axisScale([{ ...sweep.rows[0]!, values: ['adam', '8'] }, { ...sweep.rows[1]!, values: ['sgd(momentum: 0.9)', '8'] }, { ...sweep.rows[2]!, values: ['rmsprop', '8'] }], columns[0]!, String);
  assert.deepEqual(named.ticks.map((t) => [t.label, t.at]), [['adam', 0], ['sgd(momentum: 0.9)', 0.5], ['rmsprop', 1]]);
  const scales = columns.map((c) => axisScale(sweep.rows, c, String));
  const brushes = new Map([[2, { low: 0.4, high: 1 }]]);
  assert.deepEqual(sweep.rows.filter((r) => insideBrushes(r, columns, scales, brushes)).map((r) => r.index), [1, 2]);
});

test('selection: the sweep\'s unselected runs are hidden, other runs keep their state; none selected shows all', () => {
  assert.deepEqual(hiddenForSelection(['other', 'sweep-run-0'], sweep, new Set(['sweep-run-1'])), ['other', 'sweep-run-0', 'sweep-run-2', 'sweep-run-3']);
  assert.deepEqual(hiddenForSelection(['other', 'sweep-run-0'], sweep, new Set()), ['other']);
});

test('the Sweep tab in the panel: sort, apply, brush, select; the live learning rate and its marker', { skip, timeout: 120_000 }, async (t) => {
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    for (const r of sweep.rows) await post(page, { type: 'run-started', runId: r.runId!, label: `sweep ${r.index + 1}/4`, source: null, startedAt: null });
    await post(page, sweep);
    await settle(page);

    await t.test('a new sweep brings its tab to the front, sorted by its metric, best first', async () => {
      assert.equal(await page.getAttribute('#tab-sweep', 'aria-selected'), 'true');
      assert.equal(await page.isVisible('#tab-sweep'), true);
      assert.deepEqual(await page.$$eval('.sweep-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-index'))), ['1', '2', '0', '3']);
      assert.match(await page.innerText('.sweep-summary'), /0\/4 runs finished|3\/4 runs finished/);
      assert.equal(await page.locator('.parallel .pc-line').count(), 3, 'one line per finished run');
    });

    await t.test('a header click sorts by that column; a second click reverses', async () => {
      await page.click('.sort-button[data-column="lr"]');
      await settle(page);
      assert.deepEqual(await page.$$eval('.sweep-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-index'))), ['0', '1', '2', '3']);
      await page.click('.sort-button[data-column="lr"]');
      await settle(page);
      assert.deepEqual(await page.$$eval('.sweep-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-index'))), ['2', '3', '0', '1']);
      assert.equal(await page.getAttribute('th[aria-sort="descending"] .sort-button', 'data-column'), 'lr');
    });

    await t.test('Apply to file posts the row; a run still training cannot be applied', async () => {
      await page.click('.sweep-table tbody tr[data-index="1"] button.apply');
      assert.deepEqual((await posted(page)).filter((m) => (m as { type?: string }).type === 'apply-sweep'), [{ type: 'apply-sweep', sweepId: 'sweep-1', index: 1 }]);
      assert.equal(await page.isDisabled('.sweep-table tbody tr[data-index="3"] button.apply'), true);
    });

    await t.test('dragging along an axis brushes it: lines and rows outside fade; a click clears it', async () => {
      const hit = page.locator('.pc-axis[data-axis="2"] .pc-hit');
      const box = (await hit.boundingBox())!;
      // From the top of the validation-accuracy axis down 60% of it (positions 1 to 0.4): keeps 0.7 (at 0.5) and 0.9 (at 1).
      await page.mouse.move(box.x + box.width / 2, box.y + 1);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6, { steps: 4 });
      await page.mouse.up();
      await settle(page);
      assert.equal(await page.locator('.parallel .pc-line.dim').count(), 1);
      assert.deepEqual(await page.$$eval('.sweep-table tbody tr.dim', (rows) => rows.map((r) => r.getAttribute('data-index'))), ['0']);
      await page.click('button[data-key="clear-brushes"]');
      await settle(page);
      assert.equal(await page.locator('.parallel .pc-line.dim').count(), 0);
    });

    await t.test('selecting rows shows only those sweep runs in the Training overlay', async () => {
      await page.check('.sweep-table tbody tr[data-index="1"] input[type="checkbox"]');
      await page.check('.sweep-table tbody tr[data-index="2"] input[type="checkbox"]');
      await settle(page);
      await page.click('button[data-key="show-selected"]');
      await settle(page);
      const shown = await page.$$eval('#panel-training .run-list input[type="checkbox"]', (boxes) => boxes.map((b) => [(b as HTMLInputElement).dataset.key, (b as HTMLInputElement).checked]));
      assert.deepEqual(shown, [['run:sweep-run-0', false], ['run:sweep-run-1', true], ['run:sweep-run-2', true], ['run:sweep-run-3', false]]);
    });

    await t.test('the live learning rate posts set-lr for a run that trains; its control event draws a marker', async () => {
      const fixture = fixtureRecord();
      const live = { ...fixture, runId: 'live-run', end: null, controls: [] };
      await post(page, { type: 'state', runs: [live], selectedRunId: 'live-run' });
      await settle(page);
      const field = page.locator('.live-lr input[type="number"]');
      assert.equal(await field.isVisible(), true, 'shown while the run trains');
      await field.fill('0.0005');
      await field.press('Enter');
      assert.deepEqual((await posted(page)).filter((m) => (m as { type?: string }).type === 'set-lr'), [{ type: 'set-lr', runId: 'live-run', lr: 0.0005 }]);
      assert.equal(await page.locator('.lr-marker').count(), 0);
      const step = live.steps.step.at(-1)!;
      await post(page, { type: 'events', runId: 'live-run', events: [{ type: 'control', action: 'set-lr', step, epoch: live.epochs.at(-1)!.epoch + 1, lr: 0.0005 }] });
      await settle(page);
      assert.match(await page.innerText('.lr-marker'), new RegExp(`learning rate → 5\\.000e-4 at step ${step.toLocaleString('en-US')}`));
      // A finished run takes no changes: the control goes.
      await post(page, { type: 'state', runs: [fixture], selectedRunId: fixture.runId });
      await settle(page);
      assert.equal(await field.isVisible(), false);
    });

    assert.deepEqual(await cspViolations(page), []);
  } finally {
    await browser.close();
  }
});
