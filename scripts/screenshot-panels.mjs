// Screenshots of the panel's four tabs for the README and docs/panels.md, taken in headless
// Chromium from the real bundle under the real CSP (the page renderPanelHtml makes), fed with the
// committed fixture (examples/spirals.dlmodel trained by core/train) and a second real run for the
// overlay and the health findings. The tabs are shown in VS Code's Dark Modern colours (the
// variables VS Code sets on a webview); the standalone report in its light fallback.
// Needs the compiled tree and the bundle: npm run build (or npx tsc -p tsconfig.json && node scripts/build.mjs).
// Usage: node scripts/screenshot-panels.mjs [--out docs/images]
/* global document -- the init script below runs in the page */
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const harness = require(resolve(root, 'out/test/webview/harness.js'));
const browserHelpers = require(resolve(root, 'out/test/webview/browser.js'));
const outIndex = process.argv.indexOf('--out');
const outFolder = resolve(root, outIndex >= 0 ? process.argv[outIndex + 1] : 'docs/images');

const skip = harness.browserSkipReason();
if (skip) {
  console.error(`screenshot-panels: ${skip}`);
  process.exit(1);
}

/** VS Code's Dark Modern theme, as the variables it sets on a webview's <html>. */
const darkModern = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-input-background': '#313131',
  '--vscode-input-foreground': '#cccccc',
  '--vscode-input-border': '#3c3c3c',
  '--vscode-panel-border': '#2b2b2b',
  '--vscode-editorWidget-border': '#3c3c3c',
  '--vscode-textLink-foreground': '#4daafc',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editorWarning-foreground': '#cca700',
  '--vscode-font-family': 'system-ui, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
};

const fixture = harness.fixtureRecord();
const second = harness.trainSecondRun({ epochs: 60 });
mkdirSync(outFolder, { recursive: true });
const written = [];
const browser = await browserHelpers.launchChromium();
try {
  const { context } = await browserHelpers.panelContext(browser, { width: 1280, height: 860 });
  await context.addInitScript((variables) => {
    document.addEventListener('DOMContentLoaded', () => {
      for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
      document.body.classList.add('vscode-dark');
    });
  }, darkModern);
  const page = await browserHelpers.openPanel(context);
  await browserHelpers.post(page, { type: 'state', runs: [fixture], selectedRunId: null });
  await browserHelpers.post(page, { type: 'run-started', runId: second.runId, label: second.label, source: second.source, startedAt: null });
  await browserHelpers.post(page, { type: 'events', runId: second.runId, events: second.events });
  await browserHelpers.settle(page);
  const violations = () => browserHelpers.cspViolations(page);

  const shoot = async (name) => {
    await browserHelpers.settle(page);
    await page.waitForTimeout(150);
    const path = join(outFolder, name);
    await page.screenshot({ path, fullPage: true });
    written.push(path);
  };
  await browserHelpers.showTab(page, 'training');
  await shoot('panel-training.png');
  await page.selectOption('.panel-header select', second.runId);
  await browserHelpers.showTab(page, 'gradients');
  await shoot('panel-gradients.png');
  await page.selectOption('.panel-header select', fixture.runId);
  await browserHelpers.showTab(page, 'latent');
  await page.selectOption('#panel-latent select', 'hidden2');
  await shoot('panel-latent.png');
  await browserHelpers.showTab(page, 'landscape');
  await shoot('panel-landscape.png');
  const seen = await violations();
  if (seen.length > 0) throw new Error(`CSP violations: ${seen.join(', ')}`);
  await context.close();

  // The standalone report, light.
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-report-'));
  try {
    const file = join(folder, 'report.html');
    writeFileSync(file, harness.reportPage([fixture, second.record]));
    const reportContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, colorScheme: 'light' });
    const report = await reportContext.newPage();
    await report.goto(pathToFileURL(file).href);
    await report.waitForSelector('#tab-training');
    await browserHelpers.settle(report);
    await report.waitForTimeout(150);
    const path = join(outFolder, 'panel-report-light.png');
    await report.screenshot({ path, fullPage: true });
    written.push(path);
    await reportContext.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
} finally {
  await browser.close();
}
for (const path of written) console.log(`screenshot-panels: wrote ${relative(root, path)}`);
