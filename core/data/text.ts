import type { ClassDataset } from './dataset';
import { readTextCorpus } from './text-corpus';
import { dataOk, type DataResult } from './result';

/**
 * Next-character prediction (spec section 6). Each line, followed by its `\n`, is a sequence of
 * tokens (indices into the sorted vocabulary); every token of it is one target, and its sample is
 * the `context` tokens before it within the line, padded on the left with `\n` tokens — so the first
 * character of a line is predicted from `context` newlines, as if each line started a new text.
 * Samples come line by line, in file order.
 */
export function loadText(bytes: Uint8Array, context: number): DataResult<ClassDataset> {
  const read = readTextCorpus(bytes);
  if (!read.ok) return read;
  const { lines, vocabulary, samples } = read.value;
  const tokenOf = new Map(vocabulary.map((character, token) => [character, token]));
  const newline = tokenOf.get('\n') as number;
  const inputs = new Float32Array(samples * context);
  const targets = new Int32Array(samples);
  let sample = 0;
  for (const line of lines) {
    const padded = new Array<number>(context).fill(newline);
    for (const character of line) padded.push(tokenOf.get(character) as number);
    padded.push(newline);
    for (let position = context; position < padded.length; position++, sample++) {
      for (let k = 0; k < context; k++) inputs[sample * context + k] = padded[position - context + k] as number;
      targets[sample] = padded[position] as number;
    }
  }
  return dataOk({ count: samples, inputs, sampleShape: [context], sampleSize: context, tokens: true, targetKind: 'classes', targets, classCount: vocabulary.length, classNames: vocabulary });
}
