import { pyFloat, pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { applyModule, defineLayer, savesNothing } from '../entry';

export const layernorm = defineLayer({
  name: 'layernorm',
  category: 'normalization',
  summary: 'Layer normalisation over the last axis with a learned scale and shift.',
  doc: 'Like `torch.nn.LayerNorm(n)`: 2n trainable parameters.',
  args: [{ name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance for numerical stability.' }],
  example: { input: [3, 6], call: 'layernorm(eps: 0.0001)' },
  readsTokens: false,
  infer: ({ input }) => {
    const n = input[input.length - 1] as number;
    return { output: input, trainableParams: product(2, n), nonTrainableParams: 0n, macs: 0n, formula: `2·${n}` };
  },
  // γ = 1, β = 0, as PyTorch constructs it.
  parameters: ({ input }) => ({
    tensors: [
      { name: 'weight', shape: [input[input.length - 1]!], trainable: true, torchLayout: 'same', fill: 1 },
      { name: 'bias', shape: [input[input.length - 1]!], trainable: true, torchLayout: 'same', fill: 0 },
    ],
    init: { kind: 'constant' },
  }),
  forward: ({ t, input, args, parameter }) => t.layerNorm(input, parameter('weight'), parameter('bias'), args.number('eps')),
  torch: { module: ({ input, args }) => `nn.LayerNorm(${pyNumber(input[input.length - 1]!)}, eps=${pyFloat(args.number('eps'))})`, call: applyModule },
  onnx: ({ graph, x, args, y, tensor }) => graph.node('LayerNormalization', [x, tensor('weight'), tensor('bias')], y, [graph.int('axis', -1), graph.float('epsilon', args.number('eps'))]),
  savedValues: savesNothing,
});
