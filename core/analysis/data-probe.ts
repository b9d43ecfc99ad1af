import { csvParseRows } from 'd3-dsv';
import { gunzipSync } from 'fflate';
import { decodeSource } from '../syntax/decode';
import type { DiagnosticCode } from '../common/codes';
import { formatCount } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { parseExpression } from '../data/expression';
import type { BoundArguments } from './catalog/types';
import type { LossTarget } from './catalog';
import { resolveDataPath, type FileAccess } from './file-access';
import type { Shape } from './summary';

/** What a data set yields, as far as the setup checks need to know. */
export interface DataDescription {
  readonly sampleShape: Shape;
  readonly target: { readonly kind: 'classes'; readonly count: number } | { readonly kind: 'real'; readonly shape: Shape };
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
    case 'plane':
      return { description: { sampleShape: [2], target: { kind: 'real', shape: [1] }, samples: args.number('points'), tokens: false } };
    case 'function':
      return probeFunction(args);
    case 'digits':
      return { description: { sampleShape: args.flag('flat') ? [64] : [1, 8, 8], target: { kind: 'classes', count: 10 }, samples: 1797, tokens: false } };
    case 'csv':
      return withFile(args.text('path'), 'path', context, (bytes) => probeCsv(bytes, args, context.lossTarget), `csv\0${args.get('target') === undefined ? '' : args.text('target')}\0${context.lossTarget ?? ''}`);
    case 'idx':
      return probeIdx(args, context);
    case 'text':
      return withFile(args.text('path'), 'path', context, (bytes) => probeText(bytes, args.number('context')), `text\0${args.number('context')}`);
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
  if (!byKey) probeCache.set(bytes, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = probe(bytes)));
  return result;
}

