/**
 * A prompt's tokens under a model's vocabulary, and the message when it has characters the
 * vocabulary lacks. Pure and small (the editor checks a
 * prompt as it is typed without loading the tensor engine).
 */

export type EncodeResult = { readonly ok: true; readonly tokens: number[] } | { readonly ok: false; readonly unknown: string[] };

/** A text's tokens (indices into the vocabulary, one per code point, "\r\n" read as "\n"), or the characters the vocabulary lacks. */
export function encodeText(vocabulary: readonly string[], text: string): EncodeResult {
  const tokenOf = new Map(vocabulary.map((character, token) => [character, token]));
  const tokens: number[] = [];
  const unknown = new Set<string>();
  for (const character of text.replace(/\r\n/g, '\n')) {
    const token = tokenOf.get(character);
    if (token === undefined) unknown.add(character);
    else tokens.push(token);
  }
  return unknown.size > 0 ? { ok: false, unknown: [...unknown] } : { ok: true, tokens };
}

/** A character as a message shows it: quoted, with "\n" and other invisible ones escaped. */
const shown = (character: string): string => JSON.stringify(character);

/** Why `prompt` cannot be fed to a model with this vocabulary (naming at most 10 of the characters it lacks), or undefined. */
export function promptProblem(vocabulary: readonly string[], prompt: string): string | undefined {
  const encoded = encodeText(vocabulary, prompt);
  if (encoded.ok) return undefined;
  const list = encoded.unknown.slice(0, 10).map(shown).join(', ');
  return `the prompt has characters the model never saw in training: ${list}${encoded.unknown.length > 10 ? `, … (${encoded.unknown.length} in all)` : ''} — use only characters of its ${vocabulary.length}-character vocabulary`;
}
