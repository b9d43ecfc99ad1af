// The stdio re-framing stream in process: for any mix of valid frames and broken ones (wrong,
// missing or non-numeric Content-Length, stray bytes), cut into chunks anywhere, exactly the valid
// messages come out, in order, each framed with its exact length. FUZZ_RUNS=N runs a bigger campaign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameResynchronizer } from '../../server/stdio-framing';

/** Feeds the chunks through a stream and returns the bodies it emits, and its reports. */
function reframe(chunks: readonly Buffer[]): { bodies: string[]; reports: string[] } {
  const reports: string[] = [];
  const frames = new FrameResynchronizer((message) => reports.push(message));
  let rest = Buffer.concat(chunks.flatMap((chunk) => frames.feed(chunk)));
  const bodies: string[] = [];
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    const match = /^Content-Length: (\d+)$/.exec(rest.subarray(0, end).toString('ascii'));
    assert.ok(match, `emitted a well-formed header: ${JSON.stringify(rest.subarray(0, 40).toString())}`);
    const length = Number(match[1]);
    bodies.push(rest.subarray(end + 4, end + 4 + length).toString('utf8'));
    rest = rest.subarray(end + 4 + length);
  }
  return { bodies, reports };
}

/** Message bodies with text that looks like framing inside strings, and non-ASCII text. */
const body = fc
  .record({ id: fc.nat(1000), text: fc.array(fc.constantFrom('a', 'é', '😀', 'Content-Length: 12', '\r\n\r\n', '\\', '"', '{', '}', ':'), { maxLength: 6 }) })
  .map(({ id, text }) => JSON.stringify({ jsonrpc: '2.0', id, method: 'm', params: { text: text.join('') } }));

type Item = { readonly kind: 'valid'; readonly body: string; readonly contentType: boolean } | { readonly kind: 'broken'; readonly bytes: Buffer };

const valid = fc.record({ kind: fc.constant('valid' as const), body, contentType: fc.boolean() });
const header = (length: string): string => `Content-Length: ${length}\r\n\r\n`;
const broken = fc.oneof(
  fc.tuple(body, fc.integer({ min: -30, max: 60 })).map(([b, delta]) => header(String(Math.max(0, Buffer.byteLength(b) + (delta === 0 ? 1 : delta)))) + b),
  fc.tuple(body, fc.constantFrom('ten', '-5', '', '1e3', '12.5', '99999999999999999999', '0x10')).map(([b, length]) => header(length) + b),
  body.map((b) => `Content-Type: application/json\r\n\r\n${b}`),
  body.map((b) => `${b}\n`),
  fc.string({ unit: 'binary', maxLength: 30 }),
).map((text): Item => ({ kind: 'broken', bytes: Buffer.from(text, 'utf8') }));

function bytesOf(item: Item): Buffer {
  if (item.kind === 'broken') return item.bytes;
  const content = Buffer.from(item.body, 'utf8');
  return Buffer.concat([Buffer.from(`${item.contentType ? 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' : ''}Content-Length: ${content.length}\r\n\r\n`, 'ascii'), content]);
}

/** Cuts bytes at the given relative positions. */
function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((a) => Math.floor(a * bytes.length)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

test('valid frames pass through unchanged, in any chunking', () => {
  fc.assert(
    fc.property(fc.array(valid, { minLength: 1, maxLength: 6 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (items, at) => {
      const { bodies, reports } = reframe(cut(Buffer.concat(items.map(bytesOf)), at));
      assert.deepEqual(bodies, items.map((i) => i.body));
      assert.deepEqual(reports, []);
    }),
    { numRuns: 300 },
  );
});

test('after any broken frame or stray bytes, every later valid frame comes out, in any chunking', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(valid, broken), { maxLength: 8 }), fc.array(valid, { minLength: 1, maxLength: 2 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (mixed, tail, at) => {
      const { bodies } = reframe(cut(Buffer.concat([...mixed, ...tail].map(bytesOf)), at));
      const expected = [...mixed, ...tail].flatMap((item) => (item.kind === 'valid' ? [item.body] : []));
      assert.deepEqual(bodies, expected);
      for (const emitted of bodies) JSON.parse(emitted);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
  );
});

test('each broken frame is reported with one line saying what was dropped', () => {
  const good = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'm' });
  const { bodies, reports } = reframe([Buffer.from(`${header('ten')}${good}${header(String(good.length))}${good}`)]);
  assert.deepEqual(bodies, [good]);
  assert.equal(reports.length, 1);
  assert.match(reports[0]!, /^dlmodel lsp: dropped \d+ bytes of input: Content-Length "ten" \(not a byte count up to \d+\) — reading on from the next Content-Length header$/);
});

test('a long body in many chunks is joined once, and a wrong length is found in the chunk that shows it', () => {
  const text = 'x'.repeat(200_000);
  const big = JSON.stringify({ jsonrpc: '2.0', method: 'didOpen', params: { text } });
  const bytes = Buffer.from(header(String(big.length)) + big);
  const chunks = cut(bytes, Array.from({ length: 400 }, (_, i) => i / 400));
  assert.deepEqual(reframe(chunks).bodies, [big]);
  const wrong = Buffer.from(header(String(big.length + 1_000_000)) + big + header(String(big.length)) + big);
  assert.deepEqual(reframe(cut(wrong, Array.from({ length: 800 }, (_, i) => i / 800))).bodies, [big]);
});
