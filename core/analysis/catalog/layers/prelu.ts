import { pyNumber } from '../../../export/pytorch/python';
import { applyModule, defineLayer, savesNothing, type PlacedLayer } from '../entry';
import type { LayerContext } from '../types';

/** One slope shared by every element, or one per channel (the first per-sample axis: PyTorch's dim 1). */
const slopeCount = ({ input, args }: Pick<LayerContext, 'input' | 'args'>): number => (args.flag('per_channel') ? (input[0] ?? 1) : 1);

/** PyTorch's starting slope (nn.PReLU's `init`). */
const initialSlope = 0.25;

export const prelu = defineLayer({
  name: 'prelu',
  category: 'activation',
  summary: 'Parametric ReLU: x for x > 0, a·x otherwise, with a learned slope a (starts at 0.25).',
  doc: '`prelu()` learns one slope, as `nn.PReLU()`; `prelu(per_channel: true)` learns one per channel (the first axis of [C] or [C, H, W]), as `nn.PReLU(num_parameters=C)`. It has parameters, so it is a layer only, not an `activation:` value.',
  args: [{ name: 'per_channel', type: { kind: 'boolean' }, default: false, doc: 'One learned slope per channel (the first axis) instead of one for the whole layer: `nn.PReLU(num_parameters=C)`.' }],
  example: { input: [3, 2, 2], call: 'prelu(per_channel: true)' },
  readsTokens: false,
  infer: (context) => {
    const slopes = slopeCount(context);
    return { output: context.input, trainableParams: BigInt(slopes), nonTrainableParams: 0n, macs: 0n, formula: String(slopes) };
  },
  parameters: (layer: PlacedLayer) => ({
    tensors: [{ name: 'weight', shape: [slopeCount(layer)], trainable: true, torchLayout: 'same', fill: initialSlope }],
    init: { kind: 'constant' },
  }),
  forward: ({ t, input, parameter }) => t.prelu(input, parameter('weight')),
  torch: {
    module: (layer) => (layer.args.flag('per_channel') ? `nn.PReLU(num_parameters=${pyNumber(slopeCount(layer))})` : 'nn.PReLU()'),
    call: applyModule,
  },
  onnx: ({ graph, x, y, input, args, tensor }) => {
    // ONNX broadcasts the slope from the right: per channel over [N, C, H, W] it must read [C, 1, 1].
    const perChannel = args.flag('per_channel') && input.length > 1;
    const slope = perChannel ? graph.node('Reshape', [tensor('weight'), graph.int64s([input[0]!, ...input.slice(1).map(() => 1)])], `${y}/slope`) : tensor('weight');
    return graph.node('PRelu', [x, slope], y);
  },
  savedValues: savesNothing,
});
