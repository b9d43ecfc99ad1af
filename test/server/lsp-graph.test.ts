// The `dlmodel/graph` request over the real protocol: `dlmodel lsp --stdio` in a child process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphRequestResult } from '../../protocol/graph-messages';
import { LspTestClient } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-lsp-graph-'));
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;
const text = 'model A {\n  input [4]\n  hidden = dense(8)\n  dense(3)\n}\nmodel B {\n  input [2]\n  dense(2)\n}\n';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace, { vscodeCommands: true });
  await client.open(uri('two.dlmodel'), text);
});
after(async () => client.stop());

test('dlmodel/graph answers with the view of the model asked for, by name or by cursor', async () => {
  const byName = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri('two.dlmodel') }, model: 'A' });
  assert.deepEqual(byName.models, ['A', 'B']);
  assert.equal(byName.version, 1);
  assert.deepEqual(byName.view?.nodes.map((n) => `${n.name} ${n.shape}`), ['input [4]', 'hidden [8]', 'dense_2 [3]']);
  const byCursor = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri('two.dlmodel') }, offset: text.indexOf('dense(2)') });
  assert.equal(byCursor.view?.model, 'B');
  // A name that is gone (the user renamed the model) falls back to the cursor's model.
  const renamed = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri('two.dlmodel') }, model: 'Gone', offset: 0 });
  assert.equal(renamed.view?.model, 'A');
});

test('dlmodel/graph follows edits: a shape error appears on its node in the next answer', async () => {
  const name = 'edit.dlmodel';
  await client.open(uri(name), 'model M {\n  input [4]\n  dense(8)\n  dense(2)\n}\n');
  const before = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri(name) } });
  assert.deepEqual(before.view?.nodes.flatMap((n) => n.diagnostics), []);
  await client.change(uri(name), [{ range: { start: { line: 3, character: 2 }, end: { line: 3, character: 10 } }, text: 'conv2d(2, 3)' }]);
  const after = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri(name) } });
  assert.equal(after.version, 2);
  const broken = after.view?.nodes.find((n) => n.kind === 'conv2d');
  assert.deepEqual(broken?.diagnostics.map((d) => d.code), ['DL401']);
});

test('dlmodel/graph on an unknown document, a document without a model, and hostile params answers without failing', async () => {
  assert.equal(await client.request('dlmodel/graph', { textDocument: { uri: uri('never-opened.dlmodel') } }), null);
  await client.open(uri('empty.dlmodel'), '# nothing here\n');
  const empty = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri('empty.dlmodel') } });
  assert.deepEqual([empty.view, empty.models], [null, []]);
  const hostile = await client.request<GraphRequestResult>('dlmodel/graph', { textDocument: { uri: uri('two.dlmodel') }, model: { toString: 1 }, offset: 'x' });
  assert.equal(hostile.view?.model, 'A');
});
