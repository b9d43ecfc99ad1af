// The Runs tab: the table's rules (only the differing settings as columns, the metrics any run has,
// the overlay of the checked runs), then the panel in headless Chromium under the real CSP — the
// columns of three real runs, checking rows by keyboard overlays only those in Training, Diff of
// two runs with the differing setting marked, a run's name showing it in the other tabs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { lineStartsOf, RunRecordBuilder, type RunRecord } from '../../protocol/run-record';
import { isWebviewToHostMessage } from '../../protocol/validate-messages';
import { hiddenForRuns, runFiles, runsTable } from '../../webview/tabs/runs-table-data';
import { fromRoot } from '../helpers/paths';
import { planText, startRun } from '../helpers/training';
import { cspViolations, launchChromium, openPanel, panelContext, post, posted, settle } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();
const spirals = readFileSync(fromRoot('examples/spirals.dlmodel'), 'utf8');

/** A real two-epoch run of a variant of spirals, as the panel would build it. */
function spiralsRun(runId: string, edit: (text: string) => string, startedAt: string): RunRecord {
  const text = edit(spirals);
  const builder = new RunRecordBuilder(runId, `Spirals · ${runId}`, { path: 'examples/spirals.dlmodel', lineStarts: lineStartsOf(text) }, startedAt);
  builder.addAll([...startRun(planText(text, { epochs: 2 })).events()]);
  return builder.record();
}

const runs = (): RunRecord[] => [
  spiralsRun('run-a', (t) => t, '2026-12-07T01:00:00.000Z'),
  spiralsRun('run-b', (t) => t.replace('adam(lr: 0.01)', 'adam(lr: 0.003)'), '2026-12-07T01:01:00.000Z'),
  spiralsRun('run-c', (t) => t.replace('adam(lr: 0.01)', 'adam(lr: 0.003)').replace('hidden1 = dense(16', 'hidden1 = dense(32'), '2026-12-07T01:02:00.000Z'),
];

test('the table shows only the settings that differ, and the metrics some run has', () => {
  const [a, b, c] = runs();
  const table = runsTable([a!, b!, c!]);
  assert.deepEqual(table.settingKeys, ['lr', 'hidden1.units']);
  assert.deepEqual(table.rows.map((r) => [r.name, ...r.settings]), [['spirals.dlmodel #1', '0.01', '16'], ['spirals.dlmodel #2', '0.003', '16'], ['spirals.dlmodel #3', '0.003', '32']]);
  assert.deepEqual(table.metrics, ['loss', 'accuracy', 'valLoss', 'valAccuracy']);
  assert.ok(table.rows.every((r) => r.finished && r.seed === '42' && r.metrics.valAccuracy !== null));
  assert.deepEqual(runsTable([a!, b!]).settingKeys, ['lr']);
  // Only one file's runs: the columns differ among those, the names stay.
  const xor = { ...a!, runId: 'xor', source: { path: 'xor.dlmodel', lineStarts: [0] } };
  assert.deepEqual(runFiles([a!, xor, b!]), ['examples/spirals.dlmodel', 'xor.dlmodel']);
  const filtered = runsTable([a!, xor, c!], 'examples/spirals.dlmodel');
  assert.deepEqual(filtered.rows.map((r) => r.name), ['spirals.dlmodel #1', 'spirals.dlmodel #2']);
  assert.deepEqual(filtered.settingKeys, ['lr', 'hidden1.units']);
  // An old record without settings (the committed fixture) adds no column and shows '—'.
  const withOld = runsTable([fixtureRecord(), a!, b!]);
  assert.deepEqual(withOld.settingKeys, ['lr']);
  assert.equal(withOld.rows[0]!.settings[0], '—');
});

test('checked runs are the overlay: the others hidden; none checked shows every run', () => {
  assert.deepEqual(hiddenForRuns(['a', 'b', 'c'], new Set(['a', 'c'])), ['b']);
  assert.deepEqual(hiddenForRuns(['a', 'b', 'c'], new Set()), []);
});

async function headers(page: Page): Promise<string[]> {
  return page.$$eval('#panel-runs .runs-table thead th', (cells) => cells.map((c) => c.textContent ?? ''));
}

async function overlayShown(page: Page): Promise<Record<string, boolean>> {
  return page.$$eval('#panel-training input[data-key^="run:"]', (inputs) => Object.fromEntries(inputs.map((i) => [(i as HTMLInputElement).dataset.key!.slice(4), (i as HTMLInputElement).checked])));
}

