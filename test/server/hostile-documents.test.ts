// Documents from issue 9 that used to kill or hang the language server: after each, the server
// publishes diagnostics and still answers a request on the same document. The timeout only turns
// a hang into a failure instead of a stuck run; nothing is timed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-hostile-'));
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;
const hangGuard = { timeout: 300_000 };

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace);
});
after(async () => client.stop());

async function hoverOn(name: string, text: string, marker: string): Promise<string> {
  const result = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: positionOf(text, marker, 1) });
  return result ? (result.contents as lsp.MarkupContent).value : '';
}

test('100 models of repeat 1000000000 { dense(2) } are checked and hover answers', hangGuard, async () => {
  const text = Array.from({ length: 100 }, (_, i) => `model M${i} {\n  input [2]\n  repeat 1000000000 { dense(2) }\n}\n`).join('');
  const published = await client.open(uri('hundred.dlmodel'), text);
  assert.equal(published.diagnostics.filter((d) => d.code === 'DL306').length, 100);
  assert.match(await hoverOn('hundred.dlmodel', text, 'dense(2)'), /dense_1/);
});

test('40 nested repeat 2 blocks are checked and hover answers', hangGuard, async () => {
  const text = `model Deep {\n  input [4]\n${'repeat 2 {\n'.repeat(40)}`;
  const published = await client.open(uri('deep.dlmodel'), text);
  assert.ok(published.diagnostics.some((d) => d.code === 'DL203'));
  assert.match(await hoverOn('deep.dlmodel', text, 'repeat 2'), /\*\*repeat\*\* 2/);
});

test('repeat 99999999999999999999 { } and repeat 1000000 { activation(16) } are checked', hangGuard, async () => {
  const text = 'model Empty {\n  input [4]\n  repeat 99999999999999999999 { }\n  repeat 1000000 { activation(16) }\n  dense(2)\n}\n';
  const published = await client.open(uri('empty.dlmodel'), text);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['DL301']);
  assert.match(await hoverOn('empty.dlmodel', text, 'dense(2)'), /dense/);
});

test('the outline of a 20,000-line model is answered with every layer', hangGuard, async () => {
  const text = `model Long {\n  input [4]\n${'  relu()\n'.repeat(20_000)}}\n`;
  await client.open(uri('long.dlmodel'), text);
  const symbols = await client.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('long.dlmodel') } });
  assert.equal(symbols[0]!.children!.length, 20_001);
  assert.equal(symbols[0]!.children![20_000]!.name, 'relu_20000');
});
