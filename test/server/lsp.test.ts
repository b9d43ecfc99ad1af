// The language server over the real protocol: `dlmodel lsp --stdio` in a child process, spoken to
// with JSON-RPC. One test per feature, proving the wiring; the features' logic is tested in core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, positionAt, positionOf } from '../helpers/lsp-client';

const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-lsp-'));
mkdirSync(join(workspace, 'data'));
writeFileSync(join(workspace, 'data', 'points.csv'), 'x1,x2,label\n0,1,a\n1,0,b\n1,1,a\n0,0,b\n');
const uri = (name: string): string => pathToFileURL(join(workspace, name)).href;

const good = `model Net {
  input [2]
  hidden = dense(16, activation: relu)
  dense(3)
}

train {
  model: Net
  data: spirals(classes: 3)
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
}
`;

let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace, { vscodeCommands: true });
  await client.open(uri('good.dlmodel'), good);
});
after(async () => client.stop());

const doc = (name = 'good.dlmodel') => ({ textDocument: { uri: uri(name) } });

test('diagnostics are published with code, severity, range and related locations', async () => {
  const text = 'model M {\n  input [2]\n  dense(3)\n  dense(3)\n}\nmodel M {\n  input [64]\n  conv2d(8, 3)\n}\n';
  const published = await client.open(uri('broken.dlmodel'), text);
  const byCode = new Map(published.diagnostics.map((d) => [d.code, d]));
  const conv = byCode.get('DL401');
  assert.ok(conv);
  assert.equal(conv.severity, 1);
  assert.equal(conv.source, 'dlmodel');
  assert.deepEqual(conv.range, { start: { line: 7, character: 2 }, end: { line: 7, character: 14 } });
  const duplicate = byCode.get('DL308');
  assert.ok(duplicate?.relatedInformation?.[0]);
  assert.deepEqual(duplicate.relatedInformation[0].location.range.start, { line: 0, character: 6 });
});

test('incremental edits update the diagnostics', async () => {
  const name = 'edit.dlmodel';
  const first = await client.open(uri(name), 'model M {\n  input [2]\n  dense(3)\n}\n');
  assert.equal(first.diagnostics.length, 0);
  const broken = await client.change(uri(name), [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, text: 'desne' }]);
  assert.deepEqual(broken.diagnostics.map((d) => d.code), ['DL301']);
  assert.match(broken.diagnostics[0]!.message, /did you mean 'dense'/);
  const fixed = await client.change(uri(name), [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, text: 'dense' }]);
  assert.equal(fixed.diagnostics.length, 0);
});

test('hover shows the parameter formula with its numbers', async () => {
  const result = await client.request<lsp.Hover>('textDocument/hover', { ...doc(), position: positionOf(good, 'dense(16', 1) });
  const value = (result.contents as lsp.MarkupContent).value;
  assert.match(value, /\| parameters \| 2·16 \+ 16 = 48 \|/);
  assert.deepEqual(result.range?.start, positionOf(good, 'dense(16'));
});

test('completion offers activations after activation:', async () => {
  const text = 'model M {\n  input [2]\n  dense(3, activation: )\n}\n';
  await client.open(uri('complete.dlmodel'), text);
  const items = await client.request<lsp.CompletionItem[]>('textDocument/completion', { ...doc('complete.dlmodel'), position: positionOf(text, ')\n}') });
  assert.ok(items.some((i) => i.label === 'relu' && i.kind === 20 /* EnumMember */));
});

test('signature help shows the call and its active parameter', async () => {
  const help = await client.request<lsp.SignatureHelp>('textDocument/signatureHelp', { ...doc(), position: positionOf(good, 'activation: relu') });
  assert.equal(help.signatures[0]!.label, 'dense(units, activation: linear, bias: true, init: default, trainable: true, from: the previous output)');
  assert.equal(help.activeParameter, 1);
});

