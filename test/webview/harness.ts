// Shared by the webview tests and scripts/screenshot-panels.mjs: finds Chromium, builds the pages
// (the panel as VS Code would serve it, and the standalone report), and trains the small second
// run the overlay and the health findings are shown with.
import { existsSync, readFileSync } from 'node:fs';
import { checkDocument } from '../../core/analysis';
import { createRun, LatentRecorder, planTraining, type TrainEvent } from '../../core/train';
import { lineStartsOf, RunRecordBuilder, type RunRecord, type RunSource } from '../../protocol/run-record';
import { isRunRecord } from '../../protocol/validate-run-record';
import { readReportAssets, renderReport, type ReportAssets } from '../../report/render-report';
import { renderPanelHtml } from '../../report/panel-html';
import { fromRoot } from '../helpers/paths';

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

/** Why the browser tests cannot run here, or false when they can. */
export function browserSkipReason(): string | false {
  if (!findChromium()) return 'Chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH): the webview tests need a real browser';
  if (!existsSync(fromRoot('dist/webview.js')) || !existsSync(fromRoot('dist/webview.css'))) return 'dist/webview.js is missing: run npm run build first';
  return false;
}

/** Flags that keep Chromium quiet on a machine without network (../shared/tools/README-vscode-web.md). */
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run', '--disable-gpu'];

export function webviewAssets(): ReportAssets {
  return readReportAssets(fromRoot('dist'));
}

/** The committed fixture: examples/spirals.dlmodel trained by core/train (scripts/make-run-record.mjs). */
export function fixtureRecord(): RunRecord {
  const record: unknown = JSON.parse(readFileSync(fromRoot('test/fixtures/run-record.json'), 'utf8'));
  if (!isRunRecord(record)) throw new Error('test/fixtures/run-record.json is not a valid RunRecord: regenerate it with node scripts/make-run-record.mjs');
  return record;
}

/** A real run of `text` with its latent data (predictions, fit, convolutions, manifold…) recorded as the worker records it. */
export function latentRecord(text: string, runId: string, epochs: number): RunRecord {
  const planned = planTraining(checkDocument(text, {}), { epochs });
  if (!planned.ok) throw new Error(planned.message);
  const created = createRun(planned.plan);
  if (!created.ok) throw new Error(created.message);
  const latent = new LatentRecorder(created.run, { grid: 11 });
  const events: TrainEvent[] = [];
  for (const event of created.run.events()) {
    events.push(event);
    if (event.type === 'epoch' && latent.records(event.epoch)) latent.capture(event.epoch);
  }
  const builder = new RunRecordBuilder(runId, runId, null, null);
  builder.addAll(events);
  builder.mergeLatent(latent.snapshot());
  return builder.record();
}

/** A second run: its events as the host would post them, and the record they build. */
export interface SecondRun {
  readonly runId: string;
  readonly label: string;
  readonly source: RunSource;
  readonly events: readonly TrainEvent[];
  readonly record: RunRecord;
}

/**
 * A second, real run for the overlay: spirals with adam at lr 0.1, which kills ReLU units and
 * moves weights too fast (DL603, DL607), so the findings list has entries. `rename` replaces the
 * layer name `hidden1` and the run's label in every string of the events, as a host might send
 * them (to show that hostile names are only ever text).
 */
export function trainSecondRun(options: { epochs?: number; layerName?: string; label?: string; runId?: string } = {}): SecondRun {
  const text = readFileSync(fromRoot('examples/spirals.dlmodel'), 'utf8').replace(/optimizer:[^\n#]*/, 'optimizer: adam(lr: 0.1)');
  const planned = planTraining(checkDocument(text, {}), { epochs: options.epochs ?? 60 });
  if (!planned.ok) throw new Error(planned.message);
  const created = createRun(planned.plan);
  if (!created.ok) throw new Error(created.message);
  let events: TrainEvent[] = [...created.run.events()];
  if (options.layerName !== undefined) events = replaceInStrings(events, 'hidden1', options.layerName);
  const runId = options.runId ?? 'spirals-adam-0.1';
  const label = options.label ?? `${planned.plan.model.name} · adam lr 0.1 · seed ${planned.plan.seed}`;
  const source = { path: 'examples/spirals.dlmodel', lineStarts: lineStartsOf(text) };
  const builder = new RunRecordBuilder(runId, label, source, null);
  builder.addAll(events);
  return { runId, label, source, events, record: builder.record() };
}

/** A copy with `from` replaced by `to` in every string (keys untouched). */
export function replaceInStrings<T>(value: T, from: string, to: string): T {
  const replace = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(from).join(to);
    if (Array.isArray(v)) return v.map(replace);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]));
    return v;
  };
  return replace(value) as T;
}

/** The fixed origin the panel page is served from in tests (routed in-process, never the network). */
export const webviewOrigin = 'https://webview.dlmodel.test';

/** The panel page as the extension would serve it, with the bundle and CSS at webviewOrigin. */
export function panelPage(nonce = 'dGVzdC1ub25jZS0xMjM0NQ'): string {
  return renderPanelHtml({ cspSource: webviewOrigin, scriptUri: `${webviewOrigin}/dist/webview.js`, styleUri: `${webviewOrigin}/dist/webview.css`, nonce });
}

/** The standalone report of these runs. */
export function reportPage(runs: readonly RunRecord[]): string {
  return renderReport(runs, webviewAssets());
}

/**
 * A stand-in for VS Code's `acquireVsCodeApi`, installed before any page script (Playwright's init
 * scripts run outside the page's CSP): it records what the webview posts and keeps its state.
 */
export const fakeVsCodeApi = `(() => {
  window.__posted = [];
  window.__state = window.__savedState;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      getState: () => window.__state,
      setState: (state) => { window.__state = JSON.parse(JSON.stringify(state)); },
    };
  };
})();`;

/** Records every CSP violation the page reports, from before its first script. */
export const cspRecorder = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.__alerts = 0;
  const alert = window.alert;
  window.alert = (...args) => { window.__alerts++; return alert.apply(window, args); };
})();`;
