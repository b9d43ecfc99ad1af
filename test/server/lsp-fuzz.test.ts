// A seeded random-edit campaign over the real protocol: `dlmodel lsp --stdio` gets random
// incremental didChange edits of the examples, each followed by random requests at random
// positions. The server must publish diagnostics for every version (inside the text), answer every
// request, stay alive, and write no exception to stderr.
//   FUZZ_SEED=N FUZZ_RUNS=N node --test out/test/server/lsp-fuzz.test.js   (a bigger campaign)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../helpers/lsp-client';
import { fromRoot } from '../helpers/paths';

const seed = Number(process.env['FUZZ_SEED'] ?? 20240611);
const edits = Number(process.env['FUZZ_RUNS'] ?? 1000);

/** Mulberry32: the campaign's only source of randomness, so a seed replays it exactly. */
function generator(state: number): (n: number) => number {
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const fragments = [
  'model', 'train', 'input', 'repeat', 'residual', 'shortcut', '{', '}', '(', ')', '[', ']', ',', ':', '=', '\n', '\r\n', ' ', '\t', '#', '"',
  'dense(', 'conv2d(8, 3', 'flatten()', 'softmax()', 'relu', 'activation: ', 'repeat 2 {', 'x = ', 'loss: mse', 'data: ', 'epochs: ', '16', '0', '-1', '1e-3', '1e308', 'é', '😀', '\0', '\uD800',
];

const examples = readdirSync(fromRoot('examples')).filter((name) => name.endsWith('.dlmodel')).sort();
const workspace = mkdtempSync(join(tmpdir(), 'dlmodel-lsp-fuzz-'));
let client: LspTestClient;
before(async () => {
  client = await LspTestClient.start(workspace);
});
after(async () => client.stop());

/** An offset as an LSP position: lines end at \n, \r\n or a lone \r, as the protocol (and the server) count them. */
const positionAt = (text: string, offset: number): lsp.Position => TextDocument.create('file:///t', 'dlmodel', 0, text).positionAt(offset);

/** The end of a text as an LSP position. */
const endOf = (text: string): lsp.Position => positionAt(text, text.length);

/** An offset moved off the middle of a \r\n pair, which no LSP position can name. */
const notInsideCrlf = (text: string, offset: number): number => (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);

function assertInside(range: lsp.Range, text: string, what: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length, `${what}: ${JSON.stringify(range)} outside the text`);
  }
}

test(`LSP random-edit campaign (seed ${seed}, ${edits} edits)`, async () => {
  const random = generator(seed);
  let requests = 0;
  let version = 0;
  const perDocument = 40;
  let text = '';
  let uri = '';
  for (let i = 0; i < edits; i++) {
    if (i % perDocument === 0) {
      const name = examples[random(examples.length)]!;
      uri = pathToFileURL(join(workspace, `fuzz-${i}-${name}`)).href;
      text = readFileSync(fromRoot('examples', name), 'utf8');
      await client.open(uri, text);
    }
    const start = notInsideCrlf(text, random(text.length + 1));
    const end = Math.max(start, notInsideCrlf(text, Math.min(text.length, start + (random(3) === 0 ? random(60) : random(4)))));
    const insert = Array.from({ length: random(4) }, () => fragments[random(fragments.length)]!).join('');
    const range = { start: positionAt(text, start), end: positionAt(text, end) };
    text = text.slice(0, start) + insert + text.slice(end);
    const published = await client.change(uri, [{ range, text: insert }]);
    version++;
    for (const d of published.diagnostics) assertInside(d.range, text, `diagnostic ${String(d.code)}`);
    const position = positionAt(text, random(text.length + 1));
    const document = { textDocument: { uri } };
    const all: Array<Promise<unknown>> = [
      client.request('textDocument/hover', { ...document, position }),
      client.request('textDocument/completion', { ...document, position }),
      client.request('textDocument/signatureHelp', { ...document, position }),
      client.request('textDocument/references', { ...document, position, context: { includeDeclaration: true } }),
      client.request('textDocument/definition', { ...document, position }),
      client.request('textDocument/prepareRename', { ...document, position }),
      client.request('textDocument/codeAction', { ...document, range: { start: position, end: position }, context: { diagnostics: published.diagnostics } }),
    ];
    if (random(4) === 0) {
      all.push(
        client.request('textDocument/rename', { ...document, position, newName: 'renamed_1' }).catch((error: { code?: number }) => {
          // A refused rename is a ResponseError (InvalidRequest), not an internal error.
          assert.notEqual(error.code, -32603, `rename: internal error ${JSON.stringify(error)}`);
        }),
        client.request('textDocument/inlayHint', { ...document, range: { start: { line: 0, character: 0 }, end: endOf(text) } }),
        client.request('textDocument/documentSymbol', document),
        client.request('textDocument/foldingRange', document),
        client.request('textDocument/codeLens', document),
        client.request<lsp.TextEdit[] | null>('textDocument/formatting', { ...document, options: { tabSize: 2, insertSpaces: true } }).then((edits) => {
          for (const edit of edits ?? []) assertInside(edit.range, text, 'formatting edit');
        }),
      );
    }
    requests += all.length;
    await Promise.all(all);
    assert.equal(client.process.exitCode, null, 'the server is still running');
  }
  const stderr = client.stderr.join('');
  assert.doesNotMatch(stderr, /Error|\n\s+at /, 'no exception on stderr');
  console.log(`LSP campaign: seed ${seed}, ${edits} edits over ${Math.ceil(edits / perDocument)} documents, ${version} versions, ${requests} requests answered`);
});