test('the Runs tab in the panel: columns, keyboard overlay, diff, show a run', { skip, timeout: 180_000 }, async (t) => {
  const records = runs();
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: records, selectedRunId: 'run-c' });
    await settle(page);
    await page.click('#tab-runs');
    await settle(page);

    await t.test('the columns: name, time, seed, the differing settings, the final metrics', async () => {
      assert.deepEqual(await headers(page), ['overlay', 'run', 'started', 'seed', 'lr', 'hidden1.units', 'loss', 'accuracy', 'validation loss', 'validation accuracy']);
      const cells = await page.$$eval('#panel-runs .runs-table tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).slice(1, 6).map((c) => c.textContent ?? '')));
      assert.deepEqual(cells.map((r) => [r[0], r[2], r[3], r[4]]), [['spirals.dlmodel #1', '42', '0.01', '16'], ['spirals.dlmodel #2', '42', '0.003', '16'], ['spirals.dlmodel #3', '42', '0.003', '32']]);
      assert.match(await page.locator('#panel-runs .runs-summary').innerText(), /3 runs · differing settings: lr, hidden1\.units/);
      assert.equal(await page.getAttribute('#panel-runs tr[data-run="run-c"]', 'aria-current'), 'true', 'the run on screen is marked');
    });

    await t.test('checking two runs by keyboard overlays only those in Training and enables Diff', async () => {
      assert.equal(await page.isDisabled('#panel-runs button[data-key="runs-diff"]'), true);
      for (const runId of ['run-a', 'run-b']) {
        await page.focus(`#panel-runs input[data-key="runs-pick:${runId}"]`);
        await page.keyboard.press('Space');
        await settle(page);
      }
      assert.equal(await page.isDisabled('#panel-runs button[data-key="runs-diff"]'), false);
      await page.click('#tab-training');
      await settle(page);
      assert.deepEqual(await overlayShown(page), { 'run-a': true, 'run-b': true, 'run-c': false });
      await page.click('#tab-runs');
      await settle(page);
    });

    await t.test('Diff puts the two runs\' settings side by side and marks lr as differing', async () => {
      await page.focus('#panel-runs button[data-key="runs-diff"]');
      await page.keyboard.press('Enter');
      await settle(page);
      const rows = await page.$$eval('#panel-runs .runs-diff-table tbody tr', (trs) => trs.map((tr) => ({ key: tr.getAttribute('data-setting'), differs: tr.classList.contains('differs'), cells: Array.from(tr.querySelectorAll('td,th')).map((c) => c.textContent ?? '') })));
      assert.deepEqual(rows.filter((r) => r.differs).map((r) => r.cells), [['≠', 'lr', '0.01', '0.003']]);
      assert.ok(rows.length > 10 && rows.some((r) => r.key === 'hidden1.units' && !r.differs && r.cells[2] === '16'));
      assert.match(await page.locator('#panel-runs .diff-summary').innerText(), new RegExp(`^1 of ${rows.length} settings differ`));
      await page.click('#panel-runs input[data-key="runs-diff-only"]');
      await settle(page);
      assert.equal(await page.locator('#panel-runs .runs-diff-table tbody tr').count(), 1, 'only the differing line');
      // A third check leaves two-run Diff.
      await page.click('#panel-runs input[data-key="runs-pick:run-c"]');
      await settle(page);
      assert.equal(await page.locator('#panel-runs .runs-diff-table').count(), 0);
      assert.equal(await page.isDisabled('#panel-runs button[data-key="runs-diff"]'), true);
    });

    await t.test('a run\'s name shows it in the other tabs and tells the host', async () => {
      await page.click('#panel-runs button[data-key="runs-show:run-a"]');
      await settle(page);
      assert.equal(await page.$eval('.panel-header select', (s) => (s as HTMLSelectElement).value), 'run-a');
      assert.equal(await page.getAttribute('#panel-runs tr[data-run="run-a"]', 'aria-current'), 'true');
      const selects = (await posted(page)).filter((m) => (m as { type?: string }).type === 'select-run');
      assert.deepEqual(selects.at(-1), { type: 'select-run', runId: 'run-a' });
      for (const message of await posted(page)) assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
      assert.deepEqual(await cspViolations(page), []);
    });

    await t.test('a sweep\'s runs are named by their row', async () => {
      const tagged = { ...records[1]!, runId: 'sweep-run', sweep: { sweepId: 's', index: 4 } };
      await post(page, { type: 'state', runs: [...records, tagged], selectedRunId: 'run-a' });
      await settle(page);
      assert.equal(await page.locator('#panel-runs button[data-key="runs-show:sweep-run"]').innerText(), 'spirals.dlmodel #4 · sweep row 5');
    });

    await t.test('choosing a file lists only its runs, their differing settings, and overlays them', async () => {
      const other = { ...records[0]!, runId: 'other-file', source: { path: 'other.dlmodel', lineStarts: [0] } };
      await post(page, { type: 'state', runs: [records[0]!, other, records[2]!], selectedRunId: 'run-a' });
      await settle(page);
      await page.selectOption('#panel-runs select[data-key="runs-file"]', 'other.dlmodel');
      await settle(page);
      assert.equal(await page.locator('#panel-runs .runs-table tbody tr').count(), 1);
      assert.deepEqual(await headers(page), ['overlay', 'run', 'started', 'seed', 'loss', 'accuracy', 'validation loss', 'validation accuracy'], 'one run differs in nothing');
      await page.click('#tab-training');
      await settle(page);
      assert.deepEqual(await overlayShown(page), { 'run-a': false, 'other-file': true, 'run-c': false });
      await page.click('#tab-runs');
      await settle(page);
    });
    await page.close();
  } finally {
    await browser.close();
  }
});