/** Resolves and reads a data file, turning every failure into a DL510/DL511/DL516 problem. */
function withFile(written: string, argument: string, context: ProbeContext, read: (bytes: Uint8Array) => ProbeResult, cacheKey?: string): ProbeResult {
  const resolved = resolveDataPath(written, context.documentFolder);
  if (!resolved.ok) return { problem: { code: 'DL511', message: `Data path "${written}" is not allowed: ${resolved.reason}`, argument } };
  if (!context.fileAccess) return { unknown: true };
  const file = context.fileAccess.readFile(resolved.path);
  switch (file.kind) {
    case 'ok':
      return cacheKey === undefined ? read(file.bytes) : cachedProbe(file.bytes, cacheKey, read);
    case 'missing':
      return { problem: { code: 'DL510', message: `Data file "${written}" does not exist (looked for ${resolved.path} in the workspace) — check the path; it is relative to this .dlmodel file`, argument } };
    case 'unreadable':
      return { problem: { code: 'DL510', message: `Data file "${written}" cannot be read: ${file.reason}`, argument } };
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

function isNumeric(cell: string): boolean {
  return cell.trim() !== '' && Number.isFinite(Number(cell));
}

function probeCsv(bytes: Uint8Array, args: BoundArguments, lossTarget: LossTarget | undefined): ProbeResult {
  const rows = csvParseRows(decodeSource(bytes).text.replace(/^\uFEFF/, '')).filter((row) => !(row.length === 1 && row[0]!.trim() === ''));
  const header = rows[0];
  if (!header || header.length < 2) return { problem: { code: 'DL515', message: 'CSV file needs a header row and at least two columns (features and a target)', argument: 'path' } };
  const targetName = args.get('target') === undefined ? (header[header.length - 1] as string) : args.text('target');
  const targetIndex = header.indexOf(targetName);
  if (targetIndex < 0) {
    return { problem: { code: 'DL515', message: `CSV file has no column "${targetName}"${didYouMean(closestName(targetName, header))} (columns: ${header.join(', ')})`, argument: 'target' } };
  }
  const data = rows.slice(1);
  if (data.length === 0) return { problem: { code: 'DL515', message: 'CSV file has a header but no data rows', argument: 'path' } };
  let targetIsText = false;
  const distinctTargets = new Set<string>();
  for (let r = 0; r < data.length; r++) {
    const row = data[r] as string[];
    if (row.length !== header.length) {
      return { problem: { code: 'DL515', message: `CSV row ${r + 2} has ${row.length} fields; the header has ${header.length}`, argument: 'path' } };
    }
    for (let c = 0; c < row.length; c++) {
      const cell = row[c] as string;
      if (c === targetIndex) {
        distinctTargets.add(cell.trim());
        if (!isNumeric(cell)) targetIsText = true;
      } else if (!isNumeric(cell)) {
        return { problem: { code: 'DL515', message: `CSV column "${header[c]}" must be numeric; row ${r + 2} has ${JSON.stringify(cell)} — fix the value or make it the target`, argument: 'path' } };
      }
    }
  }
  const features = header.length - 1;
  const classification = targetIsText || lossTarget === 'classes' || lossTarget === 'binary';
  return {
    description: {
      sampleShape: [features],
      target: classification ? { kind: 'classes', count: distinctTargets.size } : { kind: 'real', shape: [1] },
      samples: data.length,
      tokens: false,
    },
  };
}

function readIdx(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

function bigEndian(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

function probeIdx(args: BoundArguments, context: ProbeContext): ProbeResult {
  let images: { count: number; height: number; width: number } | undefined;
  const imageResult = withFile(args.text('images'), 'images', context, (raw) => {
    const bytes = safeGunzip(raw);
    if (!bytes) return { problem: { code: 'DL515', message: 'IDX images file is not valid gzip data', argument: 'images' } };
    if (bytes.length < 16 || bigEndian(bytes, 0) !== 0x00000803) {
      return { problem: { code: 'DL515', message: 'IDX images file must start with magic 0x00000803 (unsigned bytes, 3 dimensions) — is it the labels file?', argument: 'images' } };
    }
    images = { count: bigEndian(bytes, 4), height: bigEndian(bytes, 8), width: bigEndian(bytes, 12) };
    if (bytes.length < 16 + images.count * images.height * images.width) {
      return { problem: { code: 'DL515', message: `IDX images file is truncated: the header promises ${formatCount(images.count)} images of ${images.height}×${images.width}`, argument: 'images' } };
    }
    return { unknown: true };
  });
  if (!('unknown' in imageResult) || !images) return imageResult;
  const found = images;
  return withFile(args.text('labels'), 'labels', context, (raw) => {
    const bytes = safeGunzip(raw);
    if (!bytes) return { problem: { code: 'DL515', message: 'IDX labels file is not valid gzip data', argument: 'labels' } };
    if (bytes.length < 8 || bigEndian(bytes, 0) !== 0x00000801) {
      return { problem: { code: 'DL515', message: 'IDX labels file must start with magic 0x00000801 (unsigned bytes, 1 dimension)', argument: 'labels' } };
    }
    const count = bigEndian(bytes, 4);
    if (count !== found.count || bytes.length < 8 + count) {
      return { problem: { code: 'DL515', message: `IDX labels file has ${formatCount(count)} labels for ${formatCount(found.count)} images`, argument: 'labels' } };
    }
    let maxLabel = 0;
    for (let i = 8; i < 8 + count; i++) maxLabel = Math.max(maxLabel, bytes[i]!);
    const limit = args.number('limit');
    const samples = limit > 0 ? Math.min(limit, count) : count;
    return { description: { sampleShape: [1, found.height, found.width], target: { kind: 'classes', count: maxLabel + 1 }, samples, tokens: false } };
  });
}

/** Decompressed IDX files by their compressed bytes, so an unchanged file is inflated once. */
const inflated = new WeakMap<Uint8Array, Uint8Array | undefined>();

function safeGunzip(bytes: Uint8Array): Uint8Array | undefined {
  if (inflated.has(bytes)) return inflated.get(bytes);
  let result: Uint8Array | undefined;
  try {
    result = readIdx(bytes);
  } catch {
    result = undefined; // corrupt gzip: reported as a malformed file, not a crash
  }
  inflated.set(bytes, result);
  return result;
}

/** Vocabulary and sample count of `text(…)`; see core/data for the tokenisation itself. */
function probeText(bytes: Uint8Array, contextLength: number): ProbeResult {
  const text = decodeSource(bytes).text.replace(/\r\n/g, '\n');
  const vocabulary = new Set<string>(['\n']);
  for (const character of text) vocabulary.add(character);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // Every character of every line, and the `\n` that ends it, is one prediction target.
  let samples = 0;
  for (const line of lines) samples += [...line].length + 1;
  if (samples === 0) return { problem: { code: 'DL515', message: 'Text file is empty: there is nothing to predict', argument: 'path' } };
  return { description: { sampleShape: [contextLength], target: { kind: 'classes', count: vocabulary.size }, samples, tokens: true } };
}
