// The graph panel's page in headless Chromium, as the extension serves it (renderPanelHtml with
// dist/graph.js and dist/graph.css under the strict CSP), for the webview test and the benchmark.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkDocument } from '../../core/analysis';
import { buildGraphView, type GraphView } from '../../core/graph';
import type { HostToGraphMessage } from '../../protocol/graph-messages';
import { renderPanelHtml } from '../../report/panel-html';
import { bundleContext, openPanel } from './browser';
import { webviewOrigin } from './harness';

/** The graph view of the first model of a text. */
export function graphViewOf(text: string): GraphView {
  const analysis = checkDocument(text);
  return buildGraphView(analysis, analysis.models[0]!);
}

/** A context serving only the graph page and its bundle (dist/graph.js, dist/graph.css). */
export function graphContext(browser: Browser, savedState?: unknown, viewport = { width: 1000, height: 800 }): Promise<{ context: BrowserContext; blocked: string[] }> {
  const html = renderPanelHtml({ cspSource: webviewOrigin, scriptUri: `${webviewOrigin}/dist/graph.js`, styleUri: `${webviewOrigin}/dist/graph.css`, nonce: 'Z3JhcGgtdGVzdC1ub25jZQ', title: 'dlmodel: graph' });
  return bundleContext(browser, { bundle: 'graph', html }, { viewport, savedState });
}

/** Opens the graph page and waits for its `ready`. */
export const openGraphPage: (context: BrowserContext) => Promise<Page> = openPanel;

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
