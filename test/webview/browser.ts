// Browser helpers for the webview tests and the screenshot script: launch Debian's Chromium with
// playwright-core, serve the panel page from a routed origin (no network), and measure pages.
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../protocol/panel-messages';
import type { RunRecord } from '../../protocol/run-record';
import { fromRoot } from '../helpers/paths';
import { chromiumArgs, cspRecorder, fakeVsCodeApi, findChromium, panelPage, webviewOrigin } from './harness';

/** Launches Debian's Chromium headless; `extraArgs` are added to the quiet defaults (chromiumArgs). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found');
  // Playwright's own signal handlers would exit before our cleanup (README-vscode-web.md, pitfall 10).
  return chromium.launch({ executablePath, args: [...chromiumArgs, ...extraArgs], handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

/** What a page did that a test must see: CSP violations, errors, dialogs and every request. */
export interface PageRecorder {
  readonly requests: string[];
  readonly errors: string[];
  readonly dialogs: string[];
  readonly consoleErrors: string[];
}

/** Records requests, errors and dialogs (dismissing them) of a page. */
export function recordPage(page: Page): PageRecorder {
  const recorder: PageRecorder = { requests: [], errors: [], dialogs: [], consoleErrors: [] };
  page.on('request', (request) => recorder.requests.push(request.url()));
  page.on('pageerror', (error) => recorder.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') recorder.consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    recorder.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return recorder;
}

/** A webview page as the extension renders it, and the bundle (dist/<bundle>.js and .css) it loads. */
export interface BundlePage {
  readonly bundle: string;
  readonly html: string;
}

/** The panel page and its bundle, dist/webview.js and dist/webview.css. */
export const panelBundle = (): BundlePage => ({ bundle: 'webview', html: panelPage() });

/**
 * A context whose only reachable origin is webviewOrigin, served from memory (the page as the
 * extension renders it, dist/<bundle>.js and dist/<bundle>.css); anything else is aborted and
 * listed in `blocked`.
 */
export async function bundleContext(browser: Browser, served: BundlePage, options: { readonly viewport?: { width: number; height: number }; readonly savedState?: unknown } = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  const files: Record<string, { body: string; contentType: string }> = {
    '/index.html': { body: served.html, contentType: 'text/html' },
    [`/dist/${served.bundle}.js`]: { body: readFileSync(fromRoot(`dist/${served.bundle}.js`), 'utf8'), contentType: 'text/javascript' },
    [`/dist/${served.bundle}.css`]: { body: readFileSync(fromRoot(`dist/${served.bundle}.css`), 'utf8'), contentType: 'text/css' },
  };
  await context.route(`${webviewOrigin}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file ? route.fulfill({ status: 200, body: file.body, contentType: file.contentType }) : route.fulfill({ status: 404, body: '' });
  });
  const { savedState } = options;
  if (savedState !== undefined) await context.addInitScript((state) => ((window as unknown as { __savedState: unknown }).__savedState = state), savedState);
  await context.addInitScript(cspRecorder);
  await context.addInitScript(fakeVsCodeApi);
  return { context, blocked };
}

/** The training panel's context (bundleContext with the panel page). */
export function panelContext(browser: Browser, viewport = { width: 1280, height: 900 }, savedState?: unknown): Promise<{ context: BrowserContext; blocked: string[] }> {
  return bundleContext(browser, panelBundle(), { viewport, savedState });
}

/** Opens the served page and waits for its `ready` (every webview posts one when its script runs). */
export async function openPanel(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${webviewOrigin}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return page;
}

/** Posts a host message to the webview as VS Code would (a window message event). */
export async function post(page: Page, message: HostToWebviewMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
}

/** What the webview has posted so far. */
export async function posted(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Waits until the next two animation frames have run (the panel redraws in one). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * Opens the panel in a fresh Chromium with these runs (`selected` chosen), hands the page to `use`,
 * then checks that nothing broke the CSP or reached for the network.
 */
export async function withPanel(records: RunRecord[], selected: string, use: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchChromium();
  try {
    const { context, blocked } = await panelContext(browser);
    const page = await openPanel(context);
    await post(page, { type: 'state', runs: records, selectedRunId: selected });
    await settle(page);
    await use(page);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(blocked, []);
    await context.close();
  } finally {
    await browser.close();
  }
}

/** Whether the tab's button is shown (a tab for one family of models is hidden for others). */
export const tabShown = (page: Page, id: string): Promise<boolean> => page.$eval(`#tab-${id}`, (b) => !(b as HTMLElement).hidden);

/** Switches tab by clicking it and waits for the redraw. */
export async function showTab(page: Page, id: 'training' | 'gradients' | 'latent' | 'landscape'): Promise<void> {
  await page.click(`#tab-${id}`);
  await settle(page);
}

/**
 * For every visible canvas in the visible tab panel: its size and the share of its pixels that are
 * saturated colour (data: palette lines, viridis, class colours) rather than grey axes and grid.
 */
export async function canvasColour(page: Page): Promise<{ width: number; height: number; coloured: number; label: string; neuron: boolean }[]> {
  return page.evaluate(() => {
    const panel = document.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])');
    if (!panel) return [];
    return Array.from(panel.querySelectorAll('canvas'))
      .filter((canvas) => canvas.offsetParent !== null && canvas.width > 0 && canvas.height > 0)
      .map((canvas) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) {
          const max = Math.max(data[i]!, data[i + 1]!, data[i + 2]!);
          const min = Math.min(data[i]!, data[i + 1]!, data[i + 2]!);
          if (data[i + 3]! > 40 && max - min > 60) coloured++;
        }
        const figure = canvas.closest('figure');
        return { width: canvas.width, height: canvas.height, coloured: coloured / (canvas.width * canvas.height), label: figure?.querySelector('figcaption')?.textContent ?? '', neuron: figure?.classList.contains('neuron') ?? false };
      });
  });
}

/** The axis titles shown in the visible tab panel. */
export async function axisLabels(page: Page): Promise<string[]> {
  return page.$$eval('[role="tabpanel"]:not([hidden]) .chart:not([hidden]) .axis-label', (labels) => labels.map((l) => l.textContent ?? ''));
}

export type { WebviewToHostMessage };
