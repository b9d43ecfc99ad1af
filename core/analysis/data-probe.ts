import type { DiagnosticCode } from '../common/codes';
import { formatBytes } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { digitsClassCount, digitsCount } from '../data/builtin/digits-info';
import { csvClassNames, readCsvTable } from '../data/csv-table';
import { parseExpression } from '../data/expression';
import { idxFolderCandidates, idxTrainFiles } from '../data/idx-folder';
import { idxClassCount, idxSampleCount, readIdxLabels, scanIdxImages, type IdxShape } from '../data/idx-file';
import type { DataError } from '../data/result';
import { readTextCorpus } from '../data/text-corpus';
import { textSampleCount } from '../data/text';
import type { BoundArguments } from './catalog/types';
import type { LossTarget } from './catalog';
import { resolveDataPath, type FileAccess } from './file-access';
import type { Shape } from './summary';

/** What a data set yields, as far as the setup checks need to know. */
export interface DataDescription {
  readonly sampleShape: Shape;
  /**
   * Class targets (with `positions`, one per input position: `text(…, targets: all)`, whose model
   * outputs [positions, count]) or real-valued targets of a shape.
   */
  readonly target: { readonly kind: 'classes'; readonly count: number; readonly positions?: number } | { readonly kind: 'real'; readonly shape: Shape };
  /** Total samples before the validation split. */
  readonly samples: number;
  /** True when samples are integer tokens (text), which only an `embedding` can read. */
  readonly tokens: boolean;
}

/** A problem found while describing a data set, tied to the argument it is about. */
export interface DataProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** The argument the problem is about (`path`, `target`, `to`, …); the call itself when absent. */
  readonly argument?: string;
  /** Offset inside a string argument's value, for expression errors. */
  readonly offsetInValue?: number;
}

export interface ProbeContext {
  /** Without file access (no workspace), file-based data sets are not described. */
  readonly fileAccess?: FileAccess;
  readonly documentFolder: string;
  /** What the train block's loss needs; decides whether numeric CSV targets are classes. */
  readonly lossTarget?: LossTarget;
}

export type ProbeResult = { readonly description: DataDescription } | { readonly problem: DataProblem } | { readonly unknown: true };

const twoClasses = { kind: 'classes', count: 2 } as const;
const generator = (samples: number, classes: number): ProbeResult => ({ description: { sampleShape: [2], target: { kind: 'classes', count: classes }, samples, tokens: false } });

/** Describes a checked data-set call: its sample shape, target kind and size. Reads files through the context. */
export function probeDataSet(name: string, args: BoundArguments, context: ProbeContext): ProbeResult {
  switch (name) {
    case 'xor':
    case 'circles':
    case 'moons':
      return generator(args.number('points'), twoClasses.count);
    case 'spirals':
    case 'gaussians':
      return generator(args.number('points'), args.number('classes'));
    case 'signals':
      return { description: { sampleShape: [1, args.number('length')], target: { kind: 'classes', count: args.number('classes') }, samples: args.number('samples'), tokens: false } };
    case 'plane':
      return { description: { sampleShape: [2], target: { kind: 'real', shape: [1] }, samples: args.number('points'), tokens: false } };
    case 'function':
      return probeFunction(args);
    case 'digits':
      return { description: { sampleShape: args.flag('flat') ? [64] : [1, 8, 8], target: { kind: 'classes', count: digitsClassCount }, samples: digitsCount, tokens: false } };
    case 'csv':
      return withFile(args.text('path'), 'path', context, (bytes) => probeCsv(bytes, args, context.lossTarget), `csv\0${args.get('target') === undefined ? '' : args.text('target')}\0${context.lossTarget ?? ''}`);
    case 'idx':
      return probeIdx(args, context);
    case 'mnist':
    case 'fashion_mnist':
      return probeIdxFolder(args, context);
    case 'text':
      return withFile(args.text('path'), 'path', context, (bytes) => probeText(bytes, args.number('context'), args.text('targets') === 'all', args.number('stride')), `text\0${args.number('context')}\0${args.text('targets')}\0${args.number('stride')}`);
    default:
      return { unknown: true };
  }
}

