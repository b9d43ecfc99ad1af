import type { ClassDataset } from './dataset';
import { forEachTextCharacter, readTextCorpus } from './text-corpus';
import { dataOk, type DataResult } from './result';

/**
 * Next-character prediction (spec section 6). Each line, followed by its `\n`, is a sequence of
 * tokens (indices into the sorted vocabulary); every token of it is one target, and its sample is
 * the `context` tokens before it within the line, padded on the left with `\n` tokens — so the first
 * character of a line is predicted from `context` newlines, as if each line started a new text.
 * Samples come line by line, in file order. The text is read as a stream of characters with a window
 * of the last `context` tokens, so no line is ever held as a string.
 */
export function loadText(bytes: Uint8Array, context: number): DataResult<ClassDataset> {
  const read = readTextCorpus(bytes);
  if (!read.ok) return read;
  const { vocabulary, samples } = read.value;
  const tokenOf = new Map(vocabulary.map((character, token) => [character, token]));
  const newline = tokenOf.get('\n') as number;
  const inputs = new Float32Array(samples * context);
  const targets = new Int32Array(samples);
  // The window is a ring: the oldest token sits at `oldest`.
  const window = new Array<number>(context).fill(newline);
  let oldest = 0;
  let sample = 0;
  forEachTextCharacter(bytes, (character) => {
    const token = tokenOf.get(character) as number;
    for (let k = 0; k < context; k++) inputs[sample * context + k] = window[(oldest + k) % context] as number;
    targets[sample++] = token;
    if (token === newline) window.fill(newline);
    else if (context > 0) {
      window[oldest] = token;
      oldest = (oldest + 1) % context;
    }
  });
  return dataOk({ count: samples, inputs, sampleShape: [context], sampleSize: context, tokens: true, targetKind: 'classes', targets, classCount: vocabulary.length, classNames: vocabulary });
}
