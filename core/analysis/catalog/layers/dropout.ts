import type { Random } from '../../../common/random';
import { pyFloat } from '../../../export/pytorch/python';
import { applyModule, defineLayer, noParameters, savesNothing } from '../entry';
import { sameShape } from './shared';

/** An inverted-dropout mask: 0 with probability `rate`, else 1/(1 − rate); one draw per element. */
export function dropoutMask(length: number, rate: number, random: Random): Float32Array {
  const mask = new Float32Array(length);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < length; i++) mask[i] = random.nextFloat() < rate ? 0 : keep;
  return mask;
}

export const dropout = defineLayer({
  name: 'dropout',
  category: 'regularization',
  summary: 'Zeroes each element with probability `rate` while training, scaling the rest by 1/(1 − rate).',
  doc: 'Like `torch.nn.Dropout` (inverted dropout); the identity in evaluation.',
  args: [{ name: 'rate', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, positional: true, doc: 'Probability of zeroing an element, in [0, 1).' }],
  example: { input: [6], call: 'dropout(0.25)' },
  readsTokens: false,
  infer: sameShape,
  parameters: noParameters,
  forward: ({ t, input, args, training, dropoutStream }) => (training ? t.dropout(input, dropoutMask(input.size, args.number('rate'), dropoutStream())) : input),
  torch: { module: ({ args }) => `nn.Dropout(p=${pyFloat(args.number('rate'))})`, call: applyModule },
  onnx: ({ x }) => x, // the identity at inference
  savedValues: savesNothing,
});
