import { csvParseRows } from 'd3-dsv';
import { formatCount } from '../common/format';
import { characterCut, decodePiece, pieceBytes } from './utf8-pieces';

const quote = 0x22;
const comma = 0x2c;
const newline = 0x0a;
const carriageReturn = 0x0d;

/** A row longer than this is refused: its text alone would approach the longest string JavaScript can make. */
export const maxCsvRowLength = 2 ** 26;

/**
 * Where the CSV row starting at `start` of `text` ends (just after its line break), by d3-dsv's own
 * reading: a field that starts with `"` runs to the next lone `"` (`""` is an escaped quote), and the
 * one character after that closing quote ends the field whatever it is; other fields end at a comma,
 * `\n`, `\r` or `\r\n`. Undefined when the row does not end within `text` (more text may follow; a
 * `\r` at the very end is taken as a whole line break, since pieces are never cut inside `\r\n`).
 */
export function csvRowEnd(text: string, start: number): number | undefined {
  const n = text.length;
  const lineBreak = (at: number): number => (text.charCodeAt(at) === newline ? at + 1 : at);
  let i = start;
  while (i < n) {
    if (text.charCodeAt(i) === quote) {
      for (i++; ; i++) {
        if (i + 1 >= n) return undefined; // the closing quote, and the character after it, are still to come
        if (text.charCodeAt(i) !== quote) continue;
        if (text.charCodeAt(i + 1) !== quote) break;
        i++; // an escaped quote
      }
      const after = text.charCodeAt(i + 1);
      i += 2;
      if (after === newline) return i;
      if (after === carriageReturn) return lineBreak(i);
      continue;
    }
    while (i < n) {
      const c = text.charCodeAt(i++);
      if (c === newline) return i;
      if (c === carriageReturn) return lineBreak(i);
      if (c === comma) break;
    }
  }
  return undefined;
}

/**
 * Calls `visit` with each row of CSV bytes, in order, as `csvParseRows` returns them for the whole
 * decoded file (a leading BOM dropped) — up to blank lines, which every reader skips — but decoding
 * and parsing about `size` bytes of whole rows at a time, so memory stays near the size of the bytes
 * whatever the file holds. `visit` returns false to stop. Returns an error message for a row longer
 * than maxCsvRowLength (an unclosed quote, or not CSV).
 */
export function forEachCsvRow(bytes: Uint8Array, visit: (row: string[]) => boolean | void, size = pieceBytes): string | undefined {
  const visitAll = (text: string): boolean => {
    for (const row of csvParseRows(text)) if (visit(row) === false) return false;
    return true;
  };
  let pending = ''; // the start of a row that continues in the next piece
  let rows = 0;
  let atStart = true;
  for (let start = 0; start < bytes.length; ) {
    // A long row makes the next piece as long, so a row is rescanned O(log) times, not O(length).
    const end = characterCut(bytes, start, Math.max(size, pending.length));
    let piece = decodePiece(bytes, start, end);
    if (atStart && piece.length > 0) {
      // decodeSource drops the file's byte order mark; a second one, as some tools write, goes too.
      piece = piece.replace(/^\uFEFF/, '');
      atStart = false;
    }
    const text = pending + piece;
    start = end;
    let complete = 0;
    for (let next = csvRowEnd(text, 0); next !== undefined; next = csvRowEnd(text, next)) {
      complete = next;
      rows++;
    }
    pending = text.slice(complete);
    if (pending.length > maxCsvRowLength) return `CSV file has a row longer than ${formatCount(maxCsvRowLength)} characters after its first ${formatCount(rows)} rows — is a quote left open, or is it not a CSV file?`;
    if (!visitAll(text.slice(0, complete))) return undefined;
  }
  visitAll(pending);
  return undefined;
}
