import type { Dataset } from './dataset';
import { csvClassNames, forEachCsvDataRow, readCsvTable, type CsvTable } from './csv-table';
import { dataOk, type DataResult } from './result';

/** How `csv(…)` reads its file. */
export interface CsvOptions {
  /** The target column's name; the last column when absent. */
  readonly target?: string;
  /** True when the loss is a classification loss: numeric targets are then classes too. */
  readonly classification: boolean;
}

/**
 * Loads a CSV file: every column but the target is a feature (in file order), every feature must be
 * numeric. The target is classes when its column holds text or `classification` is set — class index
 * = position in csvClassNames (sorted distinct values) — and otherwise one real value. Features are
 * not normalised here: `standardize` does that after the split, with training statistics only.
 * Two passes over the bytes (check and count, then convert), so no row is kept as text.
 */
export function loadCsv(bytes: Uint8Array, options: CsvOptions): DataResult<Dataset> {
  const read = readCsvTable(bytes, options.target);
  if (!read.ok) return read;
  const table = read.value;
  const count = table.rowCount;
  const featureNames = table.header.filter((_, c) => c !== table.targetIndex);
  const sampleSize = featureNames.length;
  const inputs = new Float32Array(count * sampleSize);
  const common = { count, inputs, sampleShape: [sampleSize], sampleSize, tokens: false, featureNames };
  if (table.targetIsText || options.classification) {
    const classNames = csvClassNames(table);
    if (!classNames.ok) return classNames;
    // Numeric classes are keyed by their shortest form, as csvClassNames names them.
    const index = new Map(classNames.value.map((name, k) => [name, k]));
    const key = table.targetIsText ? (cell: string) => cell : (cell: string) => String(Number(cell));
    const targets = new Int32Array(count);
    convertRows(bytes, table, inputs, (r, cell) => (targets[r] = index.get(key(cell)) as number));
    return dataOk({ ...common, targetKind: 'classes', targets, classCount: classNames.value.length, classNames: classNames.value });
  }
  const targets = new Float32Array(count);
  convertRows(bytes, table, inputs, (r, cell) => (targets[r] = Number(cell)));
  return dataOk({ ...common, targetKind: 'real', targets, targetShape: [1], targetSize: 1 });
}

/** Fills `inputs` with the feature cells of every data row and hands each trimmed target cell to `target`. */
function convertRows(bytes: Uint8Array, table: CsvTable, inputs: Float32Array, target: (row: number, cell: string) => void): void {
  const sampleSize = table.header.length - 1;
  forEachCsvDataRow(bytes, (row, r) => {
    let f = r * sampleSize;
    row.forEach((cell, c) => {
      if (c !== table.targetIndex) inputs[f++] = Number(cell);
    });
    target(r, (row[table.targetIndex] as string).trim());
  });
}
