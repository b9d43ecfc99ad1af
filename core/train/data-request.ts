import type { DataDescription } from '../analysis/data-probe';
import type { BoundArguments } from '../analysis/catalog/types';
import { resolveDataPath, type FileAccess } from '../analysis/file-access';
import { formatBytes } from '../common/format';
import type { DataSetRequest } from '../data';
import { fashionMnistClassNames, idxFolderCandidates, idxTrainFiles } from '../data/idx-folder';

export type DataRequestResult = { readonly ok: true; readonly request: DataSetRequest } | { readonly ok: false; readonly message: string };

/**
 * Turns a checked `data:` call into a request for core/data, reading the files it names through
 * `fileAccess` after the path-safety check (nothing is read before it).
 */
export function dataRequestOf(
  data: { readonly name: string; readonly args: BoundArguments },
  description: DataDescription,
  fileAccess: FileAccess | undefined,
  documentFolder: string,
): DataRequestResult {
  const { name, args } = data;
  const ok = (request: DataSetRequest): DataRequestResult => ({ ok: true, request });
  const readWritten = (written: string): { bytes: Uint8Array } | { message: string; missing?: true } => {
    const resolved = resolveDataPath(written, documentFolder);
    if (!resolved.ok) return { message: `data path "${written}" is not allowed: ${resolved.reason}` };
    if (!fileAccess) return { message: `data file "${written}" cannot be read here (no workspace)` };
    const file = fileAccess.readFile(resolved.path);
    switch (file.kind) {
      case 'ok':
        return { bytes: file.bytes };
      case 'missing':
        return { message: `data file "${written}" does not exist (looked for ${resolved.path})`, missing: true };
      case 'unreadable':
        return { message: `data file "${written}" cannot be read: ${file.reason}` };
      case 'too-large':
        return { message: `data file "${written}" is ${formatBytes(file.size)}, more than the ${formatBytes(file.limit)} limit` };
      case 'outside':
        return { message: `data path "${written}" leads outside the workspace folder through a link` };
      case 'untrusted':
        return { message: `data file "${written}" was not read: training needs a trusted workspace` };
      default: {
        const unreachable: never = file;
        return unreachable;
      }
    }
  };
  const read = (argument: string) => readWritten(args.text(argument));
  /** A standard file of an IDX folder: the gzipped name, else the raw one (as the checker reads them). */
  const readFromFolder = (base: string): { bytes: Uint8Array } | { message: string } => {
    const [gzipped, raw] = idxFolderCandidates(args.text('path'), base);
    const first = readWritten(gzipped);
    return 'missing' in first ? readWritten(raw) : first;
  };
  switch (name) {
    case 'xor':
    case 'circles':
    case 'moons':
    case 'plane':
      return ok({ name, points: args.number('points'), noise: args.number('noise') });
    case 'spirals':
      return ok({ name, classes: args.number('classes'), points: args.number('points'), noise: args.number('noise') });
    case 'signals':
      return ok({ name, classes: args.number('classes'), length: args.number('length'), samples: args.number('samples'), noise: args.number('noise') });
    case 'gaussians':
      return ok({ name, classes: args.number('classes'), points: args.number('points'), spread: args.number('spread') });
    case 'function':
      return ok({ name, expression: args.text('expression'), from: args.number('from'), to: args.number('to'), points: args.number('points'), noise: args.number('noise') });
    case 'digits':
      return ok({ name, flat: args.flag('flat') });
    case 'csv': {
      const file = read('path');
      if ('message' in file) return { ok: false, message: file.message };
      const target = args.get('target') === undefined ? undefined : args.text('target');
      return ok({ name, bytes: file.bytes, ...(target === undefined ? {} : { target }), classification: description.target.kind === 'classes', normalize: args.flag('normalize') });
    }
    case 'idx': {
      const images = read('images');
      if ('message' in images) return { ok: false, message: images.message };
      const labels = read('labels');
      if ('message' in labels) return { ok: false, message: labels.message };
      return ok({ name, images: images.bytes, labels: labels.bytes, limit: args.number('limit') });
    }
    case 'mnist':
    case 'fashion_mnist': {
      const images = readFromFolder(idxTrainFiles.images);
      if ('message' in images) return { ok: false, message: images.message };
      const labels = readFromFolder(idxTrainFiles.labels);
      if ('message' in labels) return { ok: false, message: labels.message };
      return ok({ name: 'idx', images: images.bytes, labels: labels.bytes, limit: args.number('limit'), ...(name === 'fashion_mnist' ? { classNames: fashionMnistClassNames } : {}) });
    }
    case 'text': {
      const file = read('path');
      if ('message' in file) return { ok: false, message: file.message };
      return ok({ name, bytes: file.bytes, context: args.number('context'), targets: args.text('targets') === 'all' ? 'all' : 'next', split: args.text('split') === 'contiguous' ? 'contiguous' : 'shuffled', stride: args.number('stride') });
    }
    default:
      return { ok: false, message: `data set ${name}(…) cannot be trained on` };
  }
}