test('inlay hints show shapes and parameters at the end of each layer', async () => {
  const hints = await client.request<lsp.InlayHint[]>('textDocument/inlayHint', { ...doc(), range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [
    [2, '→ [16] · 48 params'],
    [3, '→ [3] · 51 params'],
  ]);
});

test('code lenses: totals and a Graph command on the model, a Train command on the train block', async () => {
  const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', doc());
  assert.equal(lenses.length, 3);
  assert.match(lenses[0]!.command!.title, /^99 params/);
  assert.equal(lenses[1]!.command!.title, '$(type-hierarchy) Graph');
  assert.deepEqual(lenses[1]!.command!.arguments, [uri('good.dlmodel'), 'Net']);
  assert.equal(lenses[2]!.command!.command, 'dlmodel.train');
  assert.deepEqual(lenses[2]!.command!.arguments, [uri('good.dlmodel'), null]);
});

test('a typo in an activation name keeps the inlay hints and the lens’s exact totals', async () => {
  const name = 'typo.dlmodel';
  const published = await client.open(uri(name), good.replace('activation: relu', 'activation: relux'));
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['DL312']);
  const hints = await client.request<lsp.InlayHint[]>('textDocument/inlayHint', { ...doc(name), range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } } });
  assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [
    [2, '→ [16] · 48 params'],
    [3, '→ [3] · 51 params'],
  ]);
  const lenses = await client.request<lsp.CodeLens[]>('textDocument/codeLens', doc(name));
  assert.match(lenses[0]!.command!.title, /^99 params · /);
});

test('document symbols give the outline', async () => {
  const symbols = await client.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', doc());
  assert.deepEqual(symbols.map((s) => s.name), ['Net', 'train']);
  assert.deepEqual(symbols[0]!.children!.map((s) => s.name), ['input', 'hidden', 'dense_2']);
});

test('folding ranges cover the blocks', async () => {
  const folds = await client.request<lsp.FoldingRange[]>('textDocument/foldingRange', doc());
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[0, 3], [6, 10]]);
});

test('formatting returns edits that give the canonical style', async () => {
  const text = 'model   M {\ninput [2]\n    dense( 3 )\n}\n';
  await client.open(uri('format.dlmodel'), text);
  const edits = await client.request<lsp.TextEdit[]>('textDocument/formatting', { ...doc('format.dlmodel'), options: { tabSize: 2, insertSpaces: true } });
  // Applied as a client would apply them, the edits must give exactly the canonical text.
  const formatted = TextDocument.applyEdits(TextDocument.create(uri('format.dlmodel'), 'dlmodel', 1, text), edits);
  assert.equal(formatted, 'model M {\n  input [2]\n  dense(3)\n}\n');
});

test("formatting follows the client's indentation options", async () => {
  // The server turns `insertSpaces`/`tabSize` into the indent (clamped to 1..8 spaces); check the
  // text each gives, applied as a client applies the edits.
  const text = 'model M {\ninput [2]\nrepeat 2 {\ndense(3)\n}\n}\n';
  await client.open(uri('indent.dlmodel'), text);
  const formatted = async (options: lsp.FormattingOptions): Promise<string> => {
    const edits = await client.request<lsp.TextEdit[]>('textDocument/formatting', { ...doc('indent.dlmodel'), options });
    return TextDocument.applyEdits(TextDocument.create(uri('indent.dlmodel'), 'dlmodel', 1, text), edits);
  };
  assert.equal(await formatted({ tabSize: 4, insertSpaces: false }), 'model M {\n\tinput [2]\n\trepeat 2 {\n\t\tdense(3)\n\t}\n}\n');
  assert.equal(await formatted({ tabSize: 4, insertSpaces: true }), 'model M {\n    input [2]\n    repeat 2 {\n        dense(3)\n    }\n}\n');
  assert.equal(await formatted({ tabSize: 0, insertSpaces: true }), 'model M {\n input [2]\n repeat 2 {\n  dense(3)\n }\n}\n');
});

test('code actions offer the quick fix of a diagnostic', async () => {
  const text = 'model M {\n  input [1, 8, 8]\n  dense(10)\n}\n';
  const published = await client.open(uri('fix.dlmodel'), text);
  const diagnostic = published.diagnostics.find((d) => d.code === 'DL405')!;
  const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { ...doc('fix.dlmodel'), range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.equal(actions[0]!.title, 'Insert flatten() before this layer');
  assert.equal(actions[0]!.kind, 'quickfix');
  assert.deepEqual(actions[0]!.edit!.changes![uri('fix.dlmodel')], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '  flatten()\n' }]);
});

