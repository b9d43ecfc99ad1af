// The loss landscape's "Distance from the plane" chart in headless Chromium: every optimizer path of
// the race gets its own distance series drawn, not only the run's own. Paths are recorded every few
// epochs (PathRecorder keeps at most 100 snapshots), so the test thins the committed fixture's paths
// the same way: a 200-epoch run keeps every second epoch, and a line that did not join its gaps drew
// nothing at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { LandscapePath, RunRecord } from '../../protocol/run-record';
import { categorical } from '../../webview/theme';
import { launchChromium, openPanel, panelContext, post, settle, showTab } from './browser';
import { browserSkipReason, fixtureRecord } from './harness';

const skip = browserSkipReason();

/** Keeps every `every`-th epoch of a path, and its last, as PathRecorder does. */
function thinned(path: LandscapePath, every: number): LandscapePath {
  const last = path.epochs.at(-1)!;
  const keep = path.epochs.map((epoch, i) => (epoch % every === 0 || epoch === last ? i : -1)).filter((i) => i >= 0);
  return { name: path.name, epochs: keep.map((i) => path.epochs[i]!), offPlane: keep.map((i) => path.offPlane[i]!), points: keep.flatMap((i) => [path.points[2 * i]!, path.points[2 * i + 1]!]) };
}

/** How many pixels of the chart captioned `caption` are each of `colours` (within a small distance). */
async function pixelsOfColours(page: Page, caption: string, colours: readonly string[]): Promise<number[]> {
  return page.evaluate(
    ({ caption, colours }) => {
      const figure = Array.from(document.querySelectorAll('[role="tabpanel"]:not([hidden]) figure')).find((f) => f.querySelector('figcaption')?.textContent?.startsWith(caption));
      const rgb = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
      const counts = colours.map(() => 0);
      for (const canvas of Array.from(figure?.querySelectorAll('canvas') ?? [])) {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let p = 0; p < data.length; p += 4) {
          if (data[p + 3]! < 200) continue;
          rgb.forEach((c, k) => {
            if (Math.abs(data[p]! - c[0]!) + Math.abs(data[p + 1]! - c[1]!) + Math.abs(data[p + 2]! - c[2]!) < 40) counts[k]!++;
          });
        }
      }
      return counts;
    },
    { caption, colours },
  );
}

test('distance from the plane: a series for every path of the optimizer race is drawn', { skip, timeout: 120_000 }, async () => {
  const fixture = fixtureRecord();
  const landscape = fixture.landscape!;
  assert.ok(landscape.paths.length >= 3, 'the fixture has a race');
  const record: RunRecord = { ...fixture, landscape: { ...landscape, paths: landscape.paths.map((p) => thinned(p, 2)) } };
  const browser: Browser = await launchChromium();
  try {
    const { context } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: [record], selectedRunId: record.runId });
    await settle(page);
    await showTab(page, 'landscape');
    await page.waitForFunction(() => document.querySelectorAll('#panel-landscape .legend li').length > 0);
    const names = record.landscape!.paths.map((p) => p.name);
    // uPlot's legend names each series of the chart.
    const legend = await page.$$eval('#panel-landscape figure', (figures) => figures.find((f) => f.querySelector('figcaption')?.textContent?.startsWith('Distance from the plane'))?.querySelector('.u-legend')?.textContent ?? '');
    for (const name of names) assert.ok(legend.includes(name), `the legend names ${name}: ${legend}`);
    const counts = await pixelsOfColours(page, 'Distance from the plane', names.map((_, k) => categorical[k]!));
    names.forEach((name, k) => assert.ok(counts[k]! > 50, `${name}'s distances drawn in ${categorical[k]}: ${counts[k]} pixels (all: ${counts.join(', ')})`));
    await context.close();
  } finally {
    await browser.close();
  }
});
