import type { ClassDataset } from './dataset';
import { forEachTextCharacter, readTextCorpus } from './text-corpus';
import { dataError, dataOk, type DataResult } from './result';

/** What `text(…, targets:)` predicts: the character after the context, or the next character at every position. */
export const textTargets = ['next', 'all'] as const;
export type TextTargets = (typeof textTargets)[number];

/**
 * How `text(…, split:)` holds out the validation fraction: `shuffled` (every data set's split: random
 * samples) or `contiguous`: the text's last samples, as a PyTorch character model does with
 * `data[:n]` / `data[n:]` — so no held-out character is the target of any position of a training
 * window (with `targets: all`, a shuffled split trains on most held-out characters from the
 * neighbouring windows).
 */
export const textSplits = ['shuffled', 'contiguous'] as const;
export type TextSplit = (typeof textSplits)[number];

/**
 * Next-character prediction (spec section 6). Each line, followed by its `\n`, is a sequence of
 * tokens (indices into the sorted vocabulary); every token of it is one sample, whose input is the
 * `context` tokens before it within the line, padded on the left with `\n` tokens — so the first
 * character of a line is predicted from `context` newlines, as if each line started a new text.
 * With `stride` s > 1 only the samples of characters s, 2s, 3s, … (counting from 1 through the whole
 * file) are kept: with `targets: all` and s = context the windows tile the text, each character a
 * target once per epoch, as a PyTorch loop over `range(0, len(data), context)` windows.
 * With targets `next` the sample's target is that token; with `all` it is the next token at each
 * input position: position k's is input k + 1's token, the last position's is the token itself
 * (the input shifted left by one, as a causal language model is trained). Samples come line by
 * line, in file order. The text is read as a stream of characters with a window of the last
 * `context` tokens, so no line is ever held as a string.
 */
export function loadText(bytes: Uint8Array, context: number, targets: TextTargets = 'next', stride = 1): DataResult<ClassDataset> {
  const read = readTextCorpus(bytes);
  if (!read.ok) return read;
  const { vocabulary } = read.value;
  const kept = textSampleCount(read.value.samples, stride);
  if (!kept.ok) return kept;
  const samples = kept.value;
  const tokenOf = new Map(vocabulary.map((character, token) => [character, token]));
  const newline = tokenOf.get('\n') as number;
  const positions = targets === 'all' ? context : 1;
  const inputs = new Float32Array(samples * context);
  const targetRows = new Int32Array(samples * positions);
  // The window is a ring: the oldest token sits at `oldest`.
  const window = new Array<number>(context).fill(newline);
  let oldest = 0;
  let sample = 0;
  let untilKept = stride;
  forEachTextCharacter(bytes, (character) => {
    const token = tokenOf.get(character) as number;
    if (--untilKept === 0) {
      untilKept = stride;
      const row = sample * context;
      for (let k = 0; k < context; k++) inputs[row + k] = window[(oldest + k) % context] as number;
      if (targets === 'all') {
        for (let k = 0; k < context - 1; k++) targetRows[row + k] = inputs[row + k + 1] as number;
        targetRows[row + context - 1] = token;
      } else targetRows[sample] = token;
      sample++;
    }
    if (token === newline) window.fill(newline);
    else if (context > 0) {
      window[oldest] = token;
      oldest = (oldest + 1) % context;
    }
  });
  return dataOk({
    count: samples,
    inputs,
    sampleShape: [context],
    sampleSize: context,
    tokens: true,
    targetKind: 'classes',
    targets: targetRows,
    classCount: vocabulary.length,
    classNames: vocabulary,
    ...(targets === 'all' ? { positions } : {}),
  });
}

/** How many samples `text(…, stride)` keeps of a text with `characters` characters (`\n`s included); none is an error. */
export function textSampleCount(characters: number, stride: number): DataResult<number> {
  const kept = Math.floor(characters / stride);
  return kept > 0 ? dataOk(kept) : dataError(`The text has ${characters} characters, fewer than stride ${stride}: no sample is kept`, 'stride');
}
