// `dlmodel/modelDiff` over the real protocol: the editor's *Compare Model with…* asks the server to
// diff the open (unsaved) text against another text; the answer is the CLI's --json report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { loadSchema, schemaErrors } from '../helpers/json-schema';
import { modelDiffRequest, type ModelDiffParams, type ModelDiffResult } from '../../protocol/lsp-requests';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-diff-'));
const uri = pathToFileURL(join(workspace, 'net.dlmodel')).href;
const committed = 'model Net {\n  input [4]\n  hidden = dense(8, activation: relu)\n  dense(2)\n}\n';
const edited = 'model Net {\n  input [4]\n  hidden = dense(16, activation: relu)\n  dropout(0.1)\n  dense(2)\n}\n';

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace);
  await client.open(uri, edited);
});
after(async () => client.stop());

const ask = (params: Omit<ModelDiffParams, 'textDocument' | 'label'>): Promise<ModelDiffResult | null> =>
  client.connection.sendRequest(modelDiffRequest, { textDocument: { uri }, label: 'net.dlmodel (unsaved)', ...params });

test('the open text is diffed against the other text, as dlmodel diff --json reports it', async () => {
  const result = await ask({ otherText: committed, otherLabel: 'HEAD' });
  assert.ok(result && 'report' in result, JSON.stringify(result));
  assert.equal(schemaErrors(loadSchema('diff-report'), result.report), '');
  const rows = result.report.layers.map((l) => `${l.change} ${(l.after ?? l.before)!.name} ${l.paramsDelta}`);
  // hidden 4·8+8 = 40 → 4·16+16 = 80; the output layer 8·2+2 = 18 → 16·2+2 = 34.
  assert.deepEqual(rows, ['changed hidden 40', 'added dropout_1 0', 'changed dense_2 16']);
  assert.deepEqual([result.report.before.file, result.report.after.file], ['HEAD', 'net.dlmodel (unsaved)']);
});

test('a text without a model gets a reason, and hostile input does not break the server', async () => {
  const none = await ask({ otherText: '# nothing here\n', otherLabel: 'HEAD' });
  assert.deepEqual(none, { problem: 'HEAD has no model to compare' });
  const hostile = await client.connection.sendRequest(modelDiffRequest, { textDocument: { uri }, otherText: 42, otherLabel: {}, label: null });
  assert.deepEqual(hostile, { problem: 'nothing to compare with' });
  const deep = await ask({ otherText: `model M {\n  input [2]\n${'  repeat 2 {\n'.repeat(500)}`, otherLabel: 'HEAD' });
  assert.ok(deep !== null);
  assert.ok(await ask({ otherText: committed, otherLabel: 'HEAD' }), 'the server still answers');
});
