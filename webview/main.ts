// The panel webview's entry point (bundled to dist/webview.js, its CSS to dist/webview.css). In VS
// Code it talks to the extension through acquireVsCodeApi; in a standalone report it reads the
// run records embedded in <script type="application/json" id="dlmodel-runs">.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { PanelApp } from './app';
import { connectHost } from './host';

/** The id of the report's embedded JSON (an array of RunRecord). */
const embeddedRunsId = 'dlmodel-runs';

function start(): void {
  const root = document.getElementById('dlmodel-root') ?? document.body.appendChild(document.createElement('main'));
  const host = connectHost();
  const app = new PanelApp(root, host);
  const embedded = document.getElementById(embeddedRunsId);
  if (embedded) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(embedded.textContent ?? '[]');
    } catch {
      parsed = [];
    }
    const records = Array.isArray(parsed) ? parsed : [parsed];
    const shown = app.load(records);
    if (shown < records.length) console.warn(`dlmodel: ${records.length - shown} embedded run record(s) were malformed and are not shown`);
  }
  if (host.live) app.connect();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