test('go to definition, references and rename for a model name', async () => {
  const position = positionOf(good, 'model: Net', 8);
  const definition = await client.request<lsp.Location>('textDocument/definition', { ...doc(), position });
  assert.deepEqual(definition.range.start, { line: 0, character: 6 });
  const references = await client.request<lsp.Location[]>('textDocument/references', { ...doc(), position, context: { includeDeclaration: true } });
  assert.equal(references.length, 2);
  const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', { ...doc(), position });
  assert.equal(prepared.placeholder, 'Net');
  const rename = await client.request<lsp.WorkspaceEdit>('textDocument/rename', { ...doc(), position, newName: 'Spiral' });
  assert.equal(rename.changes![uri('good.dlmodel')]!.length, 2);
  await assert.rejects(client.request('textDocument/rename', { ...doc(), position, newName: 'model' }), /keyword/);
});

test('data files are read from the workspace; paths that escape it are refused', async () => {
  const text = (path: string) => `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: csv("${path}")\n  loss: cross_entropy\n  optimizer: adam()\n  batch: 2\n}\n`;
  assert.deepEqual((await client.open(uri('csv-ok.dlmodel'), text('data/points.csv'))).diagnostics, []);
  assert.deepEqual((await client.open(uri('csv-missing.dlmodel'), text('data/nope.csv'))).diagnostics.map((d) => d.code), ['DL510']);
  assert.deepEqual((await client.open(uri('csv-escape.dlmodel'), text('../../etc/passwd'))).diagnostics.map((d) => d.code), ['DL511']);
});

test('in an untrusted workspace no data file is read', async () => {
  const untrusted = await LspTestClient.start(workspace, { trusted: false });
  try {
    const published = await untrusted.open(uri('csv-ok.dlmodel'), `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: csv("data/points.csv")\n  loss: cross_entropy\n  optimizer: adam()\n}\n`);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['DL516', 3]]);
    assert.match(published.diagnostics[0]!.message, /needs a trusted workspace/);
    const trusted = untrusted.nextDiagnostics(uri('csv-ok.dlmodel'));
    await untrusted.connection.sendNotification('dlmodel/trustChanged', { trusted: true });
    assert.deepEqual((await trusted).diagnostics, []);
  } finally {
    await untrusted.stop();
  }
});

test('cancelled requests are answered or cancelled cleanly and the server stays up', async () => {
  const source = new CancellationTokenSource();
  const pending = client.connection.sendRequest('textDocument/hover', { ...doc(), position: positionOf(good, 'dense(16') }, source.token);
  source.cancel();
  await pending.then(
    () => undefined,
    (error: { code?: number }) => assert.equal(error.code, -32800),
  );
  const hover = await client.request<lsp.Hover | null>('textDocument/hover', { ...doc(), position: positionOf(good, 'dense(16') });
  assert.ok(hover);
});

test('random text and random edit sequences never kill the server', async () => {
  const name = 'fuzz.dlmodel';
  await client.open(uri(name), good);
  let text = good;
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const alphabet = ['(', ')', '{', '}', '[', ']', ',', ':', '=', '\n', ' ', '#', '"', 'dense', 'repeat', '1e', '-', 'é', '\u0000', '😀', 'model', 'train'];
  for (let i = 0; i < 150; i++) {
    const start = random(text.length + 1);
    const end = Math.min(text.length, start + random(6));
    const insert = Array.from({ length: random(4) }, () => alphabet[random(alphabet.length)]).join('');
    const range = { start: positionAt(text, start), end: positionAt(text, end) };
    text = text.slice(0, start) + insert + text.slice(end);
    await client.change(uri(name), [{ range, text: insert }]);
    const position = range.start;
    await Promise.all([
      client.request('textDocument/hover', { ...doc(name), position }),
      client.request('textDocument/completion', { ...doc(name), position }),
      client.request('textDocument/signatureHelp', { ...doc(name), position }),
    ]);
  }
  await Promise.all([
    client.request('textDocument/inlayHint', { ...doc(name), range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } } }),
    client.request('textDocument/documentSymbol', doc(name)),
    client.request('textDocument/foldingRange', doc(name)),
    client.request('textDocument/codeLens', doc(name)),
    client.request('textDocument/formatting', { ...doc(name), options: { tabSize: 2, insertSpaces: true } }),
  ]);
  assert.equal(client.process.exitCode, null, 'the server is still running');
  assert.doesNotMatch(client.stderr.join(''), /failed/);
});
