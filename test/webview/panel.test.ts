// The panel webview in headless Chromium under its real CSP (the page renderPanelHtml makes, the
// bundle by nonce, the stylesheet from the webview origin), fed by host messages as VS Code would
// deliver them: every tab draws data, hostile names stay text, the tablist works from the
// keyboard, the charts follow the panel's size, the user's choices survive a reload, every message
// the webview posts passes the host's guard, and the page triggers no CSP violation and no request
// outside its origin. Then the standalone report from a file:// URL: no request at all.
// Skipped, with the reason, when Chromium is absent (apt-get install -y chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { isWebviewToHostMessage } from '../../protocol/validate-messages';
import type { LatentData } from '../../protocol/run-record';
import { axisLabels, canvasColour, cspViolations, launchChromium, openPanel, panelContext, post, posted, recordPage, settle, showTab } from './browser';
import { browserSkipReason, fixtureRecord, reportPage, trainSecondRun, webviewOrigin } from './harness';

const skip = browserSkipReason();
const hostile = '<img src=x onerror=alert(1)>';

/**
 * Each visible chart canvas has data drawn in colour; of the per-unit heatmaps most do (a dead ReLU
 * unit is rightly a flat neutral square).
 */
async function assertChartsDrawn(page: Page, tab: string, minimum: number, minimumUnits = 0): Promise<void> {
  const canvases = await canvasColour(page);
  const charts = canvases.filter((c) => !c.neuron);
  const units = canvases.filter((c) => c.neuron);
  assert.ok(charts.length >= minimum, `${tab}: ${charts.length} chart canvases, expected at least ${minimum}`);
  for (const canvas of charts) assert.ok(canvas.coloured > 0.002, `${tab}: '${canvas.label}' looks blank (${(canvas.coloured * 100).toFixed(2)}% coloured)`);
  assert.ok(units.length >= minimumUnits, `${tab}: ${units.length} unit heatmaps, expected ${minimumUnits}`);
  const drawnUnits = units.filter((c) => c.coloured > 0.05).length;
  assert.ok(drawnUnits >= units.length * 0.75, `${tab}: only ${drawnUnits} of ${units.length} unit heatmaps have colour`);
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element as HTMLElement).innerText);
}

