import { decodeSource } from '../syntax/decode';
import { compareByCodePoint } from './code-points';
import { dataError, dataOk, type DataResult } from './result';

/** A text file read for `text(…)`: its lines, vocabulary and number of prediction targets. */
export interface TextCorpus {
  /** The lines without their `\n`; a final `\n` does not start another line. */
  readonly lines: readonly string[];
  /** The distinct characters (code points) and `\n`, sorted by code point; a token is an index here. */
  readonly vocabulary: readonly string[];
  /** Every character of every line and the `\n` ending it: one target each. */
  readonly samples: number;
}

/** Reads UTF-8 text (a BOM dropped, `\r\n` read as `\n`) into lines and a vocabulary; an empty file is an error. */
export function readTextCorpus(bytes: Uint8Array): DataResult<TextCorpus> {
  const text = decodeSource(bytes).text.replace(/\r\n/g, '\n');
  const characters = new Set<string>(['\n']);
  for (const character of text) characters.add(character);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let samples = 0;
  for (const line of lines) samples += codePointCount(line) + 1;
  if (samples === 0) return dataError('Text file is empty: there is nothing to predict', 'path');
  return dataOk({ lines, vocabulary: [...characters].sort(compareByCodePoint), samples });
}

/** Characters as the string iterator counts them: a surrogate pair is one, a lone surrogate too. */
function codePointCount(line: string): number {
  let count = 0;
  for (const _character of line) count++;
  return count;
}
