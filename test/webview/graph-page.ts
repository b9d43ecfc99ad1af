// The graph panel's page in headless Chromium, as the extension serves it (renderPanelHtml with
// dist/graph.js and dist/graph.css under the strict CSP), for the webview test and the benchmark.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkDocument } from '../../core/analysis';
import { buildGraphView, type GraphView } from '../../core/graph';
import type { HostToGraphMessage } from '../../protocol/graph-messages';
import { renderPanelHtml } from '../../report/panel-html';
import { fromRoot } from '../helpers/paths';
import { cspRecorder, fakeVsCodeApi, webviewOrigin } from './harness';

/** The graph view of the first model of a text. */
export function graphViewOf(text: string): GraphView {
  const analysis = checkDocument(text);
  return buildGraphView(analysis, analysis.models[0]!);
}

/** A context serving only the graph page and its bundle; anything else is aborted and listed in `blocked`. */
export async function graphContext(browser: Browser, savedState?: unknown, viewport = { width: 1000, height: 800 }): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  const page = renderPanelHtml({ cspSource: webviewOrigin, scriptUri: `${webviewOrigin}/dist/graph.js`, styleUri: `${webviewOrigin}/dist/graph.css`, nonce: 'Z3JhcGgtdGVzdC1ub25jZQ', title: 'dlmodel: graph' });
  const files: Record<string, { body: string; contentType: string }> = {
    '/index.html': { body: page, contentType: 'text/html' },
    '/dist/graph.js': { body: readFileSync(fromRoot('dist/graph.js'), 'utf8'), contentType: 'text/javascript' },
    '/dist/graph.css': { body: readFileSync(fromRoot('dist/graph.css'), 'utf8'), contentType: 'text/css' },
  };
  await context.route(`${webviewOrigin}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file ? route.fulfill({ status: 200, body: file.body, contentType: file.contentType }) : route.fulfill({ status: 404, body: '' });
  });
  if (savedState !== undefined) await context.addInitScript((state) => ((window as unknown as { __savedState: unknown }).__savedState = state), savedState);
  await context.addInitScript(cspRecorder);
  await context.addInitScript(fakeVsCodeApi);
  return { context, blocked };
}

export async function openGraphPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${webviewOrigin}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return page;
}

/** The panel's redraw counters (webview/graph/app.ts GraphStats). */
export interface GraphStats {
  draws: number;
  nodes: number;
  edges: number;
  layoutMs: number;
  renderMs: number;
}

export async function graphStats(page: Page): Promise<GraphStats> {
  return page.evaluate(() => ({ ...(window as unknown as { __dlmodelGraph: GraphStats }).__dlmodelGraph }));
}

/** Posts a message as the host would and waits until the panel has drawn `draws` times in all. */
export async function postGraph(page: Page, message: HostToGraphMessage, draws?: number): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  if (draws !== undefined) await page.waitForFunction((n) => (window as unknown as { __dlmodelGraph: GraphStats }).__dlmodelGraph.draws >= n, draws);
}
