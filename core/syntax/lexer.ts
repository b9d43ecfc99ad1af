import type { Diagnostic } from '../common/diagnostic';
import { DiagnosticSink } from '../common/diagnostic-sink';
import { range } from '../common/range';
import { numberProblem, numberValue, scanNumberEnd, startsNumber } from './number-literal';
import { showText } from './show-text';
import { scanString } from './string-literal';
import { keywords, punctuationCharacters, type Token } from './token';
import { TokenCode, TokenListBuilder, type TokenList } from './token-list';

/** The tokens of a text (ending with one `eof` token) and the lexical diagnostics (DL101–DL104). */
export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

// What an ASCII character can start; the hot loop dispatches on this table instead of a chain of comparisons.
const other = 0;
const blank = 1;
const lineFeed = 2;
const letter = 3;
const digit = 4;
const punctuation = 5;
const hash = 6;
const quote = 7;
const characterClass = new Uint8Array(128);
characterClass[32] = characterClass[9] = blank;
characterClass[10] = lineFeed;
for (let code = 0; code < 128; code++) {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) characterClass[code] = letter;
  if (code >= 48 && code <= 57) characterClass[code] = digit;
}
for (const character of punctuationCharacters) characterClass[character.charCodeAt(0)] = punctuation;
characterClass[35] = hash;
characterClass[34] = quote;

function isIdentifierPart(code: number): boolean {
  if (code >= 128) return false;
  const kind = characterClass[code];
  return kind === letter || kind === digit;
}

/** True when some token other than `unknown` can start at `offset` (offset > 0, so no BOM). */
function startsKnownToken(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  if (code < 128 && characterClass[code] !== other) return true;
  if (code === 13) return text.charCodeAt(offset + 1) === 10;
  return startsNumber(text, offset);
}

/** Why a run of unexpected characters is wrong and what to do, chosen by its first character. */
function unexpectedHint(first: number, plural: boolean): string {
  const them = plural ? 'them' : 'it';
  switch (first) {
    case 13:
      return 'a carriage return must be followed by a line feed; save the file with \\n or \\r\\n line endings';
    case 39:
      return 'strings use double quotes, as in "data.csv"';
    case 45:
      return 'a minus sign must be followed directly by a digit, as in -3 or -.5';
    case 43:
      return 'numbers take no "+" sign; write 3, not +3';
    case 46:
      return 'a "." must be followed by a digit, as in .5';
    case 47:
      return "comments start with '#', not '//'";
    case 0xfffd:
      return 'the file contained bytes that are not UTF-8; retype or remove the text here';
    case 0xfeff:
      return 'a byte order mark is only allowed at the very start of the file; remove it';
    default:
      if (first === 0xa0 || first === 0x3000 || (first >= 0x2000 && first <= 0x200b)) return `replace ${them} with a plain space`;
      if (first > 127 && /\p{L}/u.test(String.fromCodePoint(first))) return "names may use only the letters A–Z and a–z, digits and '_'";
      return `remove ${them}; comments start with '#'`;
  }
}

/** End of a run of spaces and tabs starting at `offset`. */
function blanksEnd(text: string, offset: number): number {
  let i = offset;
  for (let code = text.charCodeAt(i); code === 32 || code === 9; code = text.charCodeAt(++i));
  return i;
}

/** End of an identifier whose first character is at `offset`. */
/** A-Z or a-z (not `_`, which the letter class includes): what may follow the dot of a dotted name. */
function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function identifierEnd(text: string, offset: number): number {
  let i = offset + 1;
  for (;;) {
    while (isIdentifierPart(text.charCodeAt(i))) i++;
    // `hidden.units` (a sweep over a named layer's argument) is one dotted name: a dot joins two
    // names only when a letter follows it, so `1.5` and a stray `.` lex as before.
    if (text.charCodeAt(i) !== 46 || !isAsciiLetter(text.charCodeAt(i + 1))) return i;
    i += 2;
  }
}

/** End of a comment starting at `offset`: the line's end, leaving `\n` or `\r\n` to the newline token. */
function commentEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
}

/** True for a run of at most 15 digits after an optional '-': a well-formed number, known without slicing its text. */
function isPlainInteger(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start) === 45 ? start + 1 : start;
  if (end === first || end - first > 15) return false;
  for (let i = first; i < end; i++) if (characterClass[text.charCodeAt(i)] !== digit) return false;
  return true;
}

/** Scans a number and reports DL103 when it is malformed; returns its end. */
function lexNumber(text: string, start: number, sink: DiagnosticSink): number {
  const end = scanNumberEnd(text, start);
  if (isPlainInteger(text, start, end)) return end;
  const written = text.slice(start, end);
  if (Number.isNaN(numberValue(written))) sink.report('DL103', range(start, end), `Malformed number ${showText(written)} — ${numberProblem(written) ?? ''}`);
  return end;
}

