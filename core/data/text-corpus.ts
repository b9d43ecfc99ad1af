import { compareByCodePoint } from './code-points';
import { dataError, dataOk, type DataResult } from './result';
import { characterCut, decodePiece } from './utf8-pieces';

/** A text file read for `text(…)`: its vocabulary and number of prediction targets. */
export interface TextCorpus {
  /** The distinct characters (code points) and `\n`, sorted by code point; a token is an index here. */
  readonly vocabulary: readonly string[];
  /** Every character of every line and the `\n` ending it (one is implied after a last line without one): one target each. */
  readonly samples: number;
}

/**
 * Calls `visit` with each character (code point) of UTF-8 text, a BOM dropped and `\r\n` read as
 * `\n`, then once more with `\n` when the text does not end with one (so every line ends with it).
 * The text is decoded one piece at a time: no string grows with the file.
 */
export function forEachTextCharacter(bytes: Uint8Array, visit: (character: string) => void, size?: number): void {
  let endsWithNewline = true;
  for (let start = 0; start < bytes.length; ) {
    const end = characterCut(bytes, start, size);
    // A cut never falls inside \r\n, so each piece can be normalised on its own.
    const text = decodePiece(bytes, start, end).replace(/\r\n/g, '\n');
    for (const character of text) visit(character);
    if (text.length > 0) endsWithNewline = text.endsWith('\n');
    start = end;
  }
  if (!endsWithNewline) visit('\n');
}

/** Reads UTF-8 text into a vocabulary and a sample count; an empty file is an error. */
export function readTextCorpus(bytes: Uint8Array): DataResult<TextCorpus> {
  const characters = new Set<string>(['\n']);
  let samples = 0;
  forEachTextCharacter(bytes, (character) => {
    characters.add(character);
    samples++;
  });
  if (samples === 0) return dataError('Text file is empty: there is nothing to predict', 'path');
  return dataOk({ vocabulary: [...characters].sort(compareByCodePoint), samples });
}
