import { existsSync, lstatSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { checkDocument } from '../core/analysis';
import { formatBytes } from '../core/common/format';
import { buildExport, onnxOpset, type ExportTarget } from '../core/export';
import { documentFolderOf, NodeFileAccess, isInside, maxDataFileBytes } from '../node/node-file-access';
import { readFailure } from '../node/regular-file';
import { ModelFileError, readModelFile, readNamedFile } from './model-file';
import { UsageError, type Output } from './output';

export interface ExportArguments {
  readonly file: string;
  readonly to: ExportTarget;
  /** The output folder (pytorch) or file (onnx); default next to the .dlmodel file. */
  readonly out?: string;
  readonly train?: string;
  readonly model?: string;
  readonly epochs?: number;
  /** A policy block's episodes (env: …). */
  readonly episodes?: number;
  readonly seed?: number;
  /** A safetensors file with the initial weights. */
  readonly init?: string;
  /** The workspace folder: data paths and the output must stay inside it. */
  readonly root: string;
}

function readInitFile(path: string): Uint8Array {
  // Only a regular file, never a FIFO or a device (`--init /dev/zero` must not hang).
  const read = readNamedFile(path, { label: `--init ${path}`, folderHint: 'pass a .safetensors file', maxBytes: maxDataFileBytes });
  if (read.kind !== 'ok') throw new UsageError(`cannot read --init ${path}: ${readFailure(read)}`);
  return read.bytes;
}

/**
 * Refuses an output path outside the workspace root: by its text first, then through links (the
 * nearest existing folder above it, resolved, must be inside the real root), and an existing link
 * at the path itself.
 */
function checkOutputPath(path: string, root: string): void {
  const absolute = resolve(path);
  const realRoot = realpathSync(root);
  if (!isInside(resolve(root), absolute) && !isInside(realRoot, absolute)) {
    throw new UsageError(`--out ${path} is outside the workspace folder ${root} — write the export inside it (or pass --root)`);
  }
  let existing = absolute;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!isInside(realRoot, realpathSync(existing))) throw new UsageError(`--out ${path} leads outside the workspace folder through a link`);
  try {
    if (lstatSync(absolute).isSymbolicLink()) throw new UsageError(`--out ${path} is a link; refusing to write through it`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
}

/** Writes one file inside a checked folder, refusing to follow a link planted at its path. */
function writeInside(folder: string, name: string, contents: string | Uint8Array): string {
  const path = join(folder, name);
  try {
    if (lstatSync(path).isSymbolicLink()) throw new UsageError(`${path} is a link; refusing to write through it`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  writeFileSync(path, contents);
  return path;
}

const sizeOf = (contents: string | Uint8Array): number => (typeof contents === 'string' ? Buffer.byteLength(contents) : contents.length);

/**
 * `dlmodel export FILE --to pytorch|onnx [--out PATH]`: exit 0 when the files are written, 1 when
 * the model cannot be exported (errors in the file, weights that do not fit, …), 2 on a usage
 * error (bad arguments, an unreadable file, an output outside the workspace).
 */
export function runExport(args: ExportArguments, output: Output): number {
  const fail = (message: string): number => {
    output.stderr(`dlmodel: export: ${message}`);
    return 1;
  };
  if (args.to !== 'pytorch' && args.to !== 'onnx') throw new UsageError(`--to must be pytorch or onnx; got '${String(args.to)}'`);
  try {
    const text = readModelFile(args.file);
    const initWeights = args.init === undefined ? undefined : readInitFile(args.init);
    const root = resolve(args.root);
    const stem = basename(args.file, extname(args.file));
    const out = args.out ?? join(dirname(args.file), args.to === 'pytorch' ? `${stem}-pytorch` : `${stem}.onnx`);
    checkOutputPath(out, root);
    if (args.to === 'pytorch' && existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file; the PyTorch export is a folder`);
    if (args.to === 'onnx' && existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a folder; the ONNX export is one file (e.g. ${join(out, `${stem}.onnx`)})`);

    const fileAccess = new NodeFileAccess(args.root);
    const documentFolder = documentFolderOf(root, args.file);
    const analysis = checkDocument(text, { fileAccess, documentFolder });
    const exported = buildExport(analysis, {
      target: args.to,
      text,
      fileName: basename(args.file),
      fileAccess,
      documentFolder,
      ...(args.train === undefined ? {} : { trainName: args.train }),
      ...(args.model === undefined ? {} : { modelName: args.model }),
      ...(args.epochs === undefined ? {} : { epochs: args.epochs }),
      ...(args.episodes === undefined ? {} : { episodes: args.episodes }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(initWeights === undefined ? {} : { initWeights }),
    });
    if (!exported.ok) return fail(exported.message);

    if (args.to === 'onnx') {
      const file = exported.files[0]!;
      mkdirSync(dirname(resolve(out)), { recursive: true });
      writeInside(dirname(resolve(out)), basename(out), file.contents);
      output.stdout(`exported ${exported.model.name} to ${out} (ONNX opset ${onnxOpset}, ${formatBytes(sizeOf(file.contents))}): input [batch, ${exported.model.input!.join(', ')}] → output [batch, ${exported.model.output!.join(', ')}]`);
      return 0;
    }
    mkdirSync(out, { recursive: true });
    const written = exported.files.map((file) => {
      writeInside(out, file.path, file.contents);
      return `${file.path} (${formatBytes(sizeOf(file.contents))})`;
    });
    const what = exported.plan ? `${exported.model.name}${exported.plan.trainName ? ` (train ${exported.plan.trainName})` : ''}` : `${exported.model.name} (model only: no train block)`;
    output.stdout(`exported ${what} to ${out}${out.endsWith(sep) ? '' : sep}: ${written.join(', ')}`);
    if (exported.plan) output.stdout('kind' in exported.plan ? `run it: cd ${out} && python3 train.py   (REINFORCE in ${exported.plan.env.name}, ${exported.plan.episodes} episodes)` : `run it: cd ${out} && python3 train.py   (or: torchrun --nproc_per_node 2 train.py)`);
    return 0;
  } catch (error) {
    if (error instanceof ModelFileError) return fail(error.message);
    throw error;
  }
}
