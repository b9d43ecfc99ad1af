import { Gunzip, gunzipSync } from 'fflate';

/** True when bytes start with the gzip magic 1F 8B. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The bytes themselves, or their gunzipped content when they start with the gzip magic; undefined
 * for corrupt gzip data. Unbounded: only for bytes we made ourselves (the built-in digits). A
 * user's file goes through `gunzipStream`, which stops when the reader has what it needs.
 */
export function gunzipIfCompressed(bytes: Uint8Array): Uint8Array | undefined {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch {
    return undefined; // corrupt gzip: reported as a malformed file, not a crash
  }
}

/**
 * Inflates a whole gzip file into at most `maxOutput` bytes: undefined when the data is corrupt,
 * fails its checksum, or holds more than `maxOutput` bytes (the work stops there).
 */
export type WholeGunzip = (compressed: Uint8Array, maxOutput: number) => Uint8Array | undefined;

let wholeGunzip: WholeGunzip | undefined;

/**
 * Lets a host with a native inflater (Node's zlib: about 3× fflate's speed, and no JIT warm-up)
 * inflate files that `gunzipExactly` is asked for. Core itself stays free of Node.
 */
export function useWholeGunzip(inflate: WholeGunzip | undefined): void {
  wholeGunzip = inflate;
}

/** True when a host's inflater is installed (`gunzipExactly` can answer). */
export function hasWholeGunzip(): boolean {
  return wholeGunzip !== undefined;
}

/** The content's length mod 2³² that the gzip trailer (ISIZE) states; undefined when too short to hold one. */
export function gzipTrailerSize(compressed: Uint8Array): number | undefined {
  if (compressed.length < 18) return undefined;
  const end = compressed.length;
  return (compressed[end - 4]! | (compressed[end - 3]! << 8) | (compressed[end - 2]! << 16) | (compressed[end - 1]! << 24)) >>> 0;
}

/**
 * The gzip data's content when a host's inflater is installed and the content is exactly `size`
 * bytes long (the trailer's ISIZE says so first, so a longer file costs nothing here); otherwise
 * undefined, and the caller streams. The work is bounded by `size`, like a stream's.
 */
export function gunzipExactly(compressed: Uint8Array, size: number): Uint8Array | undefined {
  if (!wholeGunzip) return undefined;
  const trailerSize = gzipTrailerSize(compressed);
  if (trailerSize === undefined || trailerSize !== size % 2 ** 32) return undefined;
  const content = wholeGunzip(compressed, size);
  return content?.length === size ? content : undefined;
}

/**
 * Compressed bytes pushed at a time. Deflate expands at most about 1032:1, so one push inflates at
 * most about 16.5 MiB: that bounds how far past its need a reader can be carried. (Smaller slices
 * cost more per byte: 4 KiB ran at half gunzipSync's speed on Fashion-MNIST, 16 KiB at about its speed.)
 */
const inputSlice = 16384;

export interface GunzipOutcome {
  /** The data is not valid gzip (or ends before its end of stream). */
  readonly corrupt: boolean;
  /** Every byte inflated, including past what `sink` wanted: what the work cost. */
  readonly inflated: number;
}

/**
 * Inflates gzip data a slice at a time, handing each piece of output to `sink`, and stops as soon as
 * `sink` returns false — so a gzip bomb costs what the reader asked for, not what the bomb holds.
 */
export function gunzipStream(compressed: Uint8Array, sink: (piece: Uint8Array) => boolean): GunzipOutcome {
  // A 10-byte header and an 8-byte trailer at least, as gunzipSync requires; the stream would accept less.
  if (compressed.length < 18) return { corrupt: true, inflated: 0 };
  let inflated = 0;
  let wantsMore = true;
  const stream = new Gunzip((piece) => {
    inflated += piece.length;
    if (wantsMore && piece.length > 0) wantsMore = sink(piece);
  });
  try {
    for (let at = 0; at < compressed.length && wantsMore; at += inputSlice) {
      const end = Math.min(at + inputSlice, compressed.length);
      stream.push(compressed.subarray(at, end), end === compressed.length);
    }
  } catch {
    return { corrupt: true, inflated };
  }
  return { corrupt: false, inflated };
}
