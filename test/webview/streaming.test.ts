// Frame rate while a long run streams in: the panel page in headless Chromium under its real CSP,
// fed a 10,000-step run (4 layers with per-step stats, an epoch and a health event every 100
// steps) as the host sends it — an `events` message every 50 ms (20 per second) of 100 or of 500
// steps — while the Training tab, then the Gradients tab, is shown. Frame intervals come from requestAnimationFrame
// in the page, long tasks from a PerformanceObserver; an idle page in the same browser is the
// baseline (the machine is shared, so the numbers are also given relative to it).
// Chromium runs with background throttling off, so rAF is not slowed for a headless page.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebviewMessage } from '../../protocol/panel-messages';
import { lineStartsOf } from '../../protocol/run-record';
import { canvasColour, launchChromium, openPanel, panelContext, post, recordPage, settle, showTab } from './browser';
import { browserSkipReason } from './harness';
import { measureInPage, messageIntervalMs, sourceText, stepsPerMessage, streamMessages, syntheticRun, totalSteps, type FrameStats } from './synthetic-run';

const skip = browserSkipReason();

const format = (s: FrameStats): string =>
  `${s.fps.toFixed(1)} fps over ${(s.durationMs / 1000).toFixed(1)} s (${s.frames} frames); frame interval p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ${s.longTasks} long tasks, longest ${s.longestTask.toFixed(0)} ms`;

/** An idle page must reach about 60 fps, or the machine cannot tell us anything. */
const idleMs = 2_000;

async function measure(page: Page, messages: readonly HostToWebviewMessage[], tailMs: number): Promise<FrameStats> {
  await page.evaluate((staged) => ((window as unknown as { __staged: unknown[] }).__staged = staged), messages as unknown[]);
  await settle(page);
  return page.evaluate(measureInPage, [messageIntervalMs, tailMs] as [number, number]);
}

test('panels keep 60 fps while a 10,000-step run streams in', { skip, timeout: 240_000 }, async (t) => {
  const events = syntheticRun();
  const browser: Browser = await launchChromium(['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows']);
  try {
    const { context } = await panelContext(browser);
    const results: { tab: string; perMessage: number; idle: FrameStats; streaming: FrameStats }[] = [];
    // 100 steps a message (a steady 2,000 steps/s), and the brief's burstier 500 steps a message.
    const variants = (['training', 'gradients'] as const).flatMap((tab) => [stepsPerMessage, 500].map((perMessage) => ({ tab, perMessage })));
    for (const { tab, perMessage } of variants) {
      await t.test(`${tab} tab, ${perMessage} steps a message`, async (st: TestContext) => {
        const page = await openPanel(context);
        const recorder = recordPage(page);
        const runId = `stream-${tab}-${perMessage}`;
        const { start, batches } = streamMessages(runId, events, perMessage);
        await post(page, { type: 'run-started', runId, label: 'Streamed · adam · seed 7', source: { path: 'streamed.dlmodel', lineStarts: lineStartsOf(sourceText) }, startedAt: null });
        await post(page, start);
        await showTab(page, tab);
        const idle = await measure(page, [], idleMs);
        st.diagnostic(`idle: ${format(idle)}`);
        const streaming = await measure(page, batches, 300);
        st.diagnostic(`streaming ${totalSteps.toLocaleString('en-US')} steps in ${batches.length} messages of ${perMessage} steps every ${messageIntervalMs} ms: ${format(streaming)}`);
        st.diagnostic(`relative to idle: p95 ${(streaming.p95 / idle.p95).toFixed(2)}×, fps ${(streaming.fps / idle.fps).toFixed(2)}×`);
        results.push({ tab, perMessage, idle, streaming });

        // Everything arrived and is drawn.
        await settle(page);
        if (tab === 'training') assert.match(await page.$eval('#panel-training .run-summaries', (e) => (e as HTMLElement).innerText), /done: 100 epochs, 10,000 steps/);
        else assert.equal(await page.locator('#panel-gradients .finding').count(), 1);
        for (const canvas of (await canvasColour(page)).filter((c) => !c.neuron)) assert.ok(canvas.coloured > 0.002, `${tab}: '${canvas.label}' looks blank`);
        assert.deepEqual(recorder.errors, []);

        if (idle.fps < 50) {
          st.skip(`the idle page runs at ${idle.fps.toFixed(1)} fps: this machine is too busy to measure 60 fps`);
          return;
        }
        // 60 fps: p95 frame interval within 20 ms (one 16.7 ms frame and jitter) and no task that blocks a frame for more than 50 ms.
        // A shared machine adds its own jank: a p95 within 1.25× the idle page's passes too.
        assert.ok(streaming.p95 <= Math.max(20, idle.p95 * 1.25), `${tab}: p95 frame interval ${streaming.p95.toFixed(1)} ms while streaming (idle ${idle.p95.toFixed(1)} ms)`);
        assert.ok(streaming.longestTask <= 50, `${tab}: a ${streaming.longestTask.toFixed(0)} ms task while streaming`);
        await page.close();
      });
    }
    t.diagnostic(results.map((r) => `${r.tab} (${r.perMessage} steps a message): idle ${r.idle.fps.toFixed(1)} fps (p95 ${r.idle.p95.toFixed(1)} ms) → streaming p50 ${r.streaming.p50.toFixed(1)} ms, p95 ${r.streaming.p95.toFixed(1)} ms, longest task ${r.streaming.longestTask.toFixed(0)} ms`).join('; '));
  } finally {
    await browser.close();
  }
});
