// The language server as editors other than VS Code drive it (Neovim, Helix, Emacs): raw JSON-RPC
// to `dlmodel lsp --stdio` with their client capabilities — no auto-closed brackets, no snippets,
// settings pushed rather than pulled, workspace folders added later, data files watched through a
// dynamic registration, and no VS Code commands.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { editorCapabilities, LspTestClient, positionOf } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-editors-'));
mkdirSync(join(workspace, 'data'));
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;
const doc = (name: string) => ({ textDocument: { uri: uri(name) } });

const csvModel = (path: string) => `model M {\n  input [2]\n  dense(2)\n}\ntrain quick {\n  data: csv("${path}")\n  loss: cross_entropy\n  optimizer: adam()\n  batch: 2\n}\n`;
const twoClasses = 'x1,x2,label\n0,1,a\n1,0,b\n1,1,a\n0,0,b\n';
const threeClasses = 'x1,x2,label\n0,1,a\n1,0,b\n1,1,c\n0,0,b\n';

/**
 * A guard against a hang only (each test takes well under a second): a server that never sends
 * what a test waits for fails it instead of stalling the suite.
 */
const hangGuard = { timeout: 120_000 };

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace, {}, { capabilities: editorCapabilities });
});
after(async () => {
  await client.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('completion and signature help inside a call left open at the end of the line', hangGuard, async () => {
  const text = 'model M {\n  input [2]\n  dense(4, activation: \n}\n';
  await client.open(uri('open-call.dlmodel'), text);
  const position = positionOf(text, ': \n', 2);
  const items = await client.request<lsp.CompletionItem[]>('textDocument/completion', { ...doc('open-call.dlmodel'), position });
  assert.deepEqual(items.map((i) => i.label), ['linear', 'relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'hardswish', 'relu6', 'tanh', 'sigmoid', 'hardsigmoid', 'softplus', 'softmax', 'logsoftmax']);
  const help = await client.request<lsp.SignatureHelp | null>('textDocument/signatureHelp', { ...doc('open-call.dlmodel'), position });
  assert.equal(help?.activeParameter, 1);
});

test('a client without snippet support gets plain text', hangGuard, async () => {
  const text = 'model M {\n  input [2]\n  \n}\n';
  await client.open(uri('plain.dlmodel'), text);
  const items = await client.request<lsp.CompletionItem[]>('textDocument/completion', { ...doc('plain.dlmodel'), position: { line: 2, character: 2 } });
  assert.ok(items.length > 10);
  for (const item of items) {
    assert.equal(item.insertTextFormat, 1 /* PlainText */, item.label);
    assert.doesNotMatch((item.textEdit as lsp.TextEdit).newText, /\$/, item.label);
  }
  assert.equal((items.find((i) => i.label === 'conv2d')?.textEdit as lsp.TextEdit).newText, 'conv2d(32, 3)');
  assert.equal((items.find((i) => i.label === 'repeat')?.textEdit as lsp.TextEdit).newText, 'repeat 2 {\n    \n  }');
});

test('a client with snippet support gets snippets', hangGuard, async () => {
  const snippets = await LspTestClient.start(workspace, {}, { capabilities: { ...editorCapabilities, textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
  try {
    const text = 'model M {\n  input [2]\n  \n}\n';
    await snippets.open(uri('plain.dlmodel'), text);
    const items = await snippets.request<lsp.CompletionItem[]>('textDocument/completion', { ...doc('plain.dlmodel'), position: { line: 2, character: 2 } });
    const conv = items.find((i) => i.label === 'conv2d');
    assert.equal(conv?.insertTextFormat, 2 /* Snippet */);
    assert.equal((conv?.textEdit as lsp.TextEdit).newText, 'conv2d(${1:32}, ${2:3})$0');
  } finally {
    await snippets.stop();
  }
});

test('code lenses: plain text and no command outside VS Code; the Train lens says how to train', hangGuard, async () => {
  await client.open(uri('lens.dlmodel'), csvModel('data/nothing.csv'));
  const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', doc('lens.dlmodel'));
  assert.deepEqual(
    lenses.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]),
    [
      ['6 params · 4 MACs · 24 B', '', undefined],
      ['Train quick M: dlmodel train lens.dlmodel --train quick', '', undefined],
    ],
  );
  const vscode = await LspTestClient.start(workspace, { vscodeCommands: true });
  try {
    await vscode.open(uri('lens.dlmodel'), csvModel('data/nothing.csv'));
    const [, graph, train] = await vscode.request<lsp.CodeLens[]>('textDocument/codeLens', doc('lens.dlmodel'));
    assert.deepEqual(graph?.command, { title: '$(type-hierarchy) Graph', command: 'dlmodel.showGraph', arguments: [uri('lens.dlmodel'), 'M'] });
    assert.deepEqual(train?.command, { title: '$(play) Train quick M', command: 'dlmodel.train', arguments: [uri('lens.dlmodel'), 'quick'] });
  } finally {
    await vscode.stop();
  }
});

test('settings pushed with workspace/didChangeConfiguration take effect', hangGuard, async () => {
  const text = 'model M {\n  input [2]\n  dense(3)\n}\n';
  await client.open(uri('hints.dlmodel'), text);
  const hints = () => client.request<lsp.InlayHint[]>('textDocument/inlayHint', { ...doc('hints.dlmodel'), range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
  assert.equal((await hints()).length, 1);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dlmodel: { inlayHints: { enabled: false } } } });
  assert.deepEqual(await hints(), []);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dlmodel: { inlayHints: { enabled: true } } } });
  assert.equal((await hints()).length, 1);
  // A push without a dlmodel section (another server's settings) changes nothing.
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { rust: {} } });
  assert.equal((await hints()).length, 1);
});

