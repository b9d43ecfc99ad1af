// The graph panel in headless Chromium under its real CSP, fed `dlmodel/graph` answers as the host
// posts them: it draws every layer, links nodes and the source both ways, folds repeats, keeps the
// viewport and the folds across edits, searches, works from the keyboard, shows diagnostics as
// badges, exports SVG and PNG, and triggers no CSP violation and no request outside its origin.
// Skipped, with the reason, when Chromium is absent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { isGraphToHostMessage } from '../../protocol/validate-graph-messages';
import { fromRoot } from '../helpers/paths';
import { cspViolations, launchChromium, posted, recordPage } from './browser';
import { graphContext, graphStats, graphViewOf, openGraphPage, postGraph } from './graph-page';
import { browserSkipReason } from './harness';

const skip = browserSkipReason() || (!existsSync(fromRoot('dist/graph.js')) && 'dist/graph.js is missing: run npm run build first');
const source = readFileSync(fromRoot('test/fixtures/graph/branch-repeat.dlmodel'), 'utf8');
const view = graphViewOf(source);

let browser: Browser;
before(async () => {
  if (!skip) browser = await launchChromium();
});
after(async () => browser?.close());

async function nodeIds(page: Page): Promise<string[]> {
  return page.$$eval('.viewport .node', (nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
}
async function selectedId(page: Page): Promise<string | null> {
  return page.$eval('.viewport', (v) => v.querySelector('.node.selected')?.getAttribute('data-id') ?? null);
}
async function cameraOf(page: Page): Promise<string | null> {
  return page.$eval('.camera', (g) => g.getAttribute('transform'));
}
const postedOfType = async (page: Page, type: string): Promise<Record<string, unknown>[]> => ((await posted(page)) as Record<string, unknown>[]).filter((m) => m.type === type);

test('draws every layer top to bottom, links nodes and source both ways, with no CSP violation or outside request', { skip }, async () => {
  const { context, blocked } = await graphContext(browser);
  const page = await openGraphPage(context);
  const recorder = recordPage(page);
  await postGraph(page, { type: 'graph', view, path: 'branch-repeat.dlmodel' }, 1);
  assert.deepEqual(await nodeIds(page), view.nodes.map((n) => n.id));
  assert.equal(await page.$$eval('.viewport .cluster', (c) => c.length), 3);
  assert.match(await page.$eval('.totals', (e) => e.textContent ?? ''), /\[3, 16, 16\] → \[10\] · 17 layers · 3,202 params · 514,208 MACs/);
  // Click a node: the host is asked to reveal that statement.
  await page.click('.node[data-id="n:narrow"]');
  const reveal = (await postedOfType(page, 'reveal')).at(-1) as { range: { start: number; end: number } };
  assert.equal(source.slice(reveal.range.start, reveal.range.end), 'narrow = conv2d(4, 3, padding: same, from: stem)');
  assert.equal(await selectedId(page), 'n:narrow');
  // The editor's cursor moves into another statement: its node is selected (the first copy of a repeat's).
  await postGraph(page, { type: 'cursor', offset: source.indexOf('relu()') + 2 });
  await page.waitForFunction(() => document.querySelector('.node.selected')?.getAttribute('data-id') === 'n:relu_1');
  assert.match(await page.$eval('.status', (e) => e.textContent ?? ''), /relu_1/);
  for (const message of await posted(page)) assert.ok(isGraphToHostMessage(message), `the host's guard accepts ${JSON.stringify(message)}`);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual([recorder.errors, recorder.consoleErrors, blocked], [[], [], []]);
  await context.close();
});

test('a repeat folds to one ×N node and back; folds and the viewport survive an edit and a reload', { skip }, async () => {
  const { context } = await graphContext(browser);
  const page = await openGraphPage(context);
  await postGraph(page, { type: 'graph', view, path: 'branch-repeat.dlmodel' }, 1);
  await page.click('.cluster[data-group="r0.0"] text');
  await page.waitForFunction(() => document.querySelector('.node[data-id="g:r0.0"]') !== null);
  assert.equal((await nodeIds(page)).length, view.nodes.length - 8 + 1);
  assert.match(await page.$eval('.node[data-id="g:r0.0"]', (e) => e.textContent ?? ''), /repeat ×2 \(8 layers\)\[8, 16, 16\] · 1,168 params/);
  // Zoom with the wheel, then the user edits the file: a new view arrives.
  await page.mouse.move(300, 300);
  await page.mouse.wheel(0, -300);
  const camera = await cameraOf(page);
  const edited = graphViewOf(source.replace('dense(10)', 'dense(12)'));
  const draws = (await graphStats(page)).draws;
  await postGraph(page, { type: 'graph', view: edited, path: 'branch-repeat.dlmodel' }, draws + 1);
  assert.equal(await cameraOf(page), camera, 'the viewport stays where the user left it');
  assert.ok((await nodeIds(page)).includes('g:r0.0'), 'the fold stays');
  assert.match(await page.$eval('.node[data-id="n:dense_1"]', (e) => e.textContent ?? ''), /\[12\]/);
  // A reload (VS Code hides and shows the panel) restores them from the webview state.
  const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  await context.close();
  const reloaded = await graphContext(browser, state);
  const again = await openGraphPage(reloaded.context);
  await postGraph(again, { type: 'graph', view: edited, path: 'branch-repeat.dlmodel' }, 1);
  assert.equal(await cameraOf(again), camera);
  assert.ok((await nodeIds(again)).includes('g:r0.0'));
  // Clicking the folded node unfolds it.
  await again.click('.node[data-id="g:r0.0"]');
  await again.waitForFunction(() => document.querySelector('.node[data-id="g:r0.0"]') === null);
  await reloaded.context.close();
});

test('search by name, keyboard navigation, fit and zoom keys', { skip }, async () => {
  const { context } = await graphContext(browser);
  const page = await openGraphPage(context);
  await postGraph(page, { type: 'graph', view, path: 'branch-repeat.dlmodel' }, 1);
  await page.fill('input[type="search"]', 'narr');
  assert.equal(await page.$eval('.match-count', (e) => e.textContent), '1 found');
  assert.equal(await selectedId(page), 'n:narrow');
  await page.fill('input[type="search"]', 'relu');
  assert.equal(await page.$eval('.match-count', (e) => e.textContent), '4 found');
  await page.press('input[type="search"]', 'Enter');
  assert.equal(await selectedId(page), 'n:relu_2');
  await page.press('input[type="search"]', 'Escape');
  // Arrow keys follow the edges; Enter reveals the statement; 0 fits, + zooms.
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedId(page), 'n:add_1');
  await page.keyboard.press('ArrowUp');
  assert.ok(['n:relu_2', 'n:stem'].includes((await selectedId(page)) ?? ''));
  const before = (await postedOfType(page, 'reveal')).length;
  await page.keyboard.press('Enter');
  assert.equal((await postedOfType(page, 'reveal')).length, before + 1);
  await page.keyboard.press('0');
  const fitted = await cameraOf(page);
  await page.keyboard.press('+');
  assert.notEqual(await cameraOf(page), fitted);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search');
  await context.close();
});

test('diagnostics are badges whose hover text is the message; a model without layers after an error is still drawn', { skip }, async () => {
  const { context } = await graphContext(browser);
  const page = await openGraphPage(context);
  const broken = graphViewOf('model M {\n  input [4]\n  dense(8)\n  conv2d(2, 3)\n  dense(2)\n}\n');
  await postGraph(page, { type: 'graph', view: broken, path: 'm.dlmodel' }, 1);
  const badge = await page.$eval('.node[data-id="n:conv2d_1"]', (n) => ({ classes: n.getAttribute('class'), title: n.querySelector('.badge title')?.textContent, count: n.querySelector('.badge text')?.textContent }));
  assert.match(badge.classes ?? '', /has-error/);
  assert.match(badge.title ?? '', /^DL401 error: conv2d expects an input \[C, H, W\]/);
  assert.equal(badge.count, '1');
  assert.equal((await nodeIds(page)).length, 4);
  await postGraph(page, { type: 'graph', view: null, path: 'm.dlmodel' }, 1);
  await page.waitForFunction(() => document.querySelector('.empty') !== null);
  await context.close();
});

test('export: SVG with its own stylesheet in the theme colours, PNG as an image', { skip }, async () => {
  const { context } = await graphContext(browser);
  const page = await openGraphPage(context);
  await page.emulateMedia({ colorScheme: 'dark' });
  await postGraph(page, { type: 'graph', view, path: 'branch-repeat.dlmodel' }, 1);
  await page.click('button[aria-label="Export the graph as SVG"]');
  await page.click('button[aria-label="Export the graph as PNG"]');
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'export').length === 2);
  const [svg, png] = (await postedOfType(page, 'export')) as { format: string; data: string }[];
  assert.equal(svg!.format, 'svg');
  assert.match(svg!.data, /^<svg [^>]*class="dlmodel-graph"/);
  assert.match(svg!.data, /<style>svg.dlmodel-graph \{ background: #0d1117;/, 'the dark theme’s background');
  assert.equal(png!.format, 'png');
  const bytes = Buffer.from(png!.data.replace(/^data:image\/png;base64,/, ''), 'base64');
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.ok(bytes.length > 5000, `a PNG of ${bytes.length} bytes has the picture`);
  assert.ok(isGraphToHostMessage(svg) && isGraphToHostMessage(png));
  await context.close();
});
