import type { ClassDataset } from '../dataset';
import { gunzipExactly, gunzipIfCompressed, gzipTrailerSize } from '../gzip';
import { decodeBase64 } from '../../common/base64';
import { digitsCsvGzBase64, digitsCsvGzLength } from './digits-gz';
import { digitsClassCount, digitsCount } from './digits-info';
const pixelsPerImage = 64;

interface DigitsTable {
  /** digitsCount × 64 pixels, 0 … 16. */
  readonly pixels: Uint8Array;
  /** digitsCount labels, 0 … 9. */
  readonly labels: Uint8Array;
}

let table: DigitsTable | undefined;

/**
 * The CSV of our own gzip bytes: by the host's inflater where one is installed (Node's zlib in the
 * CLI and the training worker: each sweep lane decodes the digits once, and fflate's inflate, cold,
 * cost a lane about 15 ms and as much again of V8's optimising compiler), else by fflate.
 */
function inflate(gz: Uint8Array): Uint8Array | undefined {
  const size = gzipTrailerSize(gz);
  return (size === undefined ? undefined : gunzipExactly(gz, size)) ?? gunzipIfCompressed(gz);
}

/**
 * Parses the embedded CSV once (ASCII lines of 65 integers: 64 pixels, then the label). Every call
 * of loadDigits then copies from this table, so callers may change their data set freely.
 */
function digitsTable(): DigitsTable {
  if (table) return table;
  const gz = decodeBase64(digitsCsvGzBase64);
  const csv = gz.length === digitsCsvGzLength ? inflate(gz) : undefined;
  if (!csv || csv === gz) throw new Error('the built-in digits are corrupt: rebuild with node scripts/embed-digits.mjs');
  const pixels = new Uint8Array(digitsCount * pixelsPerImage);
  const labels = new Uint8Array(digitsCount);
  let row = 0;
  let field = 0;
  let value = 0;
  // An indexed loop, not for…of: each worker (a sweep's every lane) runs this once, cold, where
  // the interpreter pays the iterator protocol per byte of the 300 kB (the cold decode: ~21 ms, not ~28).
  for (let i = 0; i < csv.length; i++) {
    const byte = csv[i] as number;
    if (byte >= 0x30 && byte <= 0x39) {
      value = value * 10 + (byte - 0x30);
      continue;
    }
    if (byte !== 0x2c && byte !== 0x0a) continue; // ',' ends a field, '\n' a row; '\r' is ignored
    if (field < pixelsPerImage) pixels[row * pixelsPerImage + field] = value;
    else labels[row] = value;
    value = 0;
    field++;
    if (byte === 0x0a) {
      if (field !== pixelsPerImage + 1) throw new Error(`the built-in digits are corrupt: row ${row + 1} has ${field} fields`);
      row++;
      field = 0;
    }
  }
  if (row !== digitsCount) throw new Error(`the built-in digits are corrupt: ${row} rows instead of ${digitsCount}`);
  table = { pixels, labels };
  return table;
}

/**
 * The built-in 8×8 handwritten digits (UCI Optical Recognition of Handwritten Digits; Alpaydin and
 * Kaynak, 1998; CC BY 4.0 — see ATTRIBUTION.md): 1797 samples in file order, 10 classes, pixels
 * 0 … 16 scaled to [0, 1] by /16, each sample [1, 8, 8] (channels first) or [64] when `flat`.
 */
export function loadDigits(flat: boolean): ClassDataset {
  const { pixels, labels } = digitsTable();
  const inputs = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) inputs[i] = (pixels[i] as number) / 16;
  return {
    count: digitsCount,
    inputs,
    sampleShape: flat ? [pixelsPerImage] : [1, 8, 8],
    sampleSize: pixelsPerImage,
    tokens: false,
    targetKind: 'classes',
    targets: Int32Array.from(labels),
    classCount: digitsClassCount,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}
