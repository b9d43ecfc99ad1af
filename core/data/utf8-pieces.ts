import { decodeSource } from '../syntax/decode';

/** About how many bytes each piece holds, so no string made from a data file grows with the file. */
export const pieceBytes = 1 << 20;

const isContinuationByte = (byte: number): boolean => byte >= 0x80 && byte <= 0xbf;

/**
 * Decodes `bytes[start, end)` as decodeSource decodes a whole file, so a caller can walk a file one
 * piece at a time without ever holding its whole text (a file may be larger than the longest string
 * JavaScript can make). The decoder must be in its start state at both ends (see `characterCut`);
 * then the pieces' texts joined are exactly the whole file's text.
 */
export function decodePiece(bytes: Uint8Array, start: number, end: number): string {
  const piece = bytes.subarray(start, end);
  const text = decodeSource(piece).text;
  // decodeSource drops a byte order mark at the start of what it is given: only the file's own is one.
  const bomInside = start > 0 && piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf;
  return bomInside ? `\uFEFF${text}` : text;
}

/**
 * A cut about `size` bytes after `start` where decoding starts afresh and a `\r\n` stays whole: before
 * a byte that cannot continue a character. After four continuation bytes in a row the decoder is
 * back in its start state whatever came before (no character has more than three), so a run of
 * invalid bytes cannot make a piece grow without bound.
 */
export function characterCut(bytes: Uint8Array, start: number, size = pieceBytes): number {
  let end = start + size;
  let continuations = 0;
  while (end < bytes.length) {
    const byte = bytes[end] as number;
    if (isContinuationByte(byte)) {
      if (++continuations > 4) break;
    } else if (byte === 0x0a && bytes[end - 1] === 0x0d) continuations = 0;
    else break;
    end++;
  }
  return Math.min(end, bytes.length);
}
