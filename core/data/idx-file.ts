import { formatCount } from '../common/format';
import { gunzipIfCompressed } from './gzip';
import { dataError, dataOk, type DataResult } from './result';

/** The images of an IDX file (magic 0x00000803): unsigned bytes, count × height × width. */
export interface IdxImages {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  /** count·height·width pixels, row-major, 0 … 255. */
  readonly pixels: Uint8Array;
}

/** The labels of an IDX file (magic 0x00000801): one unsigned byte per image. */
export interface IdxLabels {
  readonly count: number;
  readonly labels: Uint8Array;
}

function bigEndian(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** Reads an IDX images file, raw or gzipped: magic, count, height, width (big-endian), then the pixels. */
export function readIdxImages(raw: Uint8Array): DataResult<IdxImages> {
  const bytes = gunzipIfCompressed(raw);
  if (!bytes) return dataError('IDX images file is not valid gzip data', 'images');
  if (bytes.length < 16 || bigEndian(bytes, 0) !== 0x00000803) {
    return dataError('IDX images file must start with magic 0x00000803 (unsigned bytes, 3 dimensions) — is it the labels file?', 'images');
  }
  const count = bigEndian(bytes, 4);
  const height = bigEndian(bytes, 8);
  const width = bigEndian(bytes, 12);
  const size = count * height * width;
  if (bytes.length < 16 + size) return dataError(`IDX images file is truncated: the header promises ${formatCount(count)} images of ${height}×${width}`, 'images');
  return dataOk({ count, height, width, pixels: bytes.subarray(16, 16 + size) });
}

/** Reads an IDX labels file, raw or gzipped, and checks it has one label per image. */
export function readIdxLabels(raw: Uint8Array, imageCount: number): DataResult<IdxLabels> {
  const bytes = gunzipIfCompressed(raw);
  if (!bytes) return dataError('IDX labels file is not valid gzip data', 'labels');
  if (bytes.length < 8 || bigEndian(bytes, 0) !== 0x00000801) return dataError('IDX labels file must start with magic 0x00000801 (unsigned bytes, 1 dimension)', 'labels');
  const count = bigEndian(bytes, 4);
  if (count !== imageCount || bytes.length < 8 + count) return dataError(`IDX labels file has ${formatCount(count)} labels for ${formatCount(imageCount)} images`, 'labels');
  return dataOk({ count, labels: bytes.subarray(8, 8 + count) });
}

/** The number of classes of IDX labels: the largest label + 1, over all labels (whatever `limit` keeps). */
export function idxClassCount(labels: IdxLabels): number {
  let largest = 0;
  for (const label of labels.labels) if (label > largest) largest = label;
  return largest + 1;
}

/** How many samples `idx(…, limit)` keeps: the first `limit`, or all when limit is 0. */
export function idxSampleCount(count: number, limit: number): number {
  return limit > 0 ? Math.min(limit, count) : count;
}
