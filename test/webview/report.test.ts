// renderReport without a browser: the CSP allows exactly the inlined script and stylesheet, the
// embedded JSON cannot close its element and parses back to the records, nothing is loaded from
// anywhere, and the output depends only on the arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { emptyRunRecord, type RunRecord } from '../../protocol/run-record';
import { jsonForScript, renderReport } from '../../report/render-report';
import { renderPanelHtml } from '../../report/panel-html';
import { fixtureRecord } from './harness';

const assets = { script: 'console.log("</script><!-- x");\n//# sourceMappingURL=webview.js.map\n', css: 'body{color:red}/* </style> */\n/*# sourceMappingURL=webview.css.map */' };
const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function parts(html: string): { policy: string; script: string; style: string; json: string } {
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const json = /<script type="application\/json" id="dlmodel-runs">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  return { policy, script, style, json };
}

test('report: the CSP allows the inlined script and stylesheet by hash and nothing else', () => {
  const html = renderReport(emptyRunRecord('r', 'R'), assets);
  const { policy, script, style } = parts(html);
  assert.match(policy, /^default-src 'none'; /);
  assert.ok(policy.includes(`script-src ${hash(script)}`), policy);
  assert.ok(policy.includes(`style-src ${hash(style)}`), policy);
  assert.ok(!policy.includes('unsafe'), policy);
  assert.ok(!script.includes('</script') && !script.includes('<!--') && !script.includes('sourceMappingURL'));
  assert.ok(!style.includes('</style') && !style.includes('sourceMappingURL'));
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'the data block and the bundle');
  assert.ok(!/\s(src|href)=/.test(html), 'no external resource');
});

test('report: any strings in the records survive the embedding, none can end the element', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }), (labels) => {
      const records = labels.map((label, i) => emptyRunRecord(`run-${i}`, `${label}</script><!--<script>alert(1)</script>`));
      const html = renderReport(records, assets);
      const { json } = parts(html);
      assert.ok(!/<\/script/i.test(json) && !json.includes('<!--'));
      assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(records)));
    }),
  );
  assert.equal(jsonForScript('\u2028</'), '"\\u2028\\u003c/"');
});

test('report: the title is escaped, the output is deterministic, the fixture embeds whole', () => {
  const record: RunRecord = { ...emptyRunRecord('r', '<img src=x onerror=alert(1)>') };
  const html = renderReport(record, assets);
  assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt; — dlmodel training report</title>'));
  assert.equal(renderReport(record, assets), html);
  const fixture = fixtureRecord();
  assert.deepEqual(JSON.parse(parts(renderReport(fixture, assets)).json), [fixture]);
});

test('panel HTML: nonce for the script, the webview origin for the stylesheet, attributes escaped', () => {
  const html = renderPanelHtml({ cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x/webview.js?a=1&b="2"', styleUri: 'https://x/webview.css', nonce: 'abc' });
  assert.ok(html.includes(`script-src &#39;nonce-abc&#39;`));
  assert.ok(html.includes('style-src https://x.vscode-cdn.net'));
  assert.ok(html.includes('<script nonce="abc" src="https://x/webview.js?a=1&amp;b=&quot;2&quot;"></script>'));
  assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
  const a = renderPanelHtml({ cspSource: 's', scriptUri: 'a', styleUri: 'b' });
  const b = renderPanelHtml({ cspSource: 's', scriptUri: 'a', styleUri: 'b' });
  assert.notEqual(/nonce-([^&]+)&/.exec(a)?.[1], /nonce-([^&]+)&/.exec(b)?.[1], 'a fresh nonce per page');
});
