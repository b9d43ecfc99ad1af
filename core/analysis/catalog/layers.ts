import { formatShape } from '../../common/format';
import { effectiveKernel, elementCount, product, windowOutputSize } from '../shape-math';
import type { Shape } from '../summary';
import { activationNames, activations } from './activations';
import type { ArgumentSpec, BoundArguments, LayerContext, LayerResult, LayerSpec, ShapeProblem } from './types';

/** Weight initialisers (the `init:` argument of dense and conv2d). */
export const initialisers = [
  { name: 'default', summary: "PyTorch's default: weights and biases U(−1/√fan_in, 1/√fan_in).", doc: 'What `nn.Linear` and `nn.Conv2d` do when constructed.' },
  { name: 'he', summary: 'He (Kaiming) normal: N(0, 2/fan_in), zero bias.', doc: 'Keeps the variance of ReLU activations constant through depth.' },
  { name: 'glorot', summary: 'Glorot (Xavier) uniform: U(±√(6/(fan_in + fan_out))), zero bias.', doc: 'Balances forward and backward variance for tanh/sigmoid layers.' },
  { name: 'zeros', summary: 'All weights and biases 0.', doc: 'Every unit computes the same thing and gets the same gradient: symmetry is never broken. Useful only to demonstrate that.' },
] as const;

const activationArg: ArgumentSpec = {
  name: 'activation',
  type: { kind: 'choice', what: 'activation', choices: activationNames },
  default: 'linear',
  doc: 'Activation applied to the output (its default arguments apply).',
};
const biasArg: ArgumentSpec = { name: 'bias', type: { kind: 'boolean' }, default: true, doc: 'Whether the layer adds a learned bias per output unit. Write `bias: false` when a `batchnorm()` follows: it cancels the bias (DL409).' };
const initArg: ArgumentSpec = {
  name: 'init',
  type: { kind: 'choice', what: 'initialiser', choices: initialisers.map((i) => i.name) },
  default: 'default',
  doc: 'How the weights are initialised: `default` (PyTorch), `he`, `glorot` or `zeros`.',
};

function problem(code: ShapeProblem['code'], message: string, argument?: string): ShapeProblem {
  return argument === undefined ? { code, message } : { code, message, argument };
}

/** `[C, H, W]` or a DL401 that names the layer and says what to do instead. */
function requireImage(layer: string, input: Shape, advice: string): ShapeProblem | undefined {
  if (input.length === 3) return undefined;
  return problem('DL401', `${layer} expects an input [C, H, W]; got ${formatShape(input)} — ${advice}`);
}

const imageAdvice = (layer: string): string => (layer === 'conv2d' ? 'remove flatten() above or use dense()' : 'apply it before flatten(), or use a layer made for this rank');

/** Shared rule of max and average pooling. */
function pooling(layer: 'maxpool2d' | 'avgpool2d', { input, args }: LayerContext): LayerResult | ShapeProblem {
  const rankProblem = requireImage(layer, input, imageAdvice(layer));
  if (rankProblem) return rankProblem;
  const [kh, kw] = args.pair('size');
  const [sh, sw] = args.get('stride') === undefined ? [kh, kw] : args.pair('stride');
  const [ph, pw] = args.pair('padding');
  if (ph > kh / 2 || pw > kw / 2) {
    return problem('DL306', `${layer} padding ${ph === pw ? ph : `[${ph}, ${pw}]`} is more than half its window ${kh}×${kw} — PyTorch rejects this; use padding ≤ ${Math.floor(Math.min(kh, kw) / 2)}`, 'padding');
  }
  const [c, h, w] = input as [number, number, number];
  const outH = windowOutputSize(h, kh, sh, ph, 1);
  const outW = windowOutputSize(w, kw, sw, pw, 1);
  if (outH <= 0 || outW <= 0) {
    return problem('DL402', `${layer} window ${kh}×${kw} is larger than its padded input ${h + 2 * ph}×${w + 2 * pw} (output would be ${outH}×${outW}) — use a smaller size, add padding, or pool less earlier`, 'size');
  }
  return { output: [c, outH, outW], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

function resolvePadding(args: BoundArguments, kernel: readonly [number, number], dilation: readonly [number, number], stride: readonly [number, number]): readonly [number, number] | ShapeProblem {
  if (args.get('padding') !== 'same') return args.pair('padding');
  if (stride[0] !== 1 || stride[1] !== 1) {
    return problem('DL403', `padding: same needs stride 1; got stride ${stride[0] === stride[1] ? stride[0] : `[${stride[0]}, ${stride[1]}]`} — use an explicit padding such as ${Math.floor((kernel[0] - 1) / 2)}, or stride 1`, 'padding');
  }
  const spans = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)] as const;
  if (spans[0] % 2 !== 0 || spans[1] % 2 !== 0) {
    return problem('DL403', `padding: same needs an odd effective kernel; got ${effectiveKernel(kernel[0], dilation[0])}×${effectiveKernel(kernel[1], dilation[1])} — use an odd kernel size`, 'padding');
  }
  return [spans[0] / 2, spans[1] / 2];
}

