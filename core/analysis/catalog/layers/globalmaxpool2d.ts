import { defineLayer, noParameters, savesNothing } from '../entry';
import { requireImage } from './shared';

export const globalmaxpool2d = defineLayer({
  name: 'globalmaxpool2d',
  category: 'pooling',
  summary: 'Maximum of each channel over H and W: [C, H, W] → [C].',
  doc: 'Like `nn.AdaptiveMaxPool2d(1)` followed by flattening.',
  args: [],
  example: { input: [3, 4, 5], call: 'globalmaxpool2d()' },
  readsTokens: false,
  infer: ({ input }) =>
    requireImage('globalmaxpool2d', input, 'apply it to the output of a conv2d or pooling layer') ?? { output: [input[0] as number], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' },
  parameters: noParameters,
  forward: ({ t, input }) => t.globalMaxPool2d(input),
  torch: { module: () => 'nn.AdaptiveMaxPool2d(1)', call: (module, [x]) => `${module}(${x!}).flatten(1)` },
  onnx: ({ graph, x, y }) => graph.node('Flatten', [graph.node('GlobalMaxPool', [x], `${y}/pool`)], y, [graph.int('axis', 1)]),
  savedValues: savesNothing,
});
