/**
 * What a text model needs besides its weights to read and write characters: the vocabulary (token
 * i is vocabulary[i]), the context length and what it was trained to predict. It travels in the
 * weights file's `__metadata__` (strings only: the vocabulary as a JSON array), so a saved model
 * can generate text without its corpus, and in the PyTorch export's vocabulary.json.
 */
import { textTargets, type TextTargets } from '../data/text';

export interface TextModelInfo {
  /** The characters, sorted by code point as `text(…)` sorts them; always includes "\n". */
  readonly vocabulary: readonly string[];
  /** Tokens the model reads: its input [context]. */
  readonly context: number;
  readonly targets: TextTargets;
}

/** The metadata keys (safetensors `__metadata__`) of a text model. */
export function textMetadata(info: TextModelInfo): Record<string, string> {
  return { vocabulary: JSON.stringify(info.vocabulary), context: String(info.context), targets: info.targets };
}

export type TextMetadataResult = { readonly ok: true; readonly info: TextModelInfo | undefined } | { readonly ok: false; readonly message: string };

/** The text model a weights file's metadata describes: undefined when it has no vocabulary, an error when it is malformed. */
export function readTextMetadata(metadata: Readonly<Record<string, string>>): TextMetadataResult {
  const written = metadata['vocabulary'];
  if (written === undefined) return { ok: true, info: undefined };
  const fail = (why: string): TextMetadataResult => ({ ok: false, message: `the weights' text metadata is malformed: ${why}` });
  let vocabulary: unknown;
  try {
    vocabulary = JSON.parse(written);
  } catch {
    return fail('vocabulary is not JSON');
  }
  if (!Array.isArray(vocabulary) || !vocabulary.every((c): c is string => typeof c === 'string' && [...c].length === 1)) return fail('vocabulary is not a list of single characters');
  if (new Set(vocabulary).size !== vocabulary.length || !vocabulary.includes('\n')) return fail('vocabulary repeats a character or lacks "\\n"');
  const context = Number(metadata['context']);
  if (!Number.isInteger(context) || context < 1) return fail(`context ${JSON.stringify(metadata['context'] ?? null)} is not a positive integer`);
  const targets = metadata['targets'] ?? 'next';
  if (!(textTargets as readonly string[]).includes(targets)) return fail(`targets '${targets}' is not ${textTargets.join(' or ')}`);
  return { ok: true, info: { vocabulary, context, targets: targets as TextTargets } };
}

/** Why weights trained on `saved` cannot be used with `current` (their token ids mean other characters), or undefined when they agree. */
export function vocabularyMismatch(saved: TextModelInfo, current: TextModelInfo): string | undefined {
  const same = saved.vocabulary.length === current.vocabulary.length && saved.vocabulary.every((c, i) => c === current.vocabulary[i]);
  if (same) return undefined;
  const missing = current.vocabulary.filter((c) => !saved.vocabulary.includes(c));
  const what = missing.length > 0 ? `it lacks ${missing.slice(0, 5).map((c) => JSON.stringify(c)).join(', ')}${missing.length > 5 ? ', …' : ''}` : 'the token ids mean other characters';
  return `they were trained on a vocabulary of ${saved.vocabulary.length} characters, the data has ${current.vocabulary.length} (${what})`;
}
