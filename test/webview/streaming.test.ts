// The panel while a long run streams in: the panel page in headless Chromium under its real CSP,
// fed a 10,000-step run (4 layers with per-step stats, an epoch and a health event every 100
// steps) as the host sends it — an `events` message every 50 ms of 100 or of 500 steps — while the
// Training tab, then the Gradients tab, is shown.
//
// No frame rate or millisecond limit decides this test (CI runs on a busy 2-core machine): it
// counts the panel's work, which is the same on any machine — every chart redraws at most once per
// message and at most once per frame, nothing redraws while no message comes, no chart is rebuilt
// (its canvas replaced) per message, and the DOM gains a bounded number of nodes per message. The
// frame intervals and long tasks are measured and printed here; their targets (60 fps, no task
// over 50 ms) are `npm run bench`'s (bench/panel-bench.ts).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { HostToWebviewMessage } from '../../protocol/panel-messages';
import { lineStartsOf } from '../../protocol/run-record';
import { canvasColour, launchChromium, openPanel, panelContext, post, recordPage, settle, showTab } from './browser';
import { browserSkipReason } from './harness';
import { measureInPage, messageIntervalMs, sourceText, stageMessages, stepsPerMessage, streamMessages, syntheticRun, totalSteps, type FrameStats, type Measurement, type WorkCounts } from './synthetic-run';

const skip = browserSkipReason();

export const formatFrames = (s: FrameStats): string =>
  `${s.fps.toFixed(1)} fps over ${(s.durationMs / 1000).toFixed(1)} s (${s.frames} frames); frame interval p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ${s.longTasks} long tasks, longest ${s.longestTask.toFixed(0)} ms`;

const formatWork = (w: WorkCounts): string =>
  `${w.messages} messages, ${w.frames} frames: ${w.canvases} canvases, the most redrawn ${w.mostDraws}×, ${w.totalDraws} redraws in all (${w.drawsAfterLastMessage} after the last message), ${w.canvasesAdded} canvases added; ${w.nodesAdded} DOM nodes added outside the charts, ${w.identicalReplacements} replaced by identical ones`;

/** A quiet interval with no message: the panel must not redraw in it. */
const idleMs = 1_000;

/**
 * DOM nodes a message may add outside the charts: the run's summary line or the findings list is
 * rebuilt when its text changes (once per epoch at most); measured 1.4–3.0 a message. A list or a
 * control rebuilt on every redraw adds several times that.
 */
const maxNodesPerMessage = 6;

async function measure(page: Page, messages: readonly HostToWebviewMessage[], tailMs: number): Promise<Measurement> {
  await stageMessages(page, messages);
  await settle(page);
  return page.evaluate(measureInPage, [messageIntervalMs, tailMs] as [number, number]);
}

function assertBoundedWork(tab: string, w: WorkCounts): void {
  assert.ok(w.canvases > 0, `${tab}: no canvas shown`);
  assert.ok(w.mostDraws > 0, `${tab}: no chart redrew while the run streamed in`);
  // One redraw per message at most (+2: a resize as the first series and legends appear), and never more than one a frame.
  assert.ok(w.mostDraws <= w.messages + 2, `${tab}: a chart redrew ${w.mostDraws} times for ${w.messages} messages`);
  assert.ok(w.mostDraws <= w.frames, `${tab}: a chart redrew ${w.mostDraws} times in ${w.frames} frames`);
  assert.equal(w.drawsAfterLastMessage, 0, `${tab}: ${w.drawsAfterLastMessage} redraws after the last message had been drawn`);
  // A chart is rebuilt (a new canvas) only when its set of series changes: the validation lines
  // appear with the first epoch. At most once per chart, however many messages come.
  assert.ok(w.canvasesAdded <= w.canvases, `${tab}: ${w.canvasesAdded} canvases added while streaming to ${w.canvases} charts: charts are rebuilt, not redrawn`);
  assert.ok(w.nodesAdded <= maxNodesPerMessage * w.messages, `${tab}: ${w.nodesAdded} DOM nodes added outside the charts for ${w.messages} messages (limit ${maxNodesPerMessage} a message)`);
  // A live update that changes nothing a container shows leaves its DOM alone (no style or layout work for it).
  assert.equal(w.identicalReplacements, 0, `${tab}: ${w.identicalReplacements} DOM writes replaced nodes with identical ones while streaming`);
}

test('panels redraw per message, not per frame, while a 10,000-step run streams in', { skip, timeout: 600_000 /* a hang guard: ~100 s at load 12 */ }, async (t) => {
  const events = syntheticRun();
  const browser: Browser = await launchChromium(['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows']);
  try {
    const { context } = await panelContext(browser);
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
        st.diagnostic(`idle: ${formatFrames(idle.frames)}; ${formatWork(idle.work)}`);
        const streaming = await measure(page, batches, 300);
        st.diagnostic(`streaming ${totalSteps.toLocaleString('en-US')} steps in ${batches.length} messages of ${perMessage} steps every ${messageIntervalMs} ms: ${formatFrames(streaming.frames)}`);
        st.diagnostic(`work: ${formatWork(streaming.work)}`);

        // Everything arrived and is drawn.
        await settle(page);
        if (tab === 'training') assert.match(await page.$eval('#panel-training .run-summaries', (e) => (e as HTMLElement).innerText), /done: 100 epochs, 10,000 steps/);
        else assert.equal(await page.locator('#panel-gradients .finding').count(), 1);
        for (const canvas of (await canvasColour(page)).filter((c) => !c.neuron)) assert.ok(canvas.coloured > 0.002, `${tab}: '${canvas.label}' looks blank`);
        assert.deepEqual(recorder.errors, []);

        // The work: nothing while idle, bounded per message while streaming.
        assert.equal(idle.work.totalDraws, 0, `${tab}: the idle panel redrew ${idle.work.totalDraws} times in ${idle.work.frames} frames with no message`);
        assertBoundedWork(tab, streaming.work);
        await page.close();
      });
    }
  } finally {
    await browser.close();
  }
});
