import { elementCount } from '../../shape-math';
import { applyModule, defineLayer, noParameters, savesNothing } from '../entry';

export const flatten = defineLayer({
  name: 'flatten',
  category: 'shape',
  summary: 'Flattens the sample into one axis: [C, H, W] → [C·H·W].',
  doc: 'Like `torch.nn.Flatten()` (all axes but the batch).',
  args: [],
  example: { input: [2, 3, 2], call: 'flatten()' },
  readsTokens: false,
  infer: ({ input }) => ({ output: [elementCount(input)], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' }),
  parameters: noParameters,
  forward: ({ t, input }) => t.flatten(input),
  torch: { module: () => 'nn.Flatten()', call: applyModule },
  onnx: ({ graph, x, y }) => graph.node('Flatten', [x], y, [graph.int('axis', 1)]),
  savedValues: savesNothing,
});
