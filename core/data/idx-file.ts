import { formatBytes, formatCount } from '../common/format';
import { gunzipExactly, gunzipStream, hasWholeGunzip, isGzip } from './gzip';
import { dataError, dataOk, type DataResult } from './result';

/**
 * The most pixel bytes one IDX images file may promise (1 GiB; 4 GiB as float32): a header
 * promising more is refused before anything is inflated.
 */
export const maxIdxPixels = 2 ** 30;

/** What an IDX images header (magic 0x00000803) promises: count × height × width unsigned bytes. */
export interface IdxShape {
  readonly count: number;
  readonly height: number;
  readonly width: number;
}

/** An IDX images file scanned without keeping its pixels (what the checker needs). */
export interface IdxScan extends IdxShape {
  /** Bytes inflated to scan it (0 for a raw file): a gzip bomb's cost, bounded by its header. */
  readonly inflatedBytes: number;
}

/** The images of an IDX file (`count` is the header's, whatever was read). */
export interface IdxImages extends IdxShape {
  /** The pixels of the images read (all count, or the first `limit`), row-major, 0 … 255. */
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

/** An IDX file's header and as much of its body as the header says it needs. */
interface IdxBody {
  /** The header's bytes: shorter than asked when the file is. */
  readonly header: Uint8Array;
  /** The body's first bytes, up to what was needed; undefined when not kept. */
  readonly body: Uint8Array | undefined;
  /** How many body bytes the file has, up to what was needed. */
  readonly present: number;
  readonly inflatedBytes: number;
}

/**
 * Reads an IDX file, raw or gzipped: its `headerLength`-byte header, then the `need(header)` body
 * bytes the header promises (undefined: the header is refused, stop). A gzipped file is inflated as
 * a stream and only that far, so what it costs is what its header promises; nothing past it is
 * read. With `keep` false the body is only counted, never held. Undefined for corrupt gzip data.
 */
function readIdxBody(raw: Uint8Array, headerLength: number, need: (header: Uint8Array) => number | undefined, keep: boolean): IdxBody | undefined {
  if (!isGzip(raw)) {
    const header = raw.subarray(0, headerLength);
    const wanted = header.length === headerLength ? need(header) : undefined;
    if (wanted === undefined) return { header, body: undefined, present: 0, inflatedBytes: 0 };
    const body = raw.subarray(headerLength, headerLength + wanted);
    return { header, body: keep ? body : undefined, present: body.length, inflatedBytes: 0 };
  }
  const whole = readWholeGzip(raw, headerLength, need, keep);
  if (whole) return whole;
  const header = new Uint8Array(headerLength);
  let filled = 0;
  let wanted: number | undefined;
  let body: Uint8Array | undefined;
  let present = 0;
  const outcome = gunzipStream(raw, (piece) => {
    let from = 0;
    if (filled < headerLength) {
      from = Math.min(headerLength - filled, piece.length);
      header.set(piece.subarray(0, from), filled);
      filled += from;
      if (filled < headerLength) return true;
      wanted = need(header);
      if (wanted === undefined) return false;
      if (keep) body = new Uint8Array(wanted);
    }
    const take = Math.min((wanted as number) - present, piece.length - from);
    body?.set(piece.subarray(from, from + take), present);
    present += take;
    return present < (wanted as number);
  });
  if (outcome.corrupt) return undefined;
  return { header: header.subarray(0, filled), body: body?.subarray(0, present), present, inflatedBytes: outcome.inflated };
}

/**
 * `readIdxBody` of a gzipped file whose content is exactly the header and the body it promises (a
 * complete file read whole, as the checker's scan reads it), through the host's native inflater
 * when there is one; undefined otherwise. Only the header is streamed first, so the work stays
 * bounded by what the header promises.
 */
function readWholeGzip(raw: Uint8Array, headerLength: number, need: (header: Uint8Array) => number | undefined, keep: boolean): IdxBody | undefined {
  if (!hasWholeGunzip()) return undefined;
  const header = new Uint8Array(headerLength);
  let filled = 0;
  gunzipStream(raw, (piece) => {
    const take = Math.min(headerLength - filled, piece.length);
    header.set(piece.subarray(0, take), filled);
    filled += take;
    return filled < headerLength;
  });
  const wanted = filled === headerLength ? need(header) : undefined;
  if (wanted === undefined) return undefined;
  const content = gunzipExactly(raw, headerLength + wanted);
  if (!content) return undefined;
  return { header, body: keep ? content.subarray(headerLength) : undefined, present: wanted, inflatedBytes: content.length };
}

/** The shape an images header promises, or why it is refused. */
function imagesHeader(header: Uint8Array): DataResult<IdxShape & { readonly size: number }> {
  if (header.length < 16 || bigEndian(header, 0) !== 0x00000803) {
    return dataError('IDX images file must start with magic 0x00000803 (unsigned bytes, 3 dimensions) — is it the labels file?', 'images');
  }
  const count = bigEndian(header, 4);
  const height = bigEndian(header, 8);
  const width = bigEndian(header, 12);
  const size = count * height * width;
  if (size > maxIdxPixels) {
    return dataError(`IDX images file promises ${formatCount(count)} images of ${height}×${width}, ${formatBytes(size)} of pixels — more than the ${formatBytes(maxIdxPixels)} a data set may hold`, 'images');
  }
  return dataOk({ count, height, width, size });
}

/**
 * Reads an images file's header and pixels (kept or only counted), checking it is not truncated:
 * all of them, or with `limit` > 0 only the first `limit` images' (a gzipped file is inflated only
 * that far).
 */
function readImages(raw: Uint8Array, keep: boolean, limit = 0): DataResult<{ readonly shape: IdxShape; readonly read: IdxBody }> {
  const wanted = (shape: { readonly count: number; readonly height: number; readonly width: number }): number => idxSampleCount(shape.count, limit) * shape.height * shape.width;
  const read = readIdxBody(raw, 16, (header) => { const parsed = imagesHeader(header); return parsed.ok ? wanted(parsed.value) : undefined; }, keep);
  if (!read) return dataError('IDX images file is not valid gzip data', 'images');
  const parsed = imagesHeader(read.header);
  if (!parsed.ok) return parsed;
  const { count, height, width } = parsed.value;
  if (read.present < wanted(parsed.value)) return dataError(`IDX images file is truncated: the header promises ${formatCount(count)} images of ${height}×${width}`, 'images');
  return dataOk({ shape: { count, height, width }, read });
}

// The language server re-checks on every keystroke; results are kept per bytes object.
const scans = new WeakMap<Uint8Array, DataResult<IdxScan>>();
const images = new WeakMap<Uint8Array, { readonly limit: number; readonly result: DataResult<IdxImages> }>();
const labelReads = new WeakMap<Uint8Array, { readonly imageCount: number; readonly result: DataResult<IdxLabels> }>();

/** Checks an IDX images file, raw or gzipped, without keeping its pixels: its shape, or why it is refused. */
export function scanIdxImages(raw: Uint8Array): DataResult<IdxScan> {
  let result = scans.get(raw);
  if (!result) {
    const scanned = readImages(raw, false);
    result = scanned.ok ? dataOk({ ...scanned.value.shape, inflatedBytes: scanned.value.read.inflatedBytes }) : scanned;
    scans.set(raw, result);
  }
  return result;
}

/**
 * Reads an IDX images file, raw or gzipped: magic, count, height, width (big-endian), then the
 * pixels: all of them, or with `limit` > 0 those of the first `limit` images only. A run loads
 * Fashion-MNIST's first 12,000 of 60,000 images that way, inflating a fifth of the file; the
 * checker's scan (`scanIdxImages`) is what reads the whole file to find it complete.
 */
export function readIdxImages(raw: Uint8Array, limit = 0): DataResult<IdxImages> {
  const cached = images.get(raw);
  if (cached?.limit === limit) return cached.result;
  const read = readImages(raw, true, limit);
  const result: DataResult<IdxImages> = read.ok ? dataOk({ ...read.value.shape, pixels: read.value.read.body ?? new Uint8Array(0) }) : read;
  images.set(raw, { limit, result });
  return result;
}

/** Reads an IDX labels file, raw or gzipped, and checks it has one label per image. */
export function readIdxLabels(raw: Uint8Array, imageCount: number): DataResult<IdxLabels> {
  const cached = labelReads.get(raw);
  if (cached?.imageCount === imageCount) return cached.result;
  const result = readLabels(raw, imageCount);
  labelReads.set(raw, { imageCount, result });
  return result;
}

function readLabels(raw: Uint8Array, imageCount: number): DataResult<IdxLabels> {
  const isLabels = (header: Uint8Array): boolean => header.length === 8 && bigEndian(header, 0) === 0x00000801;
  // Never more labels than images: a labels header promising more is refused before its body is read.
  const read = readIdxBody(raw, 8, (header) => (isLabels(header) && bigEndian(header, 4) === imageCount ? imageCount : undefined), true);
  if (!read) return dataError('IDX labels file is not valid gzip data', 'labels');
  if (!isLabels(read.header)) return dataError('IDX labels file must start with magic 0x00000801 (unsigned bytes, 1 dimension)', 'labels');
  const count = bigEndian(read.header, 4);
  if (count !== imageCount || read.present < count || !read.body) return dataError(`IDX labels file has ${formatCount(count)} labels for ${formatCount(imageCount)} images`, 'labels');
  return dataOk({ count, labels: read.body });
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
