import { resolve } from 'node:path';
import { checkDocument, oversizedDocument } from '../core/analysis';
import { decodeSource } from '../core/syntax';
import { ansiStyle, jsonReport, plainStyle, renderHumanReport, type CheckedFile } from './check-report';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { readModelBytes } from './model-file';
import type { Output } from './output';
import { ArgumentError } from './arguments';

export interface CheckArguments {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly root: string;
}

/** Reads and checks one file; an unreadable file is a usage-level failure (exit 2). */
function checkFile(path: string, root: string, fileAccess: NodeFileAccess): CheckedFile {
  const read = readModelBytes(path, `pass .dlmodel files (e.g. ${path}/*.dlmodel)`);
  if ('tooLarge' in read) {
    return { path, text: '', analysis: oversizedDocument(0, `${read.tooLarge.toLocaleString('en-US')} bytes, too large to check`) };
  }
  const decoded = decodeSource(read.bytes);
  const documentFolder = documentFolderOf(root, path);
  const analysis = checkDocument(decoded.text, { fileAccess, documentFolder });
  const diagnostics = [...decoded.diagnostics, ...analysis.diagnostics].sort((a, b) => a.range.start - b.range.start);
  return { path, text: decoded.text, analysis: { ...analysis, diagnostics } };
}

/** `dlmodel check`: exit 0 without errors, 1 with at least one error. */
export function runCheck(args: CheckArguments, output: Output): number {
  if (args.files.length === 0) throw new ArgumentError('check needs at least one .dlmodel file');
  const fileAccess = new NodeFileAccess(args.root);
  const root = resolve(args.root);
  const checked = args.files.map((file) => checkFile(file, root, fileAccess));
  if (args.json) output.stdout(JSON.stringify(jsonReport(checked), null, 2));
  else output.stdout(renderHumanReport(checked, output.colour ? ansiStyle : plainStyle));
  return checked.some((file) => file.analysis.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}
