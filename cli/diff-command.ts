import { checkDocument } from '../core/analysis';
import { LineIndex } from '../core/common/line-index';
import { diffModels } from '../core/analysis/model-diff';
import type { ModelSummary } from '../core/analysis';
import { documentFolderOf, NodeFileAccess } from '../node/node-file-access';
import { resolve } from 'node:path';
import { ModelFileError, readModelFile } from './model-file';
import type { Output } from './output';
import { ansiStyle, plainStyle } from './check-report';
import { jsonDiff, renderDiff } from './diff-report';

export interface DiffArguments {
  readonly before: string;
  readonly after: string;
  readonly json: boolean;
  readonly all: boolean;
  readonly root: string;
  /** The model to compare in both files; default: each file's first model. */
  readonly model?: string;
}

interface ReadModel {
  readonly model: ModelSummary;
  readonly lines: LineIndex;
}

function readModel(path: string, root: string, fileAccess: NodeFileAccess, name: string | undefined): ReadModel {
  const text = readModelFile(path);
  const analysis = checkDocument(text, { fileAccess, documentFolder: documentFolderOf(resolve(root), path) });
  const model = name === undefined ? analysis.models[0] : analysis.models.find((m) => m.name === name);
  if (model === undefined) {
    const names = analysis.models.map((m) => m.name).join(', ');
    throw new ModelFileError(name === undefined ? `${path} has no model to compare` : `${path} has no model ${name}${names ? `; it has ${names}` : ''}`);
  }
  return { model, lines: new LineIndex(text) };
}

/**
 * `dlmodel diff A B`: how model B differs from model A, layer by layer. Exit status as diff(1):
 * 0 when no layer differs, 1 when some do, 2 when there is nothing to compare (a file without
 * the model, or too large to be a model file), so a script can tell "differs" from "trouble".
 */
export function runDiff(args: DiffArguments, output: Output): number {
  const fileAccess = new NodeFileAccess(args.root);
  let before: ReadModel;
  let after: ReadModel;
  try {
    before = readModel(args.before, args.root, fileAccess, args.model);
    after = readModel(args.after, args.root, fileAccess, args.model);
  } catch (error) {
    if (!(error instanceof ModelFileError)) throw error;
    output.stderr(`dlmodel: ${error.message}`);
    return 2;
  }
  const diff = diffModels(before.model, after.model);
  const files = { beforePath: args.before, afterPath: args.after, beforeLines: before.lines, afterLines: after.lines };
  if (args.json) output.stdout(JSON.stringify(jsonDiff(diff, files), null, 2));
  else output.stdout(renderDiff(diff, files, output.colour ? ansiStyle : plainStyle, args.all));
  const t = diff.totals;
  return t.added + t.removed + t.changed === 0 ? 0 : 1;
}
