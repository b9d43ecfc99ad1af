import type { SequenceSample } from '../core/train/sequence-data';
import { arrayOf, integerIn, literal, nullable, numberIn, objectOf, refine, stringUpTo, type Guarded, type SameShape } from './validate';
import { isSequenceSample } from './validate-sequence';

/**
 * The Sequence tab's *Generate next character* (core/generate/sequence-step.ts), in their own file
 * so the panel's message unions change by one member each: the webview asks for the character
 * after a window's first tokens at its temperature and seed; the host samples it with the run's
 * finished weights in a worker and answers with the longer window's numbers, or why it cannot.
 */

/** The webview asks: draw the next character of window `window` of run `runId`. */
export interface SequenceStepRequestMessage {
  readonly type: 'sequence-step';
  readonly runId: string;
  /** The validation window's index in the frame (echoed in the answer). */
  readonly window: number;
  /** The window's tokens so far (the data's `prompt` first, then the generated ones). */
  readonly tokens: readonly number[];
  readonly prompt: number;
  readonly temperature: number;
  readonly seed: number;
  /** Which draw of the seed's stream: the number of characters generated in this window before this one. */
  readonly draw: number;
}

/** The host answers: the sampled token and the window's numbers with it (null with a message when it cannot). */
export interface SequenceStepResultMessage {
  readonly type: 'sequence-step-result';
  readonly runId: string;
  readonly window: number;
  readonly draw: number;
  readonly token: number | null;
  readonly sample: SequenceSample | null;
  readonly message: string | null;
}

/** The longest window the tab asks about (a model's context is at most this). */
export const maxSequenceStepTokens = 4096;

const runId = stringUpTo(256);

/** The window's prompt is its first `prompt` tokens, so there are at least that many. */
export const isSequenceStepRequestMessage = refine(
  objectOf({
    type: literal('sequence-step'),
    runId,
    window: integerIn(0, 63),
    tokens: arrayOf(integerIn(0, 99_999), maxSequenceStepTokens),
    prompt: integerIn(1, maxSequenceStepTokens),
    temperature: numberIn(0, 100),
    seed: integerIn(0, 0xffffffff),
    draw: integerIn(0, maxSequenceStepTokens),
  }),
  (message) => message.prompt <= message.tokens.length,
);

export const isSequenceStepResultMessage = objectOf({
  type: literal('sequence-step-result'),
  runId,
  window: integerIn(0, 63),
  draw: integerIn(0, maxSequenceStepTokens),
  token: nullable(integerIn(0, 99_999)),
  sample: nullable(isSequenceSample),
  message: nullable(stringUpTo(10_000)),
});

// Compile-time: each guard proves exactly its interface.
const _request: SameShape<Guarded<typeof isSequenceStepRequestMessage>, SequenceStepRequestMessage> = true;
const _result: SameShape<Guarded<typeof isSequenceStepResultMessage>, SequenceStepResultMessage> = true;
void [_request, _result];
