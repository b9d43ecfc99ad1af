import { gunzipSync } from 'fflate';

/** Inflated files by their compressed bytes: the language server re-checks on every keystroke. */
const inflated = new WeakMap<Uint8Array, Uint8Array | undefined>();

/**
 * The bytes themselves, or their gunzipped content when they start with the gzip magic 1F 8B;
 * undefined for corrupt gzip data. Results are remembered per bytes object.
 */
export function gunzipIfCompressed(bytes: Uint8Array): Uint8Array | undefined {
  if (!(bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes;
  if (inflated.has(bytes)) return inflated.get(bytes);
  let result: Uint8Array | undefined;
  try {
    result = gunzipSync(bytes);
  } catch {
    result = undefined; // corrupt gzip: reported as a malformed file, not a crash
  }
  inflated.set(bytes, result);
  return result;
}
