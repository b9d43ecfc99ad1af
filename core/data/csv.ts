import type { Dataset } from './dataset';
import { csvClassNames, readCsvTable } from './csv-table';
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
 */
export function loadCsv(bytes: Uint8Array, options: CsvOptions): DataResult<Dataset> {
  const read = readCsvTable(bytes, options.target);
  if (!read.ok) return read;
  const table = read.value;
  const count = table.rows.length;
  const featureNames = table.header.filter((_, c) => c !== table.targetIndex);
  const sampleSize = featureNames.length;
  const inputs = new Float32Array(count * sampleSize);
  table.rows.forEach((row, r) => {
    let f = r * sampleSize;
    row.forEach((cell, c) => {
      if (c !== table.targetIndex) inputs[f++] = Number(cell);
    });
  });
  const common = { count, inputs, sampleShape: [sampleSize], sampleSize, tokens: false, featureNames };
  const targetCells = table.rows.map((row) => (row[table.targetIndex] as string).trim());
  if (table.targetIsText || options.classification) {
    const classNames = csvClassNames(table);
    // Numeric classes are keyed by their shortest form, as csvClassNames names them.
    const index = new Map(classNames.map((name, k) => [name, k]));
    const key = table.targetIsText ? (cell: string) => cell : (cell: string) => String(Number(cell));
    const targets = Int32Array.from(targetCells, (cell) => index.get(key(cell)) as number);
    return dataOk({ ...common, targetKind: 'classes', targets, classCount: classNames.length, classNames });
  }
  return dataOk({ ...common, targetKind: 'real', targets: Float32Array.from(targetCells, Number), targetShape: [1], targetSize: 1 });
}