test('a workspace folder added later is where its files read data from', hangGuard, async () => {
  const project = mkdtempSync(join(tmpdir(), 'dlmodel-added-folder-'));
  try {
    mkdirSync(join(project, 'data'));
    mkdirSync(join(project, 'models'));
    writeFileSync(join(project, 'data', 'points.csv'), twoClasses);
    const model = pathToFileURL(join(project, 'models', 'net.dlmodel')).href;
    const before = await client.open(model, csvModel('../data/points.csv'));
    assert.deepEqual(before.diagnostics.map((d) => d.code), ['DL511'], 'outside every folder, the file`s own folder is the root');
    const added = client.nextDiagnostics(model);
    const folder = { uri: pathToFileURL(project).href, name: 'project' };
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    assert.deepEqual((await added).diagnostics, []);
    const removed = client.nextDiagnostics(model);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    assert.deepEqual((await removed).diagnostics.map((d) => d.code), ['DL511']);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('the data files a document reads are watched; a change on disk re-checks it', hangGuard, async () => {
  const csv = join(workspace, 'data', 'watched.csv');
  writeFileSync(csv, twoClasses);
  const name = 'watched.dlmodel';
  assert.deepEqual((await client.open(uri(name), csvModel('data/watched.csv'))).diagnostics, []);
  const isWatched = (options: unknown) => (options as lsp.DidChangeWatchedFilesRegistrationOptions).watchers.some((w) => JSON.stringify(w.globPattern) === JSON.stringify({ baseUri: pathToFileURL(join(workspace, 'data')).href, pattern: 'watched.csv' }));
  await client.registration('workspace/didChangeWatchedFiles', isWatched);

  // Same size and the same modification time: only the watcher's event can tell the bytes changed.
  const { mtime } = statSync(csv);
  writeFileSync(csv, threeClasses);
  utimesSync(csv, mtime, mtime);
  const changed = client.nextDiagnostics(uri(name));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(csv).href, type: 2 /* Changed */ }] });
  assert.deepEqual((await changed).diagnostics.map((d) => d.code), ['DL505']);

  // A missing file is watched too: creating it fixes the DL510.
  const missing = 'created.dlmodel';
  assert.deepEqual((await client.open(uri(missing), csvModel('data/later.csv'))).diagnostics.map((d) => d.code), ['DL510']);
  await client.registration('workspace/didChangeWatchedFiles', (options) => (options as lsp.DidChangeWatchedFilesRegistrationOptions).watchers.some((w) => JSON.stringify(w.globPattern).includes('later.csv')));
  writeFileSync(join(workspace, 'data', 'later.csv'), twoClasses);
  const created = client.nextDiagnostics(uri(missing));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('data/later.csv'), type: 1 /* Created */ }] });
  assert.deepEqual((await created).diagnostics, []);
});

test('a client without dynamic registration for watched files is asked for none', hangGuard, async () => {
  const capabilities = { ...editorCapabilities, workspace: { workspaceFolders: true } };
  const neovim07 = await LspTestClient.start(workspace, {}, { capabilities });
  try {
    writeFileSync(join(workspace, 'data', 'quiet.csv'), twoClasses);
    assert.deepEqual((await neovim07.open(uri('quiet.dlmodel'), csvModel('data/quiet.csv'))).diagnostics, []);
    // A request answered after the open proves the server has handled it (messages are in order).
    await neovim07.request('textDocument/hover', { ...doc('quiet.dlmodel'), position: { line: 0, character: 0 } });
    assert.deepEqual(neovim07.registrations, []);
  } finally {
    await neovim07.stop();
  }
});
