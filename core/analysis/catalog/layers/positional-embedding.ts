import { formatShape } from '../../../common/format';
import { pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { defineLayer, savesNothing } from '../entry';
import { requireSequence } from './sequence';
import { problem } from './shared';

export const positional_embedding = defineLayer({
  name: 'positional_embedding',
  category: 'embedding',
  summary: 'Adds a learned vector per position to [T, d]: x + P[0:T], P being [max_len, d].',
  doc:
    'A learned position table, as GPT-2’s: `nn.Embedding(max_len, d)` whose first T rows are added to the flow ' +
    '(`x + pos.weight[:T]`), so position t gets its own trainable d-vector. Parameters max_len·d, starting N(0, 1) as nn.Embedding. T must not exceed max_len.',
  args: [{ name: 'max_len', type: { kind: 'integer', min: 1 }, positional: true, doc: 'The most positions it can encode (rows of the table); at least T.' }],
  example: { input: [4, 3], call: 'positional_embedding(6)' },
  readsTokens: false,
  infer: ({ input, args }) => {
    const wrongRank = requireSequence('positional_embedding', input);
    if (wrongRank) return wrongRank;
    const [length, width] = input as [number, number];
    const maxLength = args.number('max_len');
    if (length > maxLength) {
      return problem('DL428', `positional_embedding(${maxLength}) encodes at most ${maxLength} positions, but its input ${formatShape(input)} has ${length} — raise max_len to ${length} or more`, 'max_len');
    }
    return { output: input, trainableParams: product(maxLength, width), nonTrainableParams: 0n, macs: 0n, formula: `${maxLength}·${width}` };
  },
  parameters: ({ input, args }) => ({ tensors: [{ name: 'weight', shape: [args.number('max_len'), input[1]!], trainable: true, torchLayout: 'same' }], init: { kind: 'normal' } }),
  forward: ({ t, input, parameter }) => t.add(input, t.narrow(parameter('weight'), 0, 0, input.shape[input.shape.length - 2]!)),
  torch: {
    module: ({ input, args }) => `nn.Embedding(${pyNumber(args.number('max_len'))}, ${pyNumber(input[1]!)})`,
    call: (module, [x], { input }) => `${x!} + ${module}.weight[:${pyNumber(input[0]!)}]`,
  },
  onnx: ({ graph, x, y, input, tensor }) => {
    const rows = graph.node('Slice', [tensor('weight'), graph.int64s([0]), graph.int64s([input[0]!]), graph.int64s([0])], `${y}/rows`);
    return graph.node('Add', [x, rows], y);
  },
  savedValues: savesNothing,
});
