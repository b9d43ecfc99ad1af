// The Compare Model view's page: static (no script, and a CSP that allows none), every text
// escaped, rows classed by change so the theme colours them, unchanged layers folded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../core/analysis';
import { diffReport, type DiffReport } from '../../core/ide';
import { renderDiffHtml } from '../../report/diff-html';

function report(beforeText: string, afterText: string, label = 'HEAD'): DiffReport {
  const result = diffReport({ label, text: beforeText, analysis: checkDocument(beforeText) }, { label: 'net.dlmodel', text: afterText, analysis: checkDocument(afterText) });
  assert.ok(!('problem' in result));
  return result;
}

const options = { cspSource: 'vscode-resource:', styleUri: 'vscode-resource:/media/model-diff.css' };

test('the page has no script, a CSP that allows none, and a row per differing layer', () => {
  const html = renderDiffHtml(report('model N {\n  input [4]\n  dense(8)\n  relu()\n  dense(2)\n}\n', 'model N {\n  input [4]\n  dense(16)\n  relu()\n  dense(2)\n}\n'), options);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /content="default-src &#39;none&#39;; style-src vscode-resource:; base-uri &#39;none&#39;; form-action &#39;none&#39;"/);
  assert.equal((html.match(/<tr class="changed">/g) ?? []).length, 3, 'dense_1, relu_1 (shape) and dense_2 (params)');
  assert.match(html, /<tr class="argument"><td><\/td><td colspan="6">units: 8 → 16<\/td><\/tr>/);
  assert.match(html, /<li>params 58 → 114 \(\+56\)<\/li>/);
});

test('names and labels from the files are escaped', () => {
  const html = renderDiffHtml(report('model N {\n  input [4]\n  dense(2)\n}\n', 'model N {\n  input [4]\n  dense(2)\n}\n', '<img src=x onerror=alert(1)>'), options);
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /<p>No layer differs\.<\/p>/);
  assert.match(html, /<details><summary>1 unchanged layer<\/summary>/);
});
