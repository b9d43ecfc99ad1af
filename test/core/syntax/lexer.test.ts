import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lex, type Token } from '../../../core/syntax';
import { assertDiagnosticsSane, assertTokensTile } from './syntax-helpers';

/** `kind:text` for each token except the final eof. */
function kinds(text: string): string[] {
  return lex(text)
    .tokens.filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.text}`);
}

function codes(text: string): string[] {
  return lex(text).diagnostics.map((d) => d.code);
}

function only(text: string): Token {
  const tokens = lex(text).tokens;
  assert.equal(tokens.length, 2, `expected one token for ${JSON.stringify(text)}, got ${tokens.map((t) => t.kind).join(',')}`);
  return tokens[0] as Token;
}

test('tokens tile tricky inputs exactly', () => {
  const inputs = [
    '',
    ' ',
    '\n',
    '\r\n',
    '\r',
    '\r\r\n',
    '\uFEFF',
    '\uFEFFmodel',
    'a\uFEFFb',
    '"',
    '"\\',
    '"\\\n',
    '"abc\\q"',
    '#',
    '# comment\r\n',
    '-',
    '-.',
    '.',
    '1e',
    '1e+',
    '-.5e-3',
    '@@@ ## \u00e9\u00e9',
    '\uD83D\uDE00\uD800x\uDC00',
    '\0\0\0',
    'model M { input [2] dense(3) }',
    'x=1;y=2,z:[3](4){5}',
  ];
  for (const input of inputs) {
    const { tokens, diagnostics } = lex(input);
    assertTokensTile(input, tokens);
    assertDiagnosticsSane(diagnostics, input.length);
  }
});

test('keywords, identifiers and punctuation', () => {
  assert.deepEqual(kinds('model train input repeat residual shortcut true false'), [
    'keyword:model', 'whitespace: ', 'keyword:train', 'whitespace: ', 'keyword:input', 'whitespace: ', 'keyword:repeat', 'whitespace: ',
    'keyword:residual', 'whitespace: ', 'keyword:shortcut', 'whitespace: ', 'keyword:true', 'whitespace: ', 'keyword:false',
  ]);
  assert.deepEqual(kinds('_a1 Model dense2d'), ['identifier:_a1', 'whitespace: ', 'identifier:Model', 'whitespace: ', 'identifier:dense2d']);
  assert.deepEqual(kinds('{}()[],:=;'), ['{', '}', '(', ')', '[', ']', ',', ':', '=', ';'].map((p) => `punctuation:${p}`));
});

test('every well-formed number form is one number token without diagnostics', () => {
  for (const written of ['42', '-3', '0.5', '.5', '-.5', '1.', '1e-3', '2.5E+4', '1_000', '1_000.000_1', '1e1_0', '007', '0']) {
    const token = only(written);
    assert.equal(token.kind, 'number', written);
    assert.deepEqual(codes(written), [], written);
  }
});

test('malformed numbers are one token with one DL103 each', () => {
  for (const written of ['1__0', '1_', '1e', '1e+', '1.2.3', '12abc', '0x1F', '1_.5', '1._5', '1e_3', '2.5e3.1', '-1__0']) {
    const token = only(written);
    assert.equal(token.kind, 'number', written);
    const { diagnostics } = lex(written);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['DL103'],
      written,
    );
    assert.deepEqual(diagnostics[0]?.range, { start: 0, end: written.length });
    assert.match(diagnostics[0]?.message ?? '', /Malformed number/);
  }
  assert.match(lex('1__0').diagnostics[0]?.message ?? '', /'_' may only stand between two digits/);
  assert.match(lex('1e').diagnostics[0]?.message ?? '', /exponent needs digits/);
  assert.match(lex('1.2.3').diagnostics[0]?.message ?? '', /at most one '\.'/);
  assert.match(lex('12abc').diagnostics[0]?.message ?? '', /letters/);
  assert.match(lex('0x1F').diagnostics[0]?.message ?? '', /hexadecimal/);
});

test('number boundaries: signs, dots and neighbours', () => {
  assert.deepEqual(kinds('16-3'), ['number:16', 'number:-3']);
  assert.deepEqual(kinds('- 3'), ['unknown:-', 'whitespace: ', 'number:3']);
  assert.deepEqual(kinds('x-1'), ['identifier:x', 'number:-1']);
  assert.deepEqual(kinds('x.5'), ['identifier:x', 'number:.5']);
  assert.deepEqual(kinds('1e-3)'), ['number:1e-3', 'punctuation:)']);
  assert.deepEqual(kinds('[3,5]'), ['punctuation:[', 'number:3', 'punctuation:,', 'number:5', 'punctuation:]']);
  assert.deepEqual(kinds('-.x'), ['unknown:-.', 'identifier:x']);
  assert.deepEqual(kinds('1e+3+4'), ['number:1e+3', 'unknown:+', 'number:4']);
});

test('strings: escapes, invalid escapes, unterminated', () => {
  assert.deepEqual(kinds('"a\\"b\\\\c\\nd\\te"'), ['string:"a\\"b\\\\c\\nd\\te"']);
  assert.deepEqual(codes('"a\\"b\\\\c\\nd\\te"'), []);

  const invalid = lex('"a\\qb\\xc"');
  assert.deepEqual(invalid.tokens.map((t) => t.kind), ['string', 'eof']);
  assert.deepEqual(
    invalid.diagnostics.map((d) => [d.code, d.range.start, d.range.end]),
    [
      ['DL104', 2, 4],
      ['DL104', 5, 7],
    ],
  );
  assert.match(invalid.diagnostics[0]?.message ?? '', /Invalid escape '\\q'/);

  // The string stops before the newline, which stays a newline token.
  const open = lex('"abc\nnext');
  assert.deepEqual(open.tokens.map((t) => `${t.kind}:${t.text}`), ['string:"abc', 'newline:\n', 'identifier:next', 'eof:']);
  assert.deepEqual(open.diagnostics.map((d) => [d.code, d.range.start, d.range.end]), [['DL102', 0, 4]]);
  assert.match(open.diagnostics[0]?.message ?? '', /end of the line/);

  const crlf = lex('"abc\r\n');
  assert.deepEqual(crlf.tokens.map((t) => t.kind), ['string', 'newline', 'eof']);
  assert.equal(crlf.tokens[0]?.text, '"abc');

  const atEnd = lex('"abc\\');
  assert.deepEqual(atEnd.tokens.map((t) => t.kind), ['string', 'eof']);
  assert.match(atEnd.diagnostics[0]?.message ?? '', /end of the file/);

  // An escaped quote does not close the string; the escape of an astral character keeps the pair whole.
  assert.deepEqual(codes('"\\"'), ['DL102']);
  assert.deepEqual(lex('"\\\uD83D\uDE00"').diagnostics.map((d) => [d.code, d.range.end - d.range.start]), [['DL104', 3]]);
});

test('comments run to the end of the line, excluding the line break', () => {
  assert.deepEqual(kinds('# hi\r\nx # there'), ['comment:# hi', 'newline:\r\n', 'identifier:x', 'whitespace: ', 'comment:# there']);
  assert.deepEqual(kinds('#a\rb\n'), ['comment:#a\rb', 'newline:\n']);
});

test('a leading BOM is whitespace; a BOM elsewhere is unexpected', () => {
  assert.deepEqual(kinds('\uFEFF model'), ['whitespace:\uFEFF ', 'keyword:model']);
  assert.deepEqual(codes('\uFEFFmodel'), []);
  assert.deepEqual(codes('a\uFEFF'), ['DL101']);
  assert.match(lex('a\uFEFF').diagnostics[0]?.message ?? '', /U\+FEFF/);
});

test('CRLF and LF are newlines; a lone CR is unexpected', () => {
  assert.deepEqual(kinds('a\r\nb\nc'), ['identifier:a', 'newline:\r\n', 'identifier:b', 'newline:\n', 'identifier:c']);
  const lone = lex('a\rb');
  assert.deepEqual(lone.tokens.map((t) => t.kind), ['identifier', 'unknown', 'identifier', 'eof']);
  assert.match(lone.diagnostics[0]?.message ?? '', /carriage return/);
});

test('runs of unexpected characters are one token and one DL101', () => {
  const junk = lex('dense(3) @$%^ x');
  assert.deepEqual(junk.tokens.filter((t) => t.kind === 'unknown').map((t) => t.text), ['@$%^']);
  assert.equal(junk.diagnostics.length, 1);
  assert.equal(junk.diagnostics[0]?.message, "Unexpected characters '@$%^' — remove them; comments start with '#'");
  assert.equal(lex('@').diagnostics[0]?.message, "Unexpected character '@' — remove it; comments start with '#'");
  assert.match(lex("'a'").diagnostics[0]?.message ?? '', /double quotes/);
  assert.match(lex('café').diagnostics[0]?.message ?? '', /letters A–Z/);
  assert.match(lex('a\u00A0b').diagnostics[0]?.message ?? '', /U\+00A0 — replace it with a plain space/);
  // An emoji is one character, not two.
  assert.match(lex('\uD83D\uDE00').diagnostics[0]?.message ?? '', /^Unexpected character /);
  // Invisible characters are named, never printed raw.
  assert.match(lex('\0').diagnostics[0]?.message ?? '', /U\+0000/);
  assert.match(lex('\uD800').diagnostics[0]?.message ?? '', /U\+D800/);
});
