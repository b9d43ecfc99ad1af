// The screenshot of *Step Through Backpropagation* for the README (docs/screenshots/backprop.png):
// examples/xor.dlmodel's trace from core, shown by the real bundle under the real CSP in headless
// Chromium (light fallback colours), paused in the middle of the backward pass.
// Needs the compiled tree and the bundle: npm run build. Usage: node scripts/screenshot-backprop.mjs
/* global window -- the evaluate callback runs in the page */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const harness = require(resolve(root, 'out/test/webview/harness.js'));
const { launchChromium, settle } = require(resolve(root, 'out/test/webview/browser.js'));
const { checkDocument } = require(resolve(root, 'out/core/analysis/index.js'));
const { planTraining, buildBackpropTrace } = require(resolve(root, 'out/core/train/index.js'));
const { renderPanelHtml } = require(resolve(root, 'out/report/panel-html.js'));

const planned = planTraining(checkDocument(readFileSync(resolve(root, 'examples/xor.dlmodel'), 'utf8'), {}), {});
const result = buildBackpropTrace(planned.plan);
if (!result.ok) throw new Error(result.message);
const origin = harness.webviewOrigin;
const files = {
  '/index.html': renderPanelHtml({ cspSource: origin, scriptUri: `${origin}/dist/backprop.js`, styleUri: `${origin}/dist/backprop.css`, title: 'Backpropagation' }),
  '/dist/backprop.js': readFileSync(resolve(root, 'dist/backprop.js'), 'utf8'),
  '/dist/backprop.css': readFileSync(resolve(root, 'dist/backprop.css'), 'utf8'),
};
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, deviceScaleFactor: 1 });
  await context.route('**/*', (route) => route.abort());
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = files[path];
    return body === undefined ? route.fulfill({ status: 404, body: '' }) : route.fulfill({ status: 200, body, contentType: path.endsWith('.css') ? 'text/css' : path.endsWith('.js') ? 'text/javascript' : 'text/html' });
  });
  await context.addInitScript(harness.fakeVsCodeApi);
  const page = await context.newPage();
  await page.goto(`${origin}/index.html`);
  await page.evaluate((trace) => window.postMessage({ type: 'trace', trace, source: 'examples/xor.dlmodel' }, '*'), result.trace);
  await settle(page);
  for (let i = 0; i < 6; i++) await page.keyboard.press('f');
  for (let i = 0; i < 40; i++) await page.keyboard.press('b');
  await settle(page);
  const out = resolve(root, 'docs/screenshots/backprop.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