function probeFunction(args: BoundArguments): ProbeResult {
  const parsed = parseExpression(args.text('expression'));
  if (!parsed.ok) {
    const near = parsed.error.unknownName ? closestName(parsed.error.unknownName, ['x', 'pi', 'e', 'sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'relu']) : undefined;
    return {
      problem: {
        code: 'DL305',
        message: `function expression: ${parsed.error.message}${didYouMean(near)} — use x, numbers, + - * / ^, parentheses, pi, e and sin cos tan exp log sqrt abs tanh sigmoid relu`,
        argument: 'expression',
        offsetInValue: parsed.error.offset,
      },
    };
  }
  if (!(args.number('from') < args.number('to'))) {
    return { problem: { code: 'DL306', message: `function needs from < to; got from ${args.number('from')} and to ${args.number('to')} — swap them`, argument: 'to' } };
  }
  return { description: { sampleShape: [1], target: { kind: 'real', shape: [1] }, samples: args.number('points'), tokens: false } };
}

/**
 * Probe results by the bytes they were computed from, then by the arguments that shaped them. The
 * language server re-checks on every keystroke; a file access that returns the same bytes object for
 * an unchanged file makes re-probing free.
 */
const probeCache = new WeakMap<Uint8Array, Map<string, ProbeResult>>();

function cachedProbe(bytes: Uint8Array, key: string, probe: (bytes: Uint8Array) => ProbeResult): ProbeResult {
  let byKey = probeCache.get(bytes);
  if (!byKey) probeCache.set(bytes, (byKey = new Map<string, ProbeResult>()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = probe(bytes)));
  return result;
}

/** A data file's bytes, or why there are none: `missing` (by its resolved path) or another problem. */
type FileOutcome = { readonly bytes: Uint8Array } | { readonly missing: string } | ProbeResult;

/** Resolves and reads a data file, turning every failure except a missing file into a DL511/DL510/DL516 problem. */
function readDataFile(written: string, argument: string, context: ProbeContext): FileOutcome {
  const resolved = resolveDataPath(written, context.documentFolder);
  if (!resolved.ok) return { problem: { code: 'DL511', message: `Data path "${written}" is not allowed: ${resolved.reason}`, argument } };
  if (!context.fileAccess) return { unknown: true };
  const file = context.fileAccess.readFile(resolved.path);
  switch (file.kind) {
    case 'ok':
      return { bytes: file.bytes };
    case 'missing':
      return { missing: resolved.path };
    case 'unreadable':
      return { problem: { code: 'DL510', message: `Data file "${written}" cannot be read: ${file.reason}`, argument } };
    case 'too-large':
      return { problem: { code: 'DL510', message: `Data file "${written}" is ${formatBytes(file.size)}, more than the ${formatBytes(file.limit)} a data file may have — use a smaller file`, argument } };
    case 'outside':
      return { problem: { code: 'DL511', message: `Data path "${written}" leads outside the workspace folder through a link — copy the file into the workspace`, argument } };
    case 'untrusted':
      return { problem: { code: 'DL516', message: `Data file "${written}" was not read: checking data files needs a trusted workspace`, argument } };
    default: {
      const unreachable: never = file;
      return unreachable;
    }
  }
}

/** Reads a data file and describes it with `read`, every failure a DL510/DL511/DL516 problem. */
function withFile(written: string, argument: string, context: ProbeContext, read: (bytes: Uint8Array) => ProbeResult, cacheKey?: string): ProbeResult {
  const outcome = readDataFile(written, argument, context);
  if ('missing' in outcome) {
    return { problem: { code: 'DL510', message: `Data file "${written}" does not exist (looked for ${outcome.missing} in the workspace) — check the path; it is relative to this .dlmodel file`, argument } };
  }
  if (!('bytes' in outcome)) return outcome;
  return cacheKey === undefined ? read(outcome.bytes) : cachedProbe(outcome.bytes, cacheKey, read);
}

/**
 * One standard file of an IDX folder (`mnist(path)`): the gzipped name, else the raw one. Both
 * missing is DL510 naming both; any other failure of the first is reported as it is.
 */
function withFolderFile(folder: string, base: string, context: ProbeContext, read: (bytes: Uint8Array) => ProbeResult): ProbeResult {
  if (folder === '') return { problem: { code: 'DL511', message: 'The data folder path is empty — write "." for the folder of this .dlmodel file', argument: 'path' } };
  const looked: string[] = [];
  for (const written of idxFolderCandidates(folder, base)) {
    const outcome = readDataFile(written, 'path', context);
    if ('bytes' in outcome) return aboutFolderFile(read(outcome.bytes), written);
    if (!('missing' in outcome)) return outcome;
    looked.push(outcome.missing);
  }
  return { problem: { code: 'DL510', message: `Data folder "${folder}" has no ${base}.gz or ${base} (looked for ${looked.join(' and ')} in the workspace) — put the standard MNIST files there; the path is relative to this .dlmodel file`, argument: 'path' } };
}

/** A file format problem found by core/data's readers, as a DL515 on the argument it is about. */
function formatProblem(error: DataError): ProbeResult {
  return { problem: { code: 'DL515', message: error.message, ...(error.argument === undefined ? {} : { argument: error.argument }) } };
}

/** CSV shape and target kind, read by the same code as the loader (core/data/csv-table.ts). */
function probeCsv(bytes: Uint8Array, args: BoundArguments, lossTarget: LossTarget | undefined): ProbeResult {
  const read = readCsvTable(bytes, args.get('target') === undefined ? undefined : args.text('target'));
  if (!read.ok) return formatProblem(read.error);
  const table = read.value;
  const sampleShape = [table.header.length - 1];
  if (!(table.targetIsText || lossTarget === 'classes' || lossTarget === 'binary')) {
    return { description: { sampleShape, target: { kind: 'real', shape: [1] }, samples: table.rowCount, tokens: false } };
  }
  const classNames = csvClassNames(table);
  if (!classNames.ok) return formatProblem(classNames.error);
  return { description: { sampleShape, target: { kind: 'classes', count: classNames.value.length }, samples: table.rowCount, tokens: false } };
}

/** IDX headers, read by the same code as the loader (core/data/idx-file.ts); the pixels are scanned, not kept. */
function probeIdx(args: BoundArguments, context: ProbeContext): ProbeResult {
  return probeIdxFiles(args.number('limit'), (read) => withFile(args.text('images'), 'images', context, read), (read) => withFile(args.text('labels'), 'labels', context, read));
}

/** `mnist(path)`, `fashion_mnist(path)`: the standard training files of the folder, described as `idx(…)` describes them. */
function probeIdxFolder(args: BoundArguments, context: ProbeContext): ProbeResult {
  const folder = args.text('path');
  return probeIdxFiles(args.number('limit'), (read) => withFolderFile(folder, idxTrainFiles.images, context, read), (read) => withFolderFile(folder, idxTrainFiles.labels, context, read));
}

/** A format problem of a folder's file, moved to the call's `path` and naming the file it is in. */
function aboutFolderFile(result: ProbeResult, written: string): ProbeResult {
  return 'problem' in result ? { problem: { ...result.problem, argument: 'path', message: `${written}: ${result.problem.message}` } } : result;
}

type FileReader = (read: (bytes: Uint8Array) => ProbeResult) => ProbeResult;

function probeIdxFiles(limit: number, withImages: FileReader, withLabels: FileReader): ProbeResult {
  let images: IdxShape | undefined;
  const imageResult = withImages((raw) => {
    const read = scanIdxImages(raw);
    if (!read.ok) return formatProblem(read.error);
    images = read.value;
    return { unknown: true };
  });
  if (!('unknown' in imageResult) || !images) return imageResult;
  const found = images;
  return withLabels((raw) => {
    const read = readIdxLabels(raw, found.count);
    if (!read.ok) return formatProblem(read.error);
    const samples = idxSampleCount(found.count, limit);
    return { description: { sampleShape: [1, found.height, found.width], target: { kind: 'classes', count: idxClassCount(read.value) }, samples, tokens: false } };
  });
}

/** Vocabulary and sample count of `text(…)`, read by the same code as the loader (core/data/text-corpus.ts). */
function probeText(bytes: Uint8Array, contextLength: number, everyPosition: boolean, stride: number): ProbeResult {
  const read = readTextCorpus(bytes);
  if (!read.ok) return formatProblem(read.error);
  const kept = textSampleCount(read.value.samples, stride);
  if (!kept.ok) return formatProblem(kept.error);
  const samples = kept.value;
  const count = read.value.vocabulary.length;
  const target = everyPosition ? { kind: 'classes', count, positions: contextLength } as const : { kind: 'classes', count } as const;
  return { description: { sampleShape: [contextLength], target, samples, tokens: true } };
}
