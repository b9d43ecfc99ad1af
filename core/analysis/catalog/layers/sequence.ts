/** What the sequence layers (attention, positional encodings) share: the [T, d] input rule. */
import { formatShape } from '../../../common/format';
import type { Shape } from '../../summary';
import type { ShapeProblem } from '../types';
import { problem } from './shared';

/** `[T, d]` (positions × features) or a DL401 that names the layer and says what to do instead. */
export function requireSequence(layer: string, input: Shape): ShapeProblem | undefined {
  if (input.length === 2) return undefined;
  return problem('DL401', `${layer} expects a sequence [T, d] (positions × features); got ${formatShape(input)} — put it after embedding(vocab, d), or reshape([T, d]) the input`);
}