function conv2d({ input, args }: LayerContext): LayerResult | ShapeProblem {
  const rankProblem = requireImage('conv2d', input, imageAdvice('conv2d'));
  if (rankProblem) return rankProblem;
  const [c, h, w] = input as [number, number, number];
  const filters = args.number('filters');
  const kernel = args.pair('kernel');
  const stride = args.pair('stride');
  const dilation = args.pair('dilation');
  const padding = resolvePadding(args, kernel, dilation, stride);
  if ('code' in padding) return padding;
  const outH = windowOutputSize(h, kernel[0], stride[0], padding[0], dilation[0]);
  const outW = windowOutputSize(w, kernel[1], stride[1], padding[1], dilation[1]);
  if (outH <= 0 || outW <= 0) {
    const span = `${effectiveKernel(kernel[0], dilation[0])}×${effectiveKernel(kernel[1], dilation[1])}`;
    return problem('DL402', `conv2d kernel (effective ${span}) is larger than its padded input ${h + 2 * padding[0]}×${w + 2 * padding[1]} (output would be ${outH}×${outW}) — use a smaller kernel, padding: same, or downsample less before it`, 'kernel');
  }
  const bias = args.flag('bias');
  const weights = product(filters, c, kernel[0], kernel[1]);
  return {
    output: [filters, outH, outW],
    trainableParams: weights + (bias ? BigInt(filters) : 0n),
    nonTrainableParams: 0n,
    macs: weights * product(outH, outW),
    formula: `${kernel[0]}·${kernel[1]}·${c}·${filters}` + (bias ? ` + ${filters}` : ''),
  };
}

function dense({ input, args }: LayerContext): LayerResult {
  const n = input[input.length - 1] as number;
  const units = args.number('units');
  const bias = args.flag('bias');
  const positions = elementCount(input.slice(0, -1));
  const warnings: ShapeProblem[] =
    input.length >= 3
      ? [problem('DL405', `dense applies to the last axis only; its input ${formatShape(input)} has rank ${input.length}, so it would mix only the ${n} values of each row — insert flatten() before it (almost always forgotten)`)]
      : [];
  return {
    output: [...input.slice(0, -1), units],
    trainableParams: product(n, units) + (bias ? BigInt(units) : 0n),
    nonTrainableParams: 0n,
    macs: product(n, units, positions),
    formula: `${n}·${units}` + (bias ? ` + ${units}` : ''),
    warnings,
  };
}