/** Scans a string and reports DL104 for each bad escape and DL102 when it is unterminated; returns its end. */
function lexString(text: string, start: number, sink: DiagnosticSink): number {
  const scanned = scanString(text, start);
  for (const escape of scanned.invalidEscapes) {
    const written = text.slice(escape.start, escape.end);
    sink.report('DL104', escape, `Invalid escape ${showText(written)} in a string — use \\", \\\\, \\n or \\t (write \\\\ for a backslash)`);
  }
  if (!scanned.terminated) {
    const where = scanned.end >= text.length ? 'the end of the file' : 'the end of the line';
    sink.report('DL102', range(start, scanned.end), `Unterminated string — found ${where} before the closing '"'; add '"' to close it (strings cannot span lines)`);
  }
  return scanned.end;
}

/** End (after the closing quote) of a single-quoted text starting at `start`, or -1 if the line has no closing quote. */
function singleQuoteEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 39) return i + 1;
    if (code === 10 || code === 13) return -1;
  }
  return -1;
}

/**
 * Scans a run of unexpected characters and reports it as ONE DL101, so a pasted line of junk (or a
 * run of invalid bytes) gives a single message; returns its end.
 */
function lexUnknown(text: string, start: number, sink: DiagnosticSink): number {
  let end = start + 1;
  // 'he' written with single quotes is one mistake: take it whole, up to the closing quote on this line.
  const closingQuote = text.charCodeAt(start) === 39 ? singleQuoteEnd(text, start) : -1;
  if (closingQuote > 0) end = closingQuote;
  while (end < text.length && !startsKnownToken(text, end)) end++;
  const written = text.slice(start, end);
  if (end === closingQuote) {
    const inner = written.slice(1, -1);
    sink.report('DL101', range(start, end), `Unexpected single quotes around ${showText(inner)} — strings use double quotes: write "${inner}" for a string, or ${inner} for a name`);
    return end;
  }
  const first = text.codePointAt(start) as number;
  const plural = written.length > (first > 0xffff ? 2 : 1);
  sink.report('DL101', range(start, end), `Unexpected ${plural ? 'characters' : 'character'} ${showText(written)} — ${unexpectedHint(first, plural)}`);
  return end;
}

const keywordList: readonly string[] = [...keywords];

/** True when `text[start, end)` is one of the reserved words (checked without slicing a string). */
function isKeywordAt(text: string, start: number, end: number): boolean {
  const length = end - start;
  for (const word of keywordList) if (word.length === length && text.startsWith(word, start)) return true;
  return false;
}

/**
 * The tokens of a text, ending with one `eof`, as a `TokenList`, with lexical problems reported
 * to `sink`. With `keepWhitespace` false, whitespace is scanned but not listed (the parser's use).
 * The loop only dispatches; each kind is scanned by a small helper, and every token is recorded
 * at one place as three numbers (no object, no string: the list slices texts when asked).
 */
export function lexTokens(text: string, sink: DiagnosticSink, keepWhitespace = true): TokenList {
  const length = text.length;
  // Code without whitespace has about one token in 4–10 characters, dense code one in 3; the builder grows if there are more.
  const tokens = new TokenListBuilder(Math.ceil(length / 3) + 16);
  let i = 0;
  while (i < length) {
    const start = i;
    const code = text.charCodeAt(i);
    const characterKind = code < 128 ? characterClass[code] : other;
    let kind: number;
    if (characterKind === letter) {
      i = identifierEnd(text, i);
      kind = isKeywordAt(text, start, i) ? TokenCode.keyword : TokenCode.identifier;
    } else if (characterKind === blank || (code === 0xfeff && i === 0)) {
      i = blanksEnd(text, i + 1);
      if (!keepWhitespace) continue;
      kind = TokenCode.whitespace;
    } else if (characterKind === punctuation) {
      kind = TokenCode.punctuation;
      i++;
    } else if (characterKind === lineFeed || (code === 13 && text.charCodeAt(i + 1) === 10)) {
      kind = TokenCode.newline;
      i += code === 10 ? 1 : 2;
    } else if (characterKind === digit || startsNumber(text, i)) {
      kind = TokenCode.number;
      i = lexNumber(text, i, sink);
    } else if (characterKind === hash) {
      kind = TokenCode.comment;
      i = commentEnd(text, i);
    } else if (characterKind === quote) {
      kind = TokenCode.string;
      i = lexString(text, i, sink);
    } else {
      kind = TokenCode.unknown;
      i = lexUnknown(text, i, sink);
    }
    tokens.push(kind, start, i);
  }
  tokens.push(TokenCode.eof, length, length);
  return tokens.finish(text);
}

/** Splits a text into tokens that tile it exactly (no gaps, no overlaps), ending with an empty `eof`. */
export function lex(text: string): LexResult {
  const sink = new DiagnosticSink();
  const tokens = lexTokens(text, sink).toArray();
  // A string's DL102 starts before the DL104s inside it but is found after them.
  return { tokens, diagnostics: [...sink.diagnostics].sort((a, b) => a.range.start - b.range.start) };
}

