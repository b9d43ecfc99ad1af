import { applyModule, defineLayer, noParameters, savesNothing } from '../entry';
import { imageAdvice, requireImage } from './shared';

const modes = ['nearest', 'bilinear'] as const;

export const upsample = defineLayer({
  name: 'upsample',
  category: 'shape',
  summary: 'Upsamples [C, H, W] by integer factors: [C, H·s_h, W·s_w].',
  doc: 'Like `torch.nn.Upsample(scale_factor=s, mode=…)` with `align_corners=False`: `nearest` repeats each value s_h×s_w times; `bilinear` interpolates between the four nearest inputs at source position (i + ½)/s − ½.',
  args: [
    { name: 'scale', type: { kind: 'pair', min: 1 }, positional: true, doc: 'Integer factor: one for both axes or [h, w].' },
    { name: 'mode', type: { kind: 'choice', what: 'interpolation', choices: modes }, default: 'nearest', doc: '`nearest` or `bilinear` (align_corners=False).' },
  ],
  example: { input: [2, 3, 4], call: 'upsample([2, 3], mode: bilinear)' },
  readsTokens: false,
  infer: ({ input, args }) => {
    const rankProblem = requireImage('upsample', input, imageAdvice('upsample'));
    if (rankProblem) return rankProblem;
    const [c, h, w] = input as [number, number, number];
    const [sh, sw] = args.pair('scale');
    return { output: [c, h * sh, w * sw], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
  },
  parameters: noParameters,
  forward: ({ t, input, args }) => t.upsample(input, { scale: args.pair('scale'), mode: args.text('mode') as (typeof modes)[number] }),
  torch: {
    module: ({ args }) => {
      const [sh, sw] = args.pair('scale');
      const scale = sh === sw ? `${sh}.0` : `(${sh}.0, ${sw}.0)`;
      return args.text('mode') === 'bilinear' ? `nn.Upsample(scale_factor=${scale}, mode='bilinear', align_corners=False)` : `nn.Upsample(scale_factor=${scale}, mode='nearest')`;
    },
    call: applyModule,
  },
  // nearest: output i reads floor(i/s) (asymmetric + floor, PyTorch's `nearest`); bilinear: half_pixel + linear is align_corners=False.
  onnx: ({ graph, x, args, y }) => {
    const [sh, sw] = args.pair('scale');
    const bilinear = args.text('mode') === 'bilinear';
    const attributes = bilinear
      ? [graph.string('mode', 'linear'), graph.string('coordinate_transformation_mode', 'half_pixel')]
      : [graph.string('mode', 'nearest'), graph.string('coordinate_transformation_mode', 'asymmetric'), graph.string('nearest_mode', 'floor')];
    return graph.node('Resize', [x, '', graph.floats([1, 1, sh, sw])], y, attributes);
  },
  savedValues: savesNothing,
});