const sameShape = ({ input }: LayerContext): LayerResult => ({ output: input, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' });

const windowArgs = (what: string): ArgumentSpec[] => [
  { name: 'size', type: { kind: 'pair', min: 1 }, positional: true, doc: `${what} window: one integer (square) or [h, w].` },
  { name: 'stride', type: { kind: 'pair', min: 1 }, defaultText: 'size', doc: 'Step between windows; defaults to the window size (non-overlapping), as in PyTorch.' },
  { name: 'padding', type: { kind: 'pair', min: 0 }, default: 0, doc: 'Implicit padding on each side (at most half the window).' },
];

/** Every layer of the spec's catalog with its shape, parameter and MAC rule. */
export const layers: readonly LayerSpec[] = [
  {
    name: 'dense',
    category: 'core',
    summary: 'Fully connected layer on the last axis: y = xWᵀ + b.',
    doc: 'Like `torch.nn.Linear`: applies to the last axis, so an input [T, n] gives [T, units]. Parameters n·units + units.',
    args: [
      { name: 'units', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output units.' },
      activationArg,
      biasArg,
      initArg,
    ],
    infer: dense,
  },
  {
    name: 'conv2d',
    category: 'convolution',
    summary: '2-D convolution over [C, H, W].',
    doc: 'Like `torch.nn.Conv2d`: filters·C·k_h·k_w weights plus one bias per filter. Output size per axis floor((H + 2p − d·(k − 1) − 1)/s) + 1.',
    args: [
      { name: 'filters', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output channels.' },
      { name: 'kernel', type: { kind: 'pair', min: 1 }, positional: true, doc: 'Kernel size: one integer (square) or [h, w].' },
      { name: 'stride', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Step between kernel positions: an integer or [h, w].' },
      { name: 'padding', type: { kind: 'padding' }, default: 0, doc: 'Zero padding on each side: an integer, [h, w], `valid` (= 0) or `same` (keeps H and W; stride 1 and an odd effective kernel).' },
      { name: 'dilation', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Spacing between kernel taps: an integer or [h, w].' },
      activationArg,
      biasArg,
      initArg,
    ],
    infer: conv2d,
  },
  { name: 'maxpool2d', category: 'pooling', summary: 'Max pooling over [C, H, W].', doc: 'Like `torch.nn.MaxPool2d` (floor mode). Padding counts as −∞.', args: windowArgs('Pooling'), infer: (context) => pooling('maxpool2d', context) },
  { name: 'avgpool2d', category: 'pooling', summary: 'Average pooling over [C, H, W].', doc: 'Like `torch.nn.AvgPool2d` (floor mode, padding zeros counted in the average as PyTorch does by default).', args: windowArgs('Pooling'), infer: (context) => pooling('avgpool2d', context) },
  {
    name: 'globalavgpool2d',
    category: 'pooling',
    summary: 'Average of each channel over H and W: [C, H, W] → [C].',
    doc: 'Like `nn.AdaptiveAvgPool2d(1)` followed by flattening.',
    args: [],
    infer: ({ input }) => requireImage('globalavgpool2d', input, 'apply it to the output of a conv2d or pooling layer') ?? { output: [input[0] as number], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' },
  },
  {
    name: 'flatten',
    category: 'shape',
    summary: 'Flattens the sample into one axis: [C, H, W] → [C·H·W].',
    doc: 'Like `torch.nn.Flatten()` (all axes but the batch).',
    args: [],
    infer: ({ input }) => ({ output: [elementCount(input)], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' }),
  },
  {
    name: 'dropout',
    category: 'regularization',
    summary: 'Zeroes each element with probability `rate` while training, scaling the rest by 1/(1 − rate).',
    doc: 'Like `torch.nn.Dropout` (inverted dropout); the identity in evaluation.',
    args: [{ name: 'rate', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, positional: true, doc: 'Probability of zeroing an element, in [0, 1).' }],
    infer: sameShape,
  },
  {
    name: 'batchnorm',
    category: 'normalization',
    summary: 'Batch normalisation over [C] or [C, H, W] with a learned scale and shift per channel.',
    doc: 'Like `nn.BatchNorm1d` / `nn.BatchNorm2d`: 2C trainable (γ, β) and 2C non-trainable (running mean and variance, updated with `momentum`).',
    args: [
      { name: 'momentum', type: { kind: 'number', min: 0, max: 1 }, default: 0.1, doc: 'Weight of the current batch in the running statistics (PyTorch convention).' },
      { name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance for numerical stability.' },
    ],
    infer: ({ input }) => {
      if (input.length !== 1 && input.length !== 3) {
        return problem('DL401', `batchnorm expects an input [C] or [C, H, W]; got ${formatShape(input)} — use layernorm() for other ranks`);
      }
      const c = input[0] as number;
      return { output: input, trainableParams: product(2, c), nonTrainableParams: product(2, c), macs: 0n, formula: `2·${c}` };
    },
  },
  {
    name: 'layernorm',
    category: 'normalization',
    summary: 'Layer normalisation over the last axis with a learned scale and shift.',
    doc: 'Like `torch.nn.LayerNorm(n)`: 2n trainable parameters.',
    args: [{ name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance for numerical stability.' }],
    infer: ({ input }) => {
      const n = input[input.length - 1] as number;
      return { output: input, trainableParams: product(2, n), nonTrainableParams: 0n, macs: 0n, formula: `2·${n}` };
    },
  },
  {
    name: 'embedding',
    category: 'embedding',
    summary: 'Looks up a learned vector for each integer token: [T] → [T, dim].',
    doc: 'Like `torch.nn.Embedding(vocab, dim)`: vocab·dim parameters. Must read the model input directly.',
    args: [
      { name: 'vocab', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of distinct tokens.' },
      { name: 'dim', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Size of each token vector.' },
    ],
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
  },
  ...activations.map(
    (activation): LayerSpec => ({
      name: activation.name,
      category: 'activation',
      summary: activation.summary,
      doc: `${activation.doc} Same as \`${activation.torch}\`.`,
      args: activation.args,
      infer: sameShape,
    }),
  ),
];

const layersByName = new Map(layers.map((layer) => [layer.name, layer]));

/** The layer with this name, if any. */
export function findLayer(name: string): LayerSpec | undefined {
  return layersByName.get(name);
}

/** Layer names in catalog order. */
export const layerNames: readonly string[] = layers.map((layer) => layer.name);
