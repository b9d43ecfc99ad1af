import type { Diagnostic } from '../common/diagnostic';
import { DiagnosticSink } from '../common/diagnostic-sink';
import { range } from '../common/range';

/** The decoded text of a file and at most one DL105 about its bytes. */
export interface DecodedSource {
  readonly text: string;
  readonly diagnostics: Diagnostic[];
}

const replacementCharacter = 0xfffd;
const chunkSize = 0x2000;

/** Where the first problem of one kind was found, in the bytes and in the decoded text. */
interface Finding {
  readonly byteOffset: number;
  readonly textOffset: number;
  readonly byte: number;
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function unitsToString(units: Uint16Array, length: number): string {
  const parts: string[] = [];
  for (let start = 0; start < length; start += chunkSize) {
    parts.push(String.fromCharCode(...units.subarray(start, Math.min(length, start + chunkSize))));
  }
  return parts.join('');
}

/**
 * Decodes file bytes as strict UTF-8, written by hand so core needs no platform decoder. It follows
 * the WHATWG decoder exactly: each maximal invalid subsequence becomes one U+FFFD, overlong forms,
 * surrogates and values above U+10FFFF are rejected. A leading byte order mark is dropped, as
 * editors do, so offsets agree with the editor's text. Invalid bytes give ONE DL105 naming the byte
 * offset of the first bad sequence; a NUL byte gives one DL105 saying the file looks binary. Either
 * way the text is returned so everything else can still be checked.
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const units = new Uint16Array(bytes.length + 1);
  let length = 0;
  let firstInvalid: Finding | undefined;
  let firstNul: Finding | undefined;
  let invalidCount = 0;
  let needed = 0;
  let seen = 0;
  let codePoint = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let sequenceStart = 0;
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const emitInvalid = (byteOffset: number): void => {
    invalidCount++;
    if (firstInvalid === undefined) firstInvalid = { byteOffset, textOffset: length, byte: bytes[byteOffset] as number };
    units[length++] = replacementCharacter;
  };
  let i = hasBom ? 3 : 0;
  while (i < bytes.length) {
    const byte = bytes[i] as number;
    if (needed === 0) {
      if (byte <= 0x7f) {
        if (byte === 0 && firstNul === undefined) firstNul = { byteOffset: i, textOffset: length, byte };
        units[length++] = byte;
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = byte & 0x07;
      } else {
        emitInvalid(i);
      }
      sequenceStart = i;
      i++;
      continue;
    }
    if (byte < lower || byte > upper) {
      // The sequence so far is one maximal invalid subpart; this byte starts afresh (not consumed).
      needed = seen = codePoint = 0;
      lower = 0x80;
      upper = 0xbf;
      emitInvalid(sequenceStart);
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
    seen++;
    i++;
    if (seen === needed) {
      if (codePoint > 0xffff) {
        const offset = codePoint - 0x10000;
        units[length++] = 0xd800 + (offset >> 10);
        units[length++] = 0xdc00 + (offset & 0x3ff);
      } else {
        units[length++] = codePoint;
      }
      needed = seen = codePoint = 0;
    }
  }
  if (needed !== 0) emitInvalid(sequenceStart);

  const text = unitsToString(units, length);
  const sink = new DiagnosticSink();
  if (firstNul !== undefined) {
    sink.report(
      'DL105',
      range(firstNul.textOffset, firstNul.textOffset + 1),
      `The file looks like binary data, not text: it contains a NUL byte at byte offset ${firstNul.byteOffset} — open a .dlmodel text file, or remove the NUL bytes`,
    );
  } else if (firstInvalid !== undefined) {
    const others = invalidCount > 1 ? ` (${invalidCount} invalid sequences in all)` : '';
    sink.report(
      'DL105',
      range(firstInvalid.textOffset, firstInvalid.textOffset + 1),
      `The file is not valid UTF-8: byte ${hexByte(firstInvalid.byte)} at byte offset ${firstInvalid.byteOffset} does not start a valid UTF-8 character${others} — save the file as UTF-8; the bad bytes are shown as U+FFFD`,
    );
  }
  return { text, diagnostics: sink.diagnostics };
}
