import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { RunRecord } from '../protocol/run-record';
import { recordFromTrainJson } from '../protocol/train-json-record';
import { isInside } from './paths';
import { readFailure, readRegularFile } from './regular-file';

/** A record larger than this is not a run record (a long run's JSON lines are a few MB). */
const maxRecordBytes = 256 * 1024 * 1024;

/**
 * Reads a run record written by `dlmodel train --json` from a file inside the workspace folder
 * `workspaceRoot` (the opened file is checked, so neither `..` nor a link leads out) and turns it
 * into a panel run. Returns a sentence saying what is wrong instead: outside the workspace, not
 * readable, not text, or not a record (with the line).
 */
export function readRunRecordFile(file: string, workspaceRoot: string): RunRecord | string {
  let root: string;
  try {
    root = realpathSync(workspaceRoot);
  } catch {
    return `the workspace folder ${workspaceRoot} cannot be read`;
  }
  const shown = relative(root, resolve(file)).split(sep).join('/');
  if (!isInside(resolve(workspaceRoot), resolve(file)) && !isInside(root, resolve(file))) return `${file} is outside the workspace folder: open a record inside it`;
  const read = readRegularFile(file, { maxBytes: maxRecordBytes, insideFolder: root });
  if (read.kind !== 'ok') return `cannot read ${shown}: ${readFailure(read)}`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return `${shown} is not a text file: a run record is the JSON lines of dlmodel train --json`;
  }
  return recordFromTrainJson(text, { runId: `record:${shown}`, path: shown });
}
