import { readFileSync, statSync } from 'node:fs';
import { maxDocumentLength } from '../core/analysis';
import { decodeSource } from '../core/syntax';
import { UsageError } from './output';

/** A model file that exists but cannot be used (exit 1): the message says why. */
export class ModelFileError extends Error {}

/**
 * Reads the one .dlmodel file `train` and `export` work on: a missing or unreadable path or a
 * folder is a usage error (exit 2), a file too large to be a model is a ModelFileError (exit 1).
 */
export function readModelFile(path: string): string {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UsageError(`${path} is a folder; pass one .dlmodel file`);
    if (stats.size > maxDocumentLength * 4) throw new ModelFileError(`${path} is ${stats.size.toLocaleString('en-US')} bytes, too large for a .dlmodel file`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ModelFileError) throw error;
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return decodeSource(readFileSync(path)).text;
}
