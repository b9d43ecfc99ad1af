import { closestName, didYouMean } from '../common/suggest';
import { formatCount, formatList } from '../common/format';
import { compareByCodePoint } from './code-points';
import { forEachCsvRow } from './csv-rows';
import { dataError, dataOk, type DataResult } from './result';

/** More distinct target values than this cannot be classes (and are not kept while scanning). */
export const maxCsvClasses = 100_000;

/**
 * A CSV file scanned and checked for `csv(…)`: the checker counts it, the loader converts it, so both
 * see the same rows and the same errors. The scan keeps no rows — only counts and the distinct
 * target values — so checking a large file costs little more than its bytes.
 */
export interface CsvTable {
  readonly header: readonly string[];
  /** The column of the target: the named one, or the last (docs/language.md, section 10). */
  readonly targetIndex: number;
  /** The number of data rows (header and blank lines excluded), each with header.length fields. */
  readonly rowCount: number;
  /** True when some target cell is not a number, which makes the target classes whatever the loss. */
  readonly targetIsText: boolean;
  /** The distinct trimmed target cells, or undefined when there are more than maxCsvClasses. */
  readonly distinctTargets: ReadonlySet<string> | undefined;
}

/** True when a cell reads as a finite number (surrounding blanks allowed). */
export function isNumericCell(cell: string): boolean {
  return cell.trim() !== '' && Number.isFinite(Number(cell));
}

const isBlankRow = (row: readonly string[]): boolean => row.length === 1 && (row[0] as string).trim() === '';

/**
 * Calls `visit` with each data row (after the header, blank lines skipped) and its index; `visit`
 * returns false to stop. The header is the first row that is not blank. Returns an error message
 * when a row is too long to parse.
 */
export function forEachCsvDataRow(bytes: Uint8Array, visit: (row: string[], index: number) => boolean | void, header?: (row: string[]) => boolean | void): string | undefined {
  let index = -1;
  return forEachCsvRow(bytes, (row) => {
    if (isBlankRow(row)) return true;
    if (index++ < 0) return header?.(row);
    return visit(row, index - 1);
  });
}

/**
 * Scans CSV bytes (UTF-8, a leading BOM dropped, `\n` or `\r\n`, RFC 4180 quoting through d3-dsv),
 * requires a header and at least two columns, finds the target column, and checks that every row
 * has the header's width and every feature cell is numeric.
 */
export function readCsvTable(bytes: Uint8Array, target: string | undefined): DataResult<CsvTable> {
  let header: string[] | undefined;
  let targetIndex = -1;
  let problem: DataResult<CsvTable> | undefined;
  let rowCount = 0;
  let targetIsText = false;
  let distinct: Set<string> | undefined = new Set();
  const fail = (result: DataResult<CsvTable>): false => ((problem = result), false);
  const tooLong = forEachCsvDataRow(
    bytes,
    (row, r) => {
      const width = (header as string[]).length;
      if (row.length !== width) return fail(dataError(`CSV row ${r + 2} has ${row.length} fields; the header has ${width}`, 'path'));
      for (let c = 0; c < row.length; c++) {
        const cell = row[c] as string;
        if (c === targetIndex) {
          if (!isNumericCell(cell)) targetIsText = true;
          if (distinct && distinct.add(cell.trim()).size > maxCsvClasses) distinct = undefined;
        } else if (!isNumericCell(cell)) {
          return fail(dataError(`CSV column "${(header as string[])[c]}" must be numeric; row ${r + 2} has ${JSON.stringify(cell)} — fix the value or make it the target`, 'path'));
        }
      }
      rowCount++;
      return true;
    },
    (row) => {
      header = row;
      if (row.length < 2) return fail(dataError('CSV file needs a header row and at least two columns (features and a target)', 'path'));
      const targetName = target ?? row[row.length - 1]!;
      targetIndex = row.indexOf(targetName);
      if (targetIndex < 0) return fail(dataError(`CSV file has no column "${targetName}"${didYouMean(closestName(targetName, row))} (columns: ${formatList(row)})`, 'target'));
      return true;
    },
  );
  if (tooLong !== undefined) return dataError(tooLong, 'path');
  if (problem) return problem;
  if (!header) return dataError('CSV file needs a header row and at least two columns (features and a target)', 'path');
  if (rowCount === 0) return dataError('CSV file has a header but no data rows', 'path');
  return dataOk({ header, targetIndex, rowCount, targetIsText, distinctTargets: distinct });
}

/**
 * The classes of a CSV target, in class-index order. Text targets: the distinct trimmed cells sorted
 * by code point (`setosa` < `versicolor` < `virginica`). Numeric targets read as classes (a
 * classification loss): the distinct numeric values in increasing order, named by JavaScript's
 * shortest form, so `1` and `1.0` are one class and `2` comes before `10`.
 */
export function csvClassNames(table: CsvTable): DataResult<string[]> {
  const cells = table.distinctTargets;
  if (!cells) {
    return dataError(`CSV column "${table.header[table.targetIndex]}" has more than ${formatCount(maxCsvClasses)} distinct values, too many to be classes — is it the right target, or is the loss meant to be a regression loss?`, 'target');
  }
  if (table.targetIsText) return dataOk([...cells].sort(compareByCodePoint));
  return dataOk([...new Set([...cells].map(Number))].sort((a, b) => a - b).map(String));
}
