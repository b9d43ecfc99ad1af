// `sweep:` as a catalog train key, over the real protocol (`dlmodel lsp --stdio` in a child
// process): hover on the key, on grid/random and on their fixed sub-keys, and completion of the
// key, of its two forms and of their sub-keys — all read from the catalog (core/analysis/catalog/sweeps.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { LspTestClient, positionOf } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-lsp-sweep-'));
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;

const swept = `model Net {
  input [2]
  hidden = dense(16, activation: relu)
  dense(2)
}

train {
  data: moons(points: 200)
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  sweep: random(4, lr: [0.001, 0.01], hidden.units: [8, 16], metric: val_accuracy)
}
`;

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace);
  const published = await client.open(uri('swept.dlmodel'), swept);
  assert.deepEqual(published.diagnostics, [], 'the sweep checks clean');
});
after(async () => client.stop());

async function hoverText(name: string, text: string, marker: string, delta = 1): Promise<string> {
  const result = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: positionOf(text, marker, delta) });
  assert.ok(result, `a hover at ${marker}`);
  return (result.contents as lsp.MarkupContent).value;
}

async function completionLabels(name: string, text: string, marker: string, delta = 0): Promise<string[]> {
  await client.open(uri(name), text);
  const result = await client.request<lsp.CompletionItem[] | lsp.CompletionList>('textDocument/completion', { textDocument: { uri: uri(name) }, position: positionOf(text, marker, delta) });
  return (Array.isArray(result) ? result : result.items).map((i) => i.label);
}

test('hover on sweep: says what the key does, with its two forms', async () => {
  const value = await hoverText('swept.dlmodel', swept, 'sweep:');
  assert.match(value, /sweep/);
  assert.match(value, /grid\(key: \[values\]/);
  assert.match(value, /random\(n, key: \[values\]/);
  assert.match(value, /layer\.argument/);
});

test('hover on random and on its sub-keys metric and lr: their documentation from the catalog', async () => {
  assert.match(await hoverText('swept.dlmodel', swept, 'random('), /distinct combinations/);
  const metric = await hoverText('swept.dlmodel', swept, 'metric:');
  assert.match(metric, /val_loss/);
  assert.match(metric, /ranked by/);
  assert.match(await hoverText('swept.dlmodel', swept, 'lr: [0.001'), /learning rate, whichever optimizer/);
});

test('completion offers sweep among the train keys, grid and random as its value, and its sub-keys inside', async () => {
  const atKey = 'train {\n  data: moons()\n  loss: cross_entropy\n  optimizer: adam()\n  \n}\n';
  assert.ok((await completionLabels('key.dlmodel', atKey, '  \n}', 2)).includes('sweep'), 'sweep is a train key');
  const atValue = 'train {\n  data: moons()\n  loss: cross_entropy\n  optimizer: adam()\n  sweep: \n}\n';
  const values = await completionLabels('value.dlmodel', atValue, 'sweep: ', 'sweep: '.length);
  assert.ok(values.includes('grid') && values.includes('random'), values.join(', '));
  const inside = 'train {\n  data: moons()\n  loss: cross_entropy\n  optimizer: adam()\n  sweep: grid(lr: [0.01, 0.1], )\n}\n';
  const subKeys = await completionLabels('inside.dlmodel', inside, ', )', 2);
  assert.ok(subKeys.includes('metric:'), subKeys.join(', '));
  assert.ok(!subKeys.includes('lr:'), 'lr is swept already');
});

test('early_stop: halving is hovered and completed from the catalog, and its arguments are checked', async () => {
  const halved = swept.replace('metric: val_accuracy)', 'metric: val_accuracy, early_stop: halving(grace_period: 2))');
  const published = await client.open(uri('halved.dlmodel'), halved);
  assert.deepEqual(published.diagnostics, [], 'the halving sweep checks clean');
  assert.match(await hoverText('halved.dlmodel', halved, 'early_stop:'), /drops late learners/);
  assert.match(await hoverText('halved.dlmodel', halved, 'halving('), /Successive halving/);
  assert.match(await hoverText('halved.dlmodel', halved, 'grace_period'), /first rung/);
  const atValue = halved.replace('halving(grace_period: 2)', '');
  assert.ok((await completionLabels('halving-value.dlmodel', atValue, 'early_stop: ', 'early_stop: '.length)).includes('halving'));
  const inside = halved.replace('halving(grace_period: 2)', 'halving()');
  const args = await completionLabels('halving-args.dlmodel', inside, 'halving()', 'halving('.length);
  assert.ok(args.includes('grace_period:') && args.includes('reduction_factor:'), args.join(', '));
  const wrong = await client.open(uri('halving-wrong.dlmodel'), halved.replace('grace_period: 2', 'reduction_factor: 1'));
  assert.deepEqual(wrong.diagnostics.map((d) => d.code), ['DL306']);
});
