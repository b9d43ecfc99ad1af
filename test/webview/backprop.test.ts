// The backpropagation step-through webview (dist/backprop.js) in headless Chromium under the
// panel's real CSP, fed the trace of examples/xor.dlmodel as the extension host computes it:
// one full backward pass walked with the keyboard (each step's chain-rule text, the highlighted
// edges and node), every weight's finite-difference badge, the optimizer update, the layer under
// the editor's cursor, a refusal shown as text, and no CSP violation or request off the origin.
// Skipped, with the reason, when Chromium is absent (apt-get install -y chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkDocument } from '../../core/analysis';
import type { BackpropTrace } from '../../core/inspect/backprop';
import { buildBackpropTrace, planTraining } from '../../core/train';
import type { BackpropHostMessage } from '../../protocol/backprop-messages';
import { renderPanelHtml } from '../../report/panel-html';
import { fromRoot } from '../helpers/paths';
import { bundleContext, cspViolations, launchChromium, recordPage, settle } from './browser';
import { browserSkipReason, webviewOrigin } from './harness';

const skip = browserSkipReason() || (!existsSync(fromRoot('dist/backprop.js')) ? 'dist/backprop.js is missing: run npm run build first' : false);

function xorTrace(): BackpropTrace {
  const planned = planTraining(checkDocument(readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8'), {}), {});
  if (!planned.ok) throw new Error(planned.message);
  const result = buildBackpropTrace(planned.plan);
  if (!result.ok) throw new Error(result.message);
  return result.trace;
}

/** A context that serves only the step-through page and its bundle from the webview origin. */
function backpropContext(browser: Browser): Promise<{ context: BrowserContext; blocked: string[] }> {
  const html = renderPanelHtml({ cspSource: webviewOrigin, scriptUri: `${webviewOrigin}/dist/backprop.js`, styleUri: `${webviewOrigin}/dist/backprop.css`, title: 'Backpropagation', nonce: 'dGVzdC1ub25jZS0xMjM0NQ' });
  return bundleContext(browser, { bundle: 'backprop', html }, { viewport: { width: 1400, height: 900 } });
}

async function post(page: Page, message: BackpropHostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  await settle(page);
}

const textOf = (page: Page, selector: string): Promise<string> => page.$eval(selector, (element) => element.textContent ?? '');

test('backpropagation step-through under the real CSP', { skip, timeout: 180_000 }, async (t) => {
  const trace = xorTrace();
  const iteration = trace.optimizers[0]!.iterations[0]!;
  const browser = await launchChromium();
  try {
    const { context, blocked } = await backpropContext(browser);
    const page = await context.newPage();
    const recorder = recordPage(page);
    await page.goto(`${webviewOrigin}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await post(page, { type: 'trace', trace, source: 'examples/xor.dlmodel' });

    await t.test('the graph draws every scalar and edge of the tape', async () => {
      assert.equal(await page.locator('g.node').count(), trace.scalars.length);
      assert.equal(await page.locator('line.edge').count(), trace.edges.length);
      assert.match(await textOf(page, '.status'), /before the forward pass/);
    });

    await t.test('forward, op by op, reveals each value', async () => {
      for (const [k, forwardStep] of iteration.forward.entries()) {
        await page.keyboard.press('f');
        assert.equal(await textOf(page, '.explain'), forwardStep.text, `forward step ${k + 1}`);
      }
      const loss = await page.locator('g.node.role-loss text.value').textContent();
      assert.match(loss ?? '', /^L = 0\.3849$/);
    });

    await t.test('one full backward pass: the chain-rule text, the current node and the edges of each step', async () => {
      for (const [k, backwardStep] of iteration.backward.entries()) {
        await page.keyboard.press('b');
        assert.equal(await textOf(page, '.explain'), backwardStep.text, `backward step ${k + 1}`);
        const current = await page.$$eval('g.node.current', (nodes) => nodes.map((n) => n.getAttribute('data-label')));
        assert.deepEqual(current, [trace.scalars[backwardStep.scalar]!.label]);
        assert.equal(await page.locator('line.edge.current').count(), backwardStep.terms.length, `${backwardStep.text}: highlighted edges`);
      }
      assert.match(await textOf(page, '.status'), new RegExp(`backward ${iteration.backward.length} / ${iteration.backward.length}`));
    });

    await t.test('every weight gradient carries its finite-difference badge', async () => {
      const weights = trace.tensors.filter((x) => x.role === 'weight').reduce((n, x) => n + x.size, 0);
      assert.equal(await page.locator('g.node.check-ok').count(), weights);
      assert.equal(await page.locator('g.node.check-bad').count(), 0);
      await page.click(`g.node[data-label="W1[0,0]"]`);
      const check = iteration.checks.find((c) => trace.scalars[c.scalar]!.label === 'W1[0,0]')!;
      assert.match(await textOf(page, '.details'), /check: tape \S+ · finite difference \S+ ✓ agree/);
      assert.ok(Math.abs(check.tape - check.finiteDifference) <= 1e-4);
    });

    await t.test('Step shows the optimizer update with its formula; Step again starts the next iteration', async () => {
      await page.click('button:has-text("Step")');
      assert.match(await textOf(page, '.status'), /optimizer update/);
      const explain = await textOf(page, '.explain');
      assert.match(explain, /^W1\[0,0\]:\ng = ∂L\/∂θ = /);
      assert.match(explain, /θ' = θ − lr·b = /);
      await page.keyboard.press('s');
      assert.match(await textOf(page, '.status'), /step 2 of 3 · before the forward pass/);
    });

    await t.test('Adam shows its bias correction', async () => {
      const adam = trace.optimizers.findIndex((o) => o.label.startsWith('adam'));
      await page.selectOption('select', String(adam));
      await page.keyboard.press('Shift+B');
      await page.keyboard.press('s');
      assert.match(await textOf(page, '.explain'), /m̂ = m \/ \(1 − β₁\^t\) = .*\(1 − 0\.9\^1\)/);
    });

    await t.test('the layer under the editor cursor selects its first weight', async () => {
      await post(page, { type: 'focus-layer', layer: 'dense_2' });
      const selected = await page.$$eval('g.node.selected', (nodes) => nodes.map((n) => n.getAttribute('data-label')));
      assert.deepEqual(selected, ['W2[0,0]']);
    });

    // Found by the real-VS-Code e2e (test/e2e/features/backprop.mjs): beside an editor the panel
    // is ~450 px wide, and the side column (360 px) squeezed the graph to a 20 px strip.
    await t.test('in a narrow panel the graph keeps the panel\'s width (the explanation goes below it)', async () => {
      await page.setViewportSize({ width: 460, height: 800 });
      const graph = await page.$eval('.graph', (e) => e.getBoundingClientRect().width);
      const side = await page.$eval('.side', (e) => e.getBoundingClientRect().width);
      assert.ok(graph >= 0.9 * 460 - 24, `graph ${graph} px wide in a 460 px panel`);
      assert.ok(side >= 0.9 * 460 - 24, `explanation ${side} px wide in a 460 px panel`);
      await page.setViewportSize({ width: 1400, height: 900 });
      assert.ok(await page.$eval('.graph', (e) => e.getBoundingClientRect().width) >= 1400 - 360 - 60, 'side by side again when wide');
    });

    await t.test('a refusal is shown as text', async () => {
      const hostile = '<img src=x onerror=alert(1)> has 371 trainable weights';
      await post(page, { type: 'refused', message: hostile, source: 'x.dlmodel' });
      assert.equal(await textOf(page, '.refused'), hostile);
      assert.equal(await page.locator('img').count(), 0);
    });

    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(blocked, []);
    assert.deepEqual(recorder.errors, []);
    assert.deepEqual(recorder.dialogs, []);
  } finally {
    await browser.close();
  }
});
