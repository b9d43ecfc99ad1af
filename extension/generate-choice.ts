/**
 * The pure half of *Generate Text…* (no vscode, tested below the UI): which weights it generates
 * from, and what its temperature and length boxes accept. (The prompt box checks what is typed
 * with core/generate/encode.ts's promptProblem against the weights' vocabulary: the message
 * `dlmodel generate` prints.)
 */
import { generationDefaults, maxGenerationLength, maxSeed, maxTopK } from '../core/generate/defaults';
import { samplingProblem } from '../core/generate/sampling';
import { decodeSafetensors } from '../core/export/safetensors';
import { readTextMetadata, type TextModelInfo } from '../core/export/text-metadata';
import type { FinishedRun } from './export-weights';

/** The characters generated when the length box is left as it is (the CLI's --length default). */
export const defaultLength = generationDefaults.length;
/** The longest generation the box accepts: the CLI's --length limit. */
export const maxLength = maxGenerationLength;

export type TextRunChoice =
  | { readonly kind: 'text'; readonly run: FinishedRun; readonly info: TextModelInfo }
  /** No run of this document finished in this window (or its weights are no longer kept). */
  | { readonly kind: 'none' }
  /** The latest run trained on other data: its weights have no vocabulary. */
  | { readonly kind: 'not-text'; readonly run: FinishedRun };

/** The vocabulary and context saved in safetensors weights, or undefined when they carry none (or are unreadable). */
export function weightsTextInfo(weights: Uint8Array): TextModelInfo | undefined {
  const decoded = decodeSafetensors(weights);
  if (!decoded.ok) return undefined;
  const read = readTextMetadata(decoded.file.metadata);
  return read.ok ? read.info : undefined;
}

/** The latest finished run of `documentKey` in this window, if it trained a text model. */
export function latestTextRun(finished: readonly FinishedRun[], documentKey: string): TextRunChoice {
  const run = finished.filter((r) => r.documentKey === documentKey).at(-1);
  if (!run) return { kind: 'none' };
  const info = weightsTextInfo(run.weights);
  return info ? { kind: 'text', run, info } : { kind: 'not-text', run };
}

/** The temperature typed, or NaN when it is not a plain number. */
export function parseTemperature(text: string): number {
  return /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** Why the temperature box's text is refused (the CLI's range: 0 to 100), or undefined. */
export function temperatureInputProblem(text: string): string | undefined {
  const temperature = parseTemperature(text);
  if (Number.isNaN(temperature) || temperature > 100) return 'a number from 0 to 100: below 1 sharper, above 1 more varied, 0 always the likeliest character';
  return samplingProblem({ temperature, topK: 0 });
}

/** The length typed, or NaN when it is not a whole number. */
export function parseLength(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** Why the length box's text is refused, or undefined. */
export function lengthInputProblem(text: string): string | undefined {
  const length = parseLength(text);
  return Number.isInteger(length) && length >= 1 && length <= maxLength ? undefined : `a whole number of characters from 1 to ${maxLength.toLocaleString('en-US')}`;
}

/** A whole number typed, or NaN. */
function parseWhole(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The top-k typed (0: every character), or NaN when it is not a whole number. */
export const parseTopK = parseWhole;

/** Why the top-k box's text is refused (the CLI's --top-k range), or undefined. */
export function topKInputProblem(text: string): string | undefined {
  const k = parseTopK(text);
  return Number.isInteger(k) && k <= maxTopK ? undefined : `a whole number from 0 to ${maxTopK.toLocaleString('en-US')}: sample among the k likeliest characters only (0: all)`;
}

/** The seed typed, or NaN when it is not a whole number. */
export const parseSeed = parseWhole;

/** Why the seed box's text is refused (the CLI's --seed range), or undefined. */
export function seedInputProblem(text: string): string | undefined {
  const seed = parseSeed(text);
  return Number.isInteger(seed) && seed <= maxSeed ? undefined : `a whole number from 0 to ${maxSeed.toLocaleString('en-US')}: the same seed gives the same text`;
}
