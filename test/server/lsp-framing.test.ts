// Broken framing over the real stdio protocol: after a message whose Content-Length is wrong
// (too short, too long, not a number, negative, huge) or missing, or after stray bytes, the server
// resynchronises at the next header and answers the next valid request. Bytes are written raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frame, RawLspProcess } from '../helpers/raw-lsp';

const body = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere/a.dlmodel' }, position: { line: 0, character: 0 } } });
const header = (length: string | number): string => `Content-Length: ${length}\r\n\r\n`;
const valid = (id: number): Buffer => frame({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere/b.dlmodel' }, position: { line: 0, character: 0 } } });

/** Each case: the broken bytes, written before a valid request (id 2). */
const cases: readonly { readonly name: string; readonly bytes: string }[] = [
  { name: 'Content-Length too short', bytes: header(10) + body(1) },
  { name: 'Content-Length too long', bytes: header(body(1).length + 40) + body(1) },
  { name: 'Content-Length not a number', bytes: header('ten') + body(1) },
  { name: 'Content-Length negative', bytes: header(-5) + body(1) },
  { name: 'Content-Length huge', bytes: header('99999999999999999999') + body(1) },
  { name: 'Content-Length empty', bytes: header('') + body(1) },
  { name: 'Content-Length fractional', bytes: header('12.5') + body(1) },
  { name: 'no Content-Length header', bytes: `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body(1)}` },
  { name: 'a header line without a colon', bytes: `Content-Length ${body(1).length}\r\n\r\n${body(1)}` },
  { name: 'a body that is not JSON', bytes: header(12) + '{"jsonrpc":,' },
  { name: 'stray bytes between messages', bytes: 'hello\r\n\r\n\u0000\u00ff garbage' },
  { name: 'a bare newline-framed body', bytes: `${body(1)}\n` },
];

for (const broken of cases) {
  test(`after ${broken.name}, the next valid request is answered`, { timeout: 120_000 }, async () => {
    const server = new RawLspProcess();
    try {
      await server.initialize();
      server.write(broken.bytes);
      server.write(valid(2));
      const answer = await server.response(2);
      assert.equal(answer.error, undefined, JSON.stringify(answer));
      // And it stays in sync: a third request, written in its own chunk, is answered too.
      server.write(valid(3));
      await server.response(3);
      assert.match(server.stderr, /^dlmodel lsp: dropped \d+ bytes of input: .+ — reading on from the next Content-Length header$/m);
      assert.doesNotMatch(server.stderr, /\n\s+at /, 'no stack trace on stderr');
    } finally {
      server.stop();
    }
  });
}

test('a broken message and a valid one in a single write: the valid one is answered', { timeout: 120_000 }, async () => {
  const server = new RawLspProcess();
  try {
    await server.initialize();
    server.write(Buffer.concat([Buffer.from(header(body(1).length + 200) + body(1)), valid(2), Buffer.from(header('x') + body(3)), valid(4)]));
    await server.response(2);
    await server.response(4);
  } finally {
    server.stop();
  }
});
