import { statSync } from 'node:fs';
import { maxDocumentLength } from '../core/analysis';
import { decodeSource } from '../core/syntax';
import { readFailure, readRegularFile } from '../node/regular-file';
import type { FileReadResult } from '../core/analysis';
import { UsageError } from './output';

/** A model file that exists but cannot be used (exit 1): the message says why. */
export class ModelFileError extends Error {}

// UTF-8 takes at least one byte per UTF-16 unit, so 4× the limit always covers it.
const maxModelFileBytes = maxDocumentLength * 4;

/**
 * A file named on the command line (`label` names it in messages: the path, or `--init PATH`): its
 * bytes, or the refusal when it is larger than `maxBytes`. A folder, a missing path or anything
 * but a regular file (a FIFO, a device — read through readRegularFile, so nothing can block) is a
 * usage error (exit 2).
 */
export function readNamedFile(path: string, options: { readonly label?: string; readonly folderHint: string; readonly maxBytes: number }): Extract<FileReadResult, { kind: 'ok' | 'too-large' }> {
  const label = options.label ?? path;
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // Missing or unreadable: readRegularFile says which.
  }
  if (isFolder) throw new UsageError(`${label} is a folder; ${options.folderHint}`);
  const read = readRegularFile(path, { maxBytes: options.maxBytes });
  if (read.kind === 'ok' || read.kind === 'too-large') return read;
  throw new UsageError(`cannot read ${label}: ${readFailure(read)}`);
}

/** The bytes of a .dlmodel file named on the command line, or its size when it is too large to be one. */
export function readModelBytes(path: string, folderHint: string): { readonly bytes: Uint8Array } | { readonly tooLarge: number } {
  const read = readNamedFile(path, { folderHint, maxBytes: maxModelFileBytes });
  return read.kind === 'ok' ? { bytes: read.bytes } : { tooLarge: read.size };
}

/**
 * Reads the one .dlmodel file `train` and `export` work on: a missing or unreadable path or a
 * folder is a usage error (exit 2), a file too large to be a model is a ModelFileError (exit 1).
 */
export function readModelFile(path: string): string {
  const read = readModelBytes(path, 'pass one .dlmodel file');
  if ('tooLarge' in read) throw new ModelFileError(`${path} is ${read.tooLarge.toLocaleString('en-US')} bytes, too large for a .dlmodel file`);
  return decodeSource(read.bytes).text;
}
