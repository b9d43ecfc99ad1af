import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSource } from '../../../core/syntax';

const encoder = new TextEncoder();

test('valid UTF-8 decodes without diagnostics, astral characters included', () => {
  const text = 'model Café { # 😀 ✓\n  input [2]\n}\n';
  const decoded = decodeSource(encoder.encode(text));
  assert.equal(decoded.text, text);
  assert.deepEqual(decoded.diagnostics, []);
});

test('a leading BOM is dropped, as editors do', () => {
  const decoded = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]));
  assert.equal(decoded.text, 'a');
  assert.deepEqual(decoded.diagnostics, []);
});

test('invalid bytes give ONE DL105 naming the first bad byte offset, and U+FFFD in the text', () => {
  const bytes = new Uint8Array([0x61, 0x62, 0xe9, 0x63, 0xff, 0x64]);
  const decoded = decodeSource(bytes);
  assert.equal(decoded.text, 'ab\uFFFDc\uFFFDd');
  assert.equal(decoded.diagnostics.length, 1);
  const [diagnostic] = decoded.diagnostics;
  assert.equal(diagnostic?.code, 'DL105');
  assert.deepEqual(diagnostic?.range, { start: 2, end: 3 });
  assert.match(diagnostic?.message ?? '', /byte 0xE9 at byte offset 2/);
  assert.match(diagnostic?.message ?? '', /2 invalid sequences/);
});

test('overlong forms, surrogates, out-of-range and truncated sequences are rejected like TextDecoder', () => {
  const cases = [
    [0xc0, 0xaf], // overlong '/'
    [0xe0, 0x80, 0xaf], // overlong
    [0xed, 0xa0, 0x80], // a UTF-16 surrogate
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0xf0, 0x9f, 0x98], // truncated emoji at the end
    [0xe2, 0x82, 0x41], // truncated in the middle
    [0x80], // a lone continuation byte
  ];
  const reference = new TextDecoder('utf-8');
  for (const bytes of cases) {
    const array = new Uint8Array(bytes);
    const decoded = decodeSource(array);
    assert.equal(decoded.text, reference.decode(array), bytes.join(','));
    assert.deepEqual(decoded.diagnostics.map((d) => d.code), ['DL105']);
  }
});

test('a NUL byte says the file looks binary', () => {
  const decoded = decodeSource(new Uint8Array([0x61, 0x00, 0x62]));
  assert.equal(decoded.text, 'a\0b');
  assert.equal(decoded.diagnostics.length, 1);
  assert.match(decoded.diagnostics[0]?.message ?? '', /looks like binary data.*byte offset 1/);
});

test('decoding agrees with TextDecoder on random bytes', () => {
  const reference = new TextDecoder('utf-8', { ignoreBOM: false });
  const strict = new TextDecoder('utf-8', { fatal: true });
  const isValid = (bytes: Uint8Array): boolean => {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const decoded = decodeSource(bytes);
      assert.equal(decoded.text, reference.decode(bytes));
      assert.ok(decoded.diagnostics.length <= 1);
      const invalid = !isValid(bytes) || bytes.includes(0);
      assert.equal(decoded.diagnostics.length, invalid ? 1 : 0);
      for (const d of decoded.diagnostics) assert.ok(d.range.end <= decoded.text.length);
    }),
    { numRuns: 500 },
  );
});

test('a large file decodes in chunks', () => {
  const text = 'dense(16, activation: relu) # ✓ 😀\n'.repeat(20000);
  assert.equal(decodeSource(encoder.encode(text)).text, text);
});
