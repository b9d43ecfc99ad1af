import { csvParseRows } from 'd3-dsv';
import { decodeSource } from '../syntax/decode';
import { closestName, didYouMean } from '../common/suggest';
import { compareByCodePoint } from './code-points';
import { dataError, dataOk, type DataResult } from './result';

/**
 * A CSV file read and checked for `csv(…)`: the checker counts it, the loader converts it, so both
 * see the same rows and the same errors.
 */
export interface CsvTable {
  readonly header: readonly string[];
  /** The column of the target: the named one, or the last (docs/language-decisions.md). */
  readonly targetIndex: number;
  /** The data rows (header and blank lines excluded), each with header.length fields. */
  readonly rows: readonly (readonly string[])[];
  /** True when some target cell is not a number, which makes the target classes whatever the loss. */
  readonly targetIsText: boolean;
}

/** True when a cell reads as a finite number (surrounding blanks allowed). */
export function isNumericCell(cell: string): boolean {
  return cell.trim() !== '' && Number.isFinite(Number(cell));
}

/**
 * Parses CSV bytes (UTF-8, a leading BOM dropped, `\n` or `\r\n`, RFC 4180 quoting through d3-dsv),
 * requires a header and at least two columns, finds the target column, and checks that every row
 * has the header's width and every feature cell is numeric.
 */
export function readCsvTable(bytes: Uint8Array, target: string | undefined): DataResult<CsvTable> {
  const rows = csvParseRows(decodeSource(bytes).text.replace(/^\uFEFF/, '')).filter((row) => !(row.length === 1 && (row[0] as string).trim() === ''));
  const header = rows[0];
  if (!header || header.length < 2) return dataError('CSV file needs a header row and at least two columns (features and a target)', 'path');
  const targetName = target ?? (header[header.length - 1] as string);
  const targetIndex = header.indexOf(targetName);
  if (targetIndex < 0) return dataError(`CSV file has no column "${targetName}"${didYouMean(closestName(targetName, header))} (columns: ${header.join(', ')})`, 'target');
  const data = rows.slice(1);
  if (data.length === 0) return dataError('CSV file has a header but no data rows', 'path');
  let targetIsText = false;
  for (let r = 0; r < data.length; r++) {
    const row = data[r] as string[];
    if (row.length !== header.length) return dataError(`CSV row ${r + 2} has ${row.length} fields; the header has ${header.length}`, 'path');
    for (let c = 0; c < row.length; c++) {
      const cell = row[c] as string;
      if (c === targetIndex) {
        if (!isNumericCell(cell)) targetIsText = true;
      } else if (!isNumericCell(cell)) {
        return dataError(`CSV column "${header[c]}" must be numeric; row ${r + 2} has ${JSON.stringify(cell)} — fix the value or make it the target`, 'path');
      }
    }
  }
  return dataOk({ header, targetIndex, rows: data, targetIsText });
}

/**
 * The classes of a CSV target, in class-index order. Text targets: the distinct trimmed cells sorted
 * by code point (`setosa` < `versicolor` < `virginica`). Numeric targets read as classes (a
 * classification loss): the distinct numeric values in increasing order, named by JavaScript's
 * shortest form, so `1` and `1.0` are one class and `2` comes before `10`.
 */
export function csvClassNames(table: CsvTable): string[] {
  const cells = table.rows.map((row) => (row[table.targetIndex] as string).trim());
  if (table.targetIsText) return [...new Set(cells)].sort(compareByCodePoint);
  return [...new Set(cells.map(Number))].sort((a, b) => a - b).map(String);
}
