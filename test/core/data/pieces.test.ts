// Data files are parsed piece by piece (no string grows with the file): these properties pin that the
// pieces read exactly like the whole text — CSV rows as d3-dsv reads the whole file, text characters
// as the whole decoded text — for any cut size, with quotes, line breaks, BOMs and invalid UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvParseRows } from 'd3-dsv';
import { csvRowEnd, forEachCsvRow, maxCsvRowLength } from '../../../core/data/csv-rows';
import { forEachTextCharacter } from '../../../core/data/text-corpus';
import { decodeSource } from '../../../core/syntax/decode';

/** Bytes made of the pieces that matter to CSV and UTF-8 boundaries. */
const tricky = fc
  .array(
    fc.constantFrom<number[]>([0x22], [0x22, 0x22], [0x2c], [0x0a], [0x0d], [0x0d, 0x0a], [0x61], [0x31], [0x20], [0xef, 0xbb, 0xbf], [0xc3, 0xa9], [0xf0, 0x9f, 0x98, 0x80], [0xe2, 0x82], [0x80], [0xbf, 0xbf, 0xbf, 0xbf, 0xbf], [0xff]),
    { maxLength: 60 },
  )
  .map((parts) => Uint8Array.from(parts.flat()));

const wholeCsvRows = (bytes: Uint8Array): string[][] => csvParseRows(decodeSource(bytes).text.replace(/^\uFEFF/, ''));
const isBlank = (row: readonly string[]): boolean => row.length === 1 && (row[0] as string).trim() === '';

test('CSV rows read piece by piece are the rows of the whole file, for any piece size', () => {
  fc.assert(
    fc.property(tricky, fc.integer({ min: 1, max: 12 }), (bytes, size) => {
      const rows: string[][] = [];
      assert.equal(forEachCsvRow(bytes, (row) => void rows.push(row), size), undefined);
      // Blank lines are skipped by every reader, and a piece may end in one more of them than the whole.
      assert.deepEqual(rows.filter((row) => !isBlank(row)), wholeCsvRows(bytes).filter((row) => !isBlank(row)));
    }),
    { numRuns: 3000 },
  );
});

test('a CSV row ends where d3-dsv ends it: after a line break outside quotes', () => {
  const text = 'a,"b\n""c",d\r\ne"x",f\rg\n"h"';
  assert.equal(csvRowEnd(text, 0), 13, 'the quoted line break and the escaped quote stay inside');
  assert.equal(csvRowEnd(text, 13), 20, 'a quote inside an unquoted field is text; \\r ends a row');
  assert.equal(csvRowEnd(text, 20), 22);
  assert.equal(csvRowEnd(text, 22), undefined, 'a closing quote at the end may yet be an escaped one');
});

test('a CSV row longer than the limit is an error, not a string too long to make', () => {
  const bytes = new Uint8Array(maxCsvRowLength + 10).fill(0x61);
  bytes.set([0x78, 0x2c, 0x79, 0x0a, 0x22]); // a header row, then one unclosed quote: the rest is a single field
  const rows: string[][] = [];
  const error = forEachCsvRow(bytes, (row) => void rows.push(row));
  assert.match(error ?? '', /row longer than 67,108,864 characters after its first 1 rows — is a quote left open/);
  assert.deepEqual(rows, [['x', 'y']]);
});

test('text characters read piece by piece are the characters of the whole text, for any piece size', () => {
  fc.assert(
    fc.property(tricky, fc.integer({ min: 1, max: 12 }), (bytes, size) => {
      const characters: string[] = [];
      forEachTextCharacter(bytes, (character) => void characters.push(character), size);
      const whole = decodeSource(bytes).text.replace(/\r\n/g, '\n');
      const expected = [...whole];
      if (whole.length > 0 && !whole.endsWith('\n')) expected.push('\n');
      assert.deepEqual(characters, expected);
    }),
    { numRuns: 3000 },
  );
});
