const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sextet value of each ASCII code, −1 for characters outside the alphabet. */
const sextets = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * Decodes standard base64 (RFC 4648, `=` padding optional) in plain TypeScript: core has neither
 * Node's Buffer nor the DOM's atob. Its inputs are generated at build time (the embedded digits, the
 * WebAssembly kernels), so a character outside the alphabet means a corrupt build and throws.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--; // '=' padding
  if (end % 4 === 1) throw new Error('base64: the length is not valid');
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (sextets[code] as number) : -1;
    if (value < 0) throw new Error(`base64: invalid character at ${i}`);
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >>> bits) & 0xff;
    }
  }
  return bytes;
}