test('panel webview under the real CSP', { skip, timeout: 180_000 }, async (t) => {
  const fixture = fixtureRecord();
  const second = trainSecondRun({ layerName: hostile, label: `${hostile} adam lr 0.1`, runId: 'second' });
  const browser: Browser = await launchChromium();
  try {
    const { context, blocked } = await panelContext(browser);
    const page = await openPanel(context);
    const recorder = recordPage(page);

    await post(page, { type: 'state', runs: [fixture], selectedRunId: null });
    await post(page, { type: 'run-started', runId: second.runId, label: second.label, source: second.source, startedAt: null });
    for (let i = 0; i < second.events.length; i += 250) await post(page, { type: 'events', runId: second.runId, events: second.events.slice(i, i + 250) });
    // A message about a run the panel does not know is dropped, and a malformed one is ignored.
    await post(page, { type: 'events', runId: 'unknown-run', events: second.events.slice(0, 5) });
    await page.evaluate(() => window.postMessage({ type: 'events', runId: 'second', events: [{ type: 'step' }] }, '*'));
    await settle(page);

    await t.test('training: both runs overlaid, charts drawn, axis titles shown', async () => {
      await page.waitForSelector('#panel-training .run-list label >> nth=1');
      const runs = await page.$$eval('#panel-training .run-list label', (labels) => labels.map((l) => l.textContent));
      assert.deepEqual(runs, [fixture.label, second.label]);
      await assertChartsDrawn(page, 'training', 4);
      const labels = await axisLabels(page);
      for (const expected of ['epoch', 'loss', 'accuracy', 'step', 'learning rate']) assert.ok(labels.includes(expected), `axis title '${expected}' in ${labels.join(' | ')}`);
      assert.match(await textOf(page, '#panel-training .run-summaries'), /done: 200 epochs, 3,000 steps/);
    });

    await t.test('a hostile run label and layer name are shown as text, never as markup', async () => {
      await page.selectOption('.panel-header select', second.runId);
      await showTab(page, 'gradients');
      const body = await page.evaluate(() => document.body.innerText);
      assert.ok(body.includes(hostile), 'the name is visible as text');
      assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
      assert.equal(await page.$$eval('[onerror]', (found) => found.length), 0);
      assert.equal(await page.title(), `${second.label} — dlmodel`);
    });

    await t.test('gradients: norms, ratios and distributions drawn; findings ranked and each reveals its source', async () => {
      await assertChartsDrawn(page, 'gradients', 5);
      const titles = await page.$$eval('#panel-gradients .distributions .chart-title', (all) => all.map((e) => e.textContent));
      assert.deepEqual(titles, [hostile, 'hidden2', 'dense_3']);
      const findings = await page.$$eval('#panel-gradients .finding', (all) => all.map((e) => e.className));
      assert.ok(findings.length >= 1, 'adam at lr 0.1 has findings');
      const severities = findings.map((c) => (c.includes('severity-error') ? 0 : 1));
      assert.deepEqual(severities, [...severities].sort(), 'errors first');
      const expected = second.record.findings.find((f) => (f.finding.code === 'DL603' || f.finding.code === 'DL607'))!;
      const link = page.locator('#panel-gradients .finding-link', { hasText: `${expected.finding.code} ` }).first();
      await link.focus();
      await page.keyboard.press('Enter');
      const reveal = (await posted(page)).filter((m) => (m as { type: string }).type === 'reveal').at(-1) as { runId: string; range: { start: number; end: number } };
      assert.equal(reveal.runId, second.runId);
      assert.ok(second.record.findings.some((f) => f.finding.range.start === reveal.range.start && f.finding.range.end === reveal.range.end));
      assert.match(await textOf(page, '#panel-gradients .findings'), /spirals\.dlmodel:\d+:\d+/);
    });

    await t.test('latent: asks the host for a layer it has no projection of', async () => {
      await showTab(page, 'latent');
      assert.match(await textOf(page, '#panel-latent [role="status"]'), /latent space appears/);
      const latent: LatentData = { ...fixture.latent!, layers: [hostile, 'hidden2'], projections: fixture.latent!.projections.filter((p) => p.layer === 'hidden2') };
      await post(page, { type: 'latent', runId: second.runId, latent });
      await settle(page);
      await page.selectOption('#panel-latent select', hostile);
      await settle(page);
      const request = (await posted(page)).filter((m) => (m as { type: string }).type === 'select-layer').at(-1);
      assert.deepEqual(request, { type: 'select-layer', runId: second.runId, layer: hostile });
      assert.match(await textOf(page, '#panel-latent [role="status"]'), /Waiting for the host to project/);
      // Real-valued targets are coloured on a scale.
      const values = fixture.latent!.targets.kind === 'classes' ? fixture.latent!.targets.labels.map((l, i) => l + i / 256) : [];
      await post(page, { type: 'latent', runId: second.runId, latent: { ...latent, targets: { kind: 'values', values }, inputPlane: null } });
      await page.selectOption('#panel-latent select', 'hidden2');
      await settle(page);
      assert.match(await textOf(page, '#panel-latent .legend'), /target value, [\d.]+ \(purple\) to [\d.]+ \(yellow\)/);
      await assertChartsDrawn(page, 'latent with real targets', 1);
    });

    await t.test('landscape: a run without one offers to compute it, and shows why there is none', async () => {
      await showTab(page, 'landscape');
      await page.selectOption('#panel-landscape select[aria-label="Resolution"]', '21');
      await page.click('#panel-landscape button:has-text("Compute landscape")');
      const request = (await posted(page)).filter((m) => (m as { type: string }).type === 'request-landscape').at(-1);
      const race = ['sgd', 'momentum', 'adam', 'rmsprop'].map((optimizer) => ({ optimizer, lr: null }));
      assert.deepEqual(request, { type: 'request-landscape', runId: second.runId, plane: 'path', resolution: 21, race });
      await post(page, { type: 'landscape', runId: second.runId, landscape: null, message: `no landscape for ${hostile}` });
      await settle(page);
      assert.equal(await textOf(page, '#panel-landscape [role="status"]'), `no landscape for ${hostile}`);
    });

    await t.test('landscape: the race form sends the chosen optimizers and rates; a rate that does not read is marked and left out', async () => {
      await showTab(page, 'landscape');
      await page.click('#panel-landscape .race-form label:has-text("adam") input[type="checkbox"]');
      await page.fill('#panel-landscape input[aria-label="sgd learning rate"]', '0.5');
      await page.dispatchEvent('#panel-landscape input[aria-label="sgd learning rate"]', 'change');
      await page.fill('#panel-landscape input[aria-label="rmsprop learning rate"]', 'fast');
      await page.dispatchEvent('#panel-landscape input[aria-label="rmsprop learning rate"]', 'change');
      assert.equal(await page.getAttribute('#panel-landscape input[aria-label="rmsprop learning rate"]', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#panel-landscape input[aria-label="sgd learning rate"]', 'aria-invalid'), 'false');
      await page.click('#panel-landscape button:has-text("Compute landscape")');
      const request = (await posted(page)).filter((m) => (m as { type: string }).type === 'request-landscape').at(-1) as { race: unknown };
      assert.deepEqual(request.race, [{ optimizer: 'sgd', lr: 0.5 }, { optimizer: 'momentum', lr: null }]);
    });

    await t.test('latent and landscape of the fixture: every chart drawn, axes name the explained variance', async () => {
      await page.selectOption('.panel-header select', fixture.runId);
      await showTab(page, 'latent');
      // The units of one hidden layer at a time: by default hidden2, the last before the output.
      await assertChartsDrawn(page, 'latent', 2, 16);
      assert.equal(await page.$eval('#panel-latent select[aria-label="Hidden layer"]', (s) => (s as HTMLSelectElement).value), 'hidden2');
      const labels = await axisLabels(page);
      assert.ok(labels.some((l) => /^PC1 \(\d+\.\d% of variance\)$/.test(l)), labels.join(' | '));
      assert.ok(labels.includes('x₁') && labels.includes('x₂'));
      const before = await page.$eval('#panel-latent output', (o) => o.textContent);
      await page.focus('#panel-latent input[type="range"]');
      await page.keyboard.press('Home');
      await settle(page);
      assert.equal(await page.$eval('#panel-latent output', (o) => o.textContent), 'epoch 0');
      assert.notEqual(before, 'epoch 0');
      await assertChartsDrawn(page, 'latent at epoch 0', 2);

      await showTab(page, 'landscape');
      await assertChartsDrawn(page, 'landscape', 4);
      const landscapeLabels = await axisLabels(page);
      assert.ok(landscapeLabels.some((l) => /^path PC1 \(\d+\.\d% of variance\)$/.test(l)), landscapeLabels.join(' | '));
      assert.ok(landscapeLabels.includes('off-plane distance'));
      assert.deepEqual(await page.$$eval('#panel-landscape .legend li', (all) => all.map((l) => l.textContent?.trim())), fixture.landscape!.paths.map((p) => `━ ${p.name}`));
      // The surface turns from the keyboard.
      await page.focus('#panel-landscape canvas[tabindex="0"]');
      await page.keyboard.press('ArrowRight');
      await settle(page);
      assert.equal((await page.evaluate(() => (window as unknown as { __state: { surfaceYaw: number } }).__state)).surfaceYaw, 45);
    });

    await t.test('live updates keep the keyboard focus on the control the user is on', async () => {
      await showTab(page, 'training');
      await page.focus(`#panel-training input[data-key="run:${second.runId}"]`);
      const third = trainSecondRun({ epochs: 3, runId: 'third', label: 'third run' });
      await post(page, { type: 'run-started', runId: third.runId, label: third.label, source: null, startedAt: null });
      for (const event of third.events.slice(0, 40)) await post(page, { type: 'events', runId: third.runId, events: [event] });
      await settle(page);
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key), `run:${second.runId}`);
      assert.equal(await page.locator('#panel-training .run-list label').count(), 3);
      await page.keyboard.press('Space');
      await settle(page);
      assert.deepEqual((await page.evaluate(() => (window as unknown as { __state: { hiddenRuns: string[] } }).__state)).hiddenRuns, [second.runId]);
      await page.keyboard.press('Space');
      // A state message replaces the runs and chooses the run to show.
      await post(page, { type: 'state', runs: [fixture, second.record], selectedRunId: second.runId });
      await settle(page);
      assert.equal(await page.locator('#panel-training .run-list label').count(), 2);
      assert.equal(await page.$eval('.panel-header select', (s) => (s as HTMLSelectElement).value), second.runId);
    });

    await t.test('keyboard: the tablist moves with arrows, Home and End, and wraps', async () => {
      await page.focus('#tab-landscape');
      const press = async (key: string): Promise<string | undefined> => {
        await page.keyboard.press(key);
        await settle(page);
        return page.evaluate(() => {
          const active = document.activeElement;
          const selected = document.querySelector('[role="tab"][aria-selected="true"]');
          const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
          return active === selected && panel?.getAttribute('aria-labelledby') === active?.id ? active?.id : `focus ${active?.id}, selected ${selected?.id}, panel ${panel?.id}`;
        });
      };
      assert.equal(await press('ArrowRight'), 'tab-training');
      assert.equal(await press('ArrowRight'), 'tab-runs');
      assert.equal(await press('ArrowRight'), 'tab-gradients');
      assert.equal(await press('End'), 'tab-landscape');
      assert.equal(await press('Home'), 'tab-training');
      assert.equal(await press('ArrowLeft'), 'tab-landscape');
      assert.equal(await page.$$eval('[role="tab"][tabindex="0"]', (all) => all.length), 1, 'one tab in the tab order');
    });

    await t.test('the charts follow the panel size', async () => {
      await showTab(page, 'training');
      // The canvas and the box it sits in, for every chart of the tab.
      const sizes = async (): Promise<{ canvas: number; box: number }[]> =>
        page.$$eval('#panel-training .chart .plot', (plots) => plots.map((p) => ({ canvas: Math.round(p.querySelector('canvas')!.getBoundingClientRect().width), box: Math.round(p.getBoundingClientRect().width) })));
      const fits = (all: { canvas: number; box: number }[]): boolean => all.every((s) => Math.abs(s.canvas - s.box) <= 1);
      for (const width of [1280, 700, 480, 1600]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForFunction(() => Array.from(document.querySelectorAll('#panel-training .chart .plot')).every((p) => Math.abs(p.querySelector('canvas')!.getBoundingClientRect().width - p.getBoundingClientRect().width) <= 1));
        const now = await sizes();
        assert.ok(fits(now) && now.every((s) => s.box <= width), `${width}: ${JSON.stringify(now)}`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await t.test('a theme change redraws with the new colours', async () => {
      await page.evaluate(() => {
        document.documentElement.style.setProperty('--vscode-editor-background', '#1e1e1e');
        document.documentElement.style.setProperty('--vscode-foreground', '#cccccc');
        document.body.className = 'vscode-dark';
      });
      await settle(page);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(30, 30, 30)');
      await assertChartsDrawn(page, 'training (dark)', 4);
    });

    await t.test('choices survive a reload (getState/setState)', async () => {
      await page.click('#panel-training .controls label:has-text("Log scale") input');
      await page.focus('#panel-training input[aria-label="Smoothing"]');
      await page.keyboard.press('ArrowRight');
      await settle(page);
      assert.equal(await textOf(page, '#panel-training output'), '0.61');
      await showTab(page, 'gradients');
      const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
      const { tab, logScale, smoothing } = saved as { tab: string; logScale: boolean; smoothing: number };
      assert.deepEqual({ tab, logScale, smoothing }, { tab: 'gradients', logScale: false, smoothing: 0.61 });
      const { context: reloaded } = await panelContext(browser, undefined, saved);
      const again = await openPanel(reloaded);
      assert.equal(await again.getAttribute('#tab-gradients', 'aria-selected'), 'true');
      assert.equal(await again.isHidden('#panel-training'), true);
      await showTab(again, 'training');
      assert.equal(await again.isChecked('#panel-training .controls label:has-text("Log scale") input'), false);
      assert.equal(await again.inputValue('#panel-training input[aria-label="Smoothing"]'), '0.61');
      assert.equal(await again.$eval('#panel-latent input[type="range"]', () => true), true);
      await reloaded.close();
    });

    await t.test('every message the webview posted passes the host guard; no CSP violation, no error, no dialog, no request elsewhere', async () => {
      const messages = await posted(page);
      assert.equal((messages[0] as { type: string }).type, 'ready');
      for (const message of messages) assert.ok(isWebviewToHostMessage(message), JSON.stringify(message));
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(recorder.errors, []);
      assert.deepEqual(recorder.consoleErrors, []);
      assert.deepEqual(recorder.dialogs, []);
      assert.deepEqual(blocked, []);
      assert.ok(recorder.requests.every((url) => url.startsWith(webviewOrigin)), recorder.requests.join('\n'));
    });
    await context.close();
  } finally {
    await browser.close();
  }
});

test('standalone report from a file:// URL: every tab drawn, no request, no CSP violation', { skip, timeout: 120_000 }, async () => {
  const fixture = fixtureRecord();
  const second = trainSecondRun({ layerName: hostile, epochs: 30 });
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-report-'));
  const browser = await launchChromium();
  try {
    const file = join(folder, 'report.html');
    writeFileSync(file, reportPage([fixture, second.record]));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
      const w = window as unknown as { __cspViolations: string[] };
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const recorder = recordPage(page);
    const url = pathToFileURL(file).href;
    await page.goto(url);
    await page.waitForSelector('#tab-training');
    await settle(page);
    assert.equal(await page.evaluate(() => typeof (window as unknown as { acquireVsCodeApi?: unknown }).acquireVsCodeApi), 'undefined');
    for (const [tab, minimum] of [['training', 4], ['gradients', 5], ['latent', 2], ['landscape', 4]] as const) {
      await showTab(page, tab);
      if (tab !== 'training') {
        // The detail tabs show the latest run by default; the fixture has latent and landscape data.
        await page.selectOption('.panel-header select', fixture.runId);
        await settle(page);
      }
      await assertChartsDrawn(page, `report ${tab}`, minimum);
      assert.ok((await axisLabels(page)).length >= 2);
    }
    await page.selectOption('.panel-header select', second.runId);
    await showTab(page, 'gradients');
    assert.ok((await page.evaluate(() => document.body.innerText)).includes(hostile));
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('.finding-link').count(), 0, 'no links without a host to reveal in');
    assert.ok((await page.locator('.finding').count()) >= 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations), []);
    assert.deepEqual(recorder.requests, [url], 'the page itself is the only request');
    assert.deepEqual(recorder.errors, []);
    assert.deepEqual(recorder.consoleErrors, []);
    assert.deepEqual(recorder.dialogs, []);
    await context.close();
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
