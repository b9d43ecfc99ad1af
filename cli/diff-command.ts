import { resolve } from 'node:path';
import { checkDocument } from '../core/analysis';
import { diffReport, type DiffInput } from '../core/ide';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';
import { ansiStyle, plainStyle } from './check-report';
import { renderDiff } from './diff-report';

export interface DiffArguments {
  readonly before: string;
  readonly after: string;
  readonly json: boolean;
  readonly all: boolean;
  readonly root: string;
  /** The model to compare in both files; default: each file's first model. */
  readonly model?: string;
}

function checkedFile(path: string, root: string, fileAccess: NodeFileAccess): DiffInput {
  const text = readModelFile(path);
  return { label: path, text, analysis: checkDocument(text, { fileAccess, documentFolder: documentFolderOf(resolve(root), path) }) };
}

/**
 * `dlmodel diff A B`: how model B differs from model A, layer by layer. Exit status as diff(1):
 * 0 when no layer differs, 1 when some do, 2 when there is nothing to compare (a file without
 * the model, or too large to be a model file), so a script can tell "differs" from "trouble".
 */
export function runDiff(args: DiffArguments, output: Output): number {
  const fileAccess = new NodeFileAccess(args.root);
  let report: ReturnType<typeof diffReport>;
  try {
    report = diffReport(checkedFile(args.before, args.root, fileAccess), checkedFile(args.after, args.root, fileAccess), args.model);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    report = { problem: error.message };
  }
  if ('problem' in report) {
    output.stderr(`dlmodel: ${report.problem}`);
    return 2;
  }
  if (args.json) output.stdout(JSON.stringify(report, null, 2));
  else output.stdout(renderDiff(report, output.colour ? ansiStyle : plainStyle, args.all));
  const t = report.totals;
  return t.added + t.removed + t.changed === 0 ? 0 : 1;
}
