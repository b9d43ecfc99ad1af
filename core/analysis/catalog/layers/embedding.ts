import { formatShape } from '../../../common/format';
import { pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { defineLayer, savesNothing } from '../entry';
import { problem } from './shared';

/** ONNX's int64 element type, for the Cast of float token ids. */
const INT64 = 7;

export const embedding = defineLayer({
  name: 'embedding',
  category: 'embedding',
  summary: 'Looks up a learned vector for each integer token: [T] → [T, dim].',
  doc: 'Like `torch.nn.Embedding(vocab, dim)`: vocab·dim parameters. Must read the model input directly.',
  args: [
    { name: 'vocab', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of distinct tokens.' },
    { name: 'dim', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Size of each token vector.' },
  ],
  example: { input: [4], call: 'embedding(7, 3)', tokens: 7 },
  readsTokens: true,
  infer: ({ input, args, readsModelInput }) => {
    if (!readsModelInput) {
      return problem('DL406', `embedding reads integer tokens, so it must be the first layer, directly after input; here it reads the output of another layer ${formatShape(input)} — move it right after input`);
    }
    if (input.length !== 1) {
      return problem('DL401', `embedding expects a sequence of tokens [T]; got input ${formatShape(input)} — declare input [T]`);
    }
    const vocab = args.number('vocab');
    const dim = args.number('dim');
    return { output: [input[0] as number, dim], trainableParams: product(vocab, dim), nonTrainableParams: 0n, macs: 0n, formula: `${vocab}·${dim}` };
  },
  parameters: ({ args }) => ({ tensors: [{ name: 'weight', shape: [args.number('vocab'), args.number('dim')], trainable: true, torchLayout: 'same' }], init: { kind: 'normal' } }),
  forward: ({ t, input, parameter }) => t.gatherRows(parameter('weight'), Int32Array.from(input.data), input.shape),
  torch: { module: ({ args }) => `nn.Embedding(${pyNumber(args.number('vocab'))}, ${pyNumber(args.number('dim'))})`, call: (module, [x]) => `${module}(${x!}.long())` },
  onnx: ({ graph, x, y, tensor, xIsTokens }) => {
    const indices = xIsTokens ? x : graph.node('Cast', [x], `${y}/indices`, [graph.int('to', INT64)]);
    return graph.node('Gather', [tensor('weight'), indices], y, [graph.int('axis', 0)]);
  },
  savedValues: savesNothing,
});
