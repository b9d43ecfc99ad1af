// The Sweep tab and the live learning rate: the pure table/axis/selection rules, then the panel in
// headless Chromium under the real CSP (sorting by a header click, Apply to file, brushing an axis,
// selection overlaying runs in Training; the learning-rate field posting set-lr, and the marker a
// recorded control event draws).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { SweepMessage, SweepRow } from '../../protocol/sweep-messages';
import { isHostToWebviewMessage } from '../../protocol/validate-messages';
import { brushAfterKey } from '../../webview/tabs/keyboard-brush';
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

test('keyboard brushing: arrows start and move a brush, Shift+arrows resize it, Home/End, Escape clears; never past the axis', () => {
  assert.deepEqual(brushAfterKey(undefined, 'ArrowUp', false), { low: 0.4, high: 0.6 }, 'the first arrow starts one in the middle');
  assert.deepEqual(brushAfterKey({ low: 0.4, high: 0.6 }, 'ArrowUp', false), { low: 0.45, high: 0.65 });
  assert.deepEqual(brushAfterKey({ low: 0.4, high: 0.6 }, 'ArrowDown', false), { low: 0.35, high: 0.55 });
  assert.deepEqual(brushAfterKey({ low: 0.4, high: 0.6 }, 'ArrowUp', true), { low: 0.35, high: 0.65 }, 'Shift+↑ widens at both ends');
  assert.deepEqual(brushAfterKey({ low: 0.4, high: 0.6 }, 'ArrowDown', true), { low: 0.45, high: 0.55 }, 'Shift+↓ narrows');
  assert.deepEqual(brushAfterKey({ low: 0.49, high: 0.51 }, 'ArrowDown', true), { low: 0.49, high: 0.51 }, 'never narrower than 2 %');
  assert.deepEqual(brushAfterKey({ low: 0.9, high: 1 }, 'ArrowUp', false), { low: 0.9, high: 1 }, 'stops at the top');
  assert.deepEqual(brushAfterKey({ low: 0.3, high: 0.5 }, 'End', false), { low: 0.8, high: 1 });
  assert.deepEqual(brushAfterKey({ low: 0.3, high: 0.5 }, 'Home', false), { low: 0, high: 0.2 });
  assert.equal(brushAfterKey({ low: 0.3, high: 0.5 }, 'Escape', false), null);
  assert.equal(brushAfterKey(undefined, 'Escape', false), undefined, 'Escape without a brush is left to others');
  assert.equal(brushAfterKey({ low: 0.3, high: 0.5 }, 'a', false), undefined);
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

    await t.test('keyboard brushing: Tab reaches an axis; arrows brush it and it keeps the focus; Escape clears', async () => {
      const axis = page.locator('.pc-axis[data-axis="2"] .pc-hit');
      assert.equal(await axis.getAttribute('tabindex'), '0');
      assert.equal(await axis.getAttribute('role'), 'slider');
      await axis.focus();
      const focusedAxis = (): Promise<string | null> => page.evaluate(() => document.activeElement?.closest('.pc-axis')?.getAttribute('data-axis') ?? null);
      const dimmed = async (): Promise<(string | null)[]> => (await page.$$eval('.sweep-table tbody tr.dim', (rows) => rows.map((r) => r.getAttribute('data-index')))).sort();
      // Validation accuracy 0.5, 0.9, 0.7 sit at 0, 1 and 0.5 on the axis: the middle fifth keeps 0.7 only.
      await page.keyboard.press('ArrowUp');
      await settle(page);
      assert.deepEqual(await dimmed(), ['0', '1']);
      assert.equal(await focusedAxis(), '2', 'the redrawn axis has the focus again');
      assert.match((await page.locator('.pc-axis[data-axis="2"] .pc-hit').getAttribute('aria-valuetext'))!, /brushed from 40% to 60%/);
      await page.keyboard.press('End');
      await settle(page);
      assert.deepEqual(await dimmed(), ['0', '2'], 'at the top it keeps 0.9');
      for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowUp');
      await settle(page);
      assert.deepEqual(await dimmed(), ['0'], 'widened down to 0.7');
      assert.equal(await page.locator('.parallel .pc-line.dim').count(), 1);
      await page.keyboard.press('Escape');
      await settle(page);
      assert.deepEqual(await dimmed(), []);
      assert.equal(await page.locator('.parallel .pc-brush').count(), 0);
      assert.equal(await focusedAxis(), '2');
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

    await t.test('a halving sweep: an epochs column says which runs were stopped early and where', async () => {
      const halved: SweepMessage = {
        ...sweep,
        sweepId: 'sweep-halving',
        state: 'done',
        rows: [{ ...row(0, '0.003', '8', 0.5, 'stopped'), epochs: 2, stoppedAt: 2 }, { ...row(1, '0.003', '32', 0.9), epochs: 15 }, { ...row(2, '0.03', '8', 0.7, 'stopped'), epochs: 6, stoppedAt: 6 }, row(3, '0.03', '32', 0.6)],
      };
      await post(page, halved);
      await settle(page);
      await page.click('#tab-sweep');
      await settle(page);
      const headers = await page.$$eval('.sweep-table thead th', (cells) => cells.map((c) => c.textContent));
      assert.equal(headers[2], 'epochs');
      const epochs = await page.$$eval('.sweep-table tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-index'), r.querySelector('td.epochs')?.textContent]));
      assert.deepEqual(Object.fromEntries(epochs), { '0': 'stopped at 2', '1': '15', '2': 'stopped at 6', '3': '5' });
    });

    assert.deepEqual(await cspViolations(page), []);
  } finally {
    await browser.close();
  }
});
