import { pyNumber, pyPair } from '../../../export/pytorch/python';
import { effectiveKernel, product, windowOutputSize } from '../../shape-math';
import { applyModule, defineLayer, type InitName, type TensorSpec } from '../entry';
import { convPadding, resolvePadding } from './padding';
import { activationArg, biasArg, groupsArg, groupsProblem, imageAdvice, initArg, problem, requireImage } from './shared';

export const conv2d = defineLayer({
  name: 'conv2d',
  category: 'convolution',
  summary: '2-D convolution over [C, H, W].',
  doc: 'Like `torch.nn.Conv2d`: filters·(C/groups)·k_h·k_w weights plus one bias per filter. Output size per axis floor((H + 2p − d·(k − 1) − 1)/s) + 1. Depthwise: `groups:` equal to C.',
  args: [
    { name: 'filters', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output channels.' },
    { name: 'kernel', type: { kind: 'pair', min: 1 }, positional: true, doc: 'Kernel size: one integer (square) or [h, w].' },
    { name: 'stride', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Step between kernel positions: an integer or [h, w].' },
    { name: 'padding', type: { kind: 'padding' }, default: 0, doc: 'Zero padding on each side: an integer, [h, w], `valid` (= 0) or `same` (keeps H and W; stride 1 and an odd effective kernel).' },
    { name: 'dilation', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Spacing between kernel taps: an integer or [h, w].' },
    groupsArg,
    activationArg,
    biasArg,
    initArg,
  ],
  example: { input: [2, 6, 5], call: 'conv2d(4, [3, 2], stride: [2, 1], padding: 1, dilation: [1, 2], groups: 2, activation: relu)' },
  readsTokens: false,

  infer: ({ input, args }) => {
    const rankProblem = requireImage('conv2d', input, imageAdvice('conv2d'));
    if (rankProblem) return rankProblem;
    const [c, h, w] = input as [number, number, number];
    const filters = args.number('filters');
    const kernel = args.pair('kernel');
    const stride = args.pair('stride');
    const dilation = args.pair('dilation');
    const groups = args.number('groups');
    const groupProblem = groupsProblem('conv2d', c, filters, groups);
    if (groupProblem) return groupProblem;
    const padding = resolvePadding(args, kernel, dilation, stride);
    if ('code' in padding) return padding;
    const outH = windowOutputSize(h, kernel[0], stride[0], padding[0], dilation[0]);
    const outW = windowOutputSize(w, kernel[1], stride[1], padding[1], dilation[1]);
    if (outH <= 0 || outW <= 0) {
      const span = `${effectiveKernel(kernel[0], dilation[0])}×${effectiveKernel(kernel[1], dilation[1])}`;
      return problem('DL402', `conv2d kernel (effective ${span}) is larger than its padded input ${h + 2 * padding[0]}×${w + 2 * padding[1]} (output would be ${outH}×${outW}) — use a smaller kernel, padding: same, or downsample less before it`, 'kernel');
    }
    const bias = args.flag('bias');
    const weights = product(filters, c / groups, kernel[0], kernel[1]);
    return {
      output: [filters, outH, outW],
      trainableParams: weights + (bias ? BigInt(filters) : 0n),
      nonTrainableParams: 0n,
      macs: weights * product(outH, outW),
      formula: `${kernel[0]}·${kernel[1]}·${groups === 1 ? c : c / groups}·${filters}` + (bias ? ` + ${filters}` : ''),
    };
  },

  parameters: ({ input, args }) => {
    const channels = input[0]! / args.number('groups');
    const filters = args.number('filters');
    const [kh, kw] = args.pair('kernel');
    // PyTorch's fans read the weight [filters, C/groups, kh, kw]: fan_in C/groups·kh·kw, fan_out filters·kh·kw.
    const tensors: TensorSpec[] = [{ name: 'weight', shape: [filters, channels, kh, kw], trainable: true, torchLayout: 'same' }];
    if (args.flag('bias')) tensors.push({ name: 'bias', shape: [filters], trainable: true, torchLayout: 'same' });
    return { tensors, init: { kind: 'fan', init: args.text('init') as InitName, fanIn: channels * kh * kw, fanOut: filters * kh * kw } };
  },

  forward: ({ t, input, args, parameter, optional }) =>
    t.conv2d(input, parameter('weight'), optional('bias'), { stride: args.pair('stride'), padding: convPadding(args), dilation: args.pair('dilation'), groups: args.number('groups') }),
  // The convolution and its relu in one op: the pre-activation is never copied out of wasm and back.
  forwardActivated: ({ t, input, args, parameter, optional }, activation) =>
    activation === 'relu'
      ? t.conv2dRelu(input, parameter('weight'), optional('bias'), { stride: args.pair('stride'), padding: convPadding(args), dilation: args.pair('dilation'), groups: args.number('groups') })
      : undefined,

  torch: {
    module: ({ input, args }) => {
      const parts = [pyNumber(input[0]!), pyNumber(args.number('filters')), `kernel_size=${pyPair(args.pair('kernel'))}`];
      const stride = args.pair('stride');
      const padding = convPadding(args);
      const dilation = args.pair('dilation');
      if (stride[0] !== 1 || stride[1] !== 1) parts.push(`stride=${pyPair(stride)}`);
      if (padding[0] !== 0 || padding[1] !== 0) parts.push(`padding=${pyPair(padding)}`);
      if (dilation[0] !== 1 || dilation[1] !== 1) parts.push(`dilation=${pyPair(dilation)}`);
      if (args.number('groups') !== 1) parts.push(`groups=${pyNumber(args.number('groups'))}`);
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.Conv2d(${parts.join(', ')})`;
    },
    call: applyModule,
  },

  onnx: ({ graph, x, args, y, tensor, optional }) => {
    const weight = tensor('weight');
    const bias = optional('bias');
    const [ph, pw] = convPadding(args);
    return graph.node('Conv', bias ? [x, weight, bias] : [x, weight], y, [
      graph.ints('kernel_shape', args.pair('kernel')),
      graph.ints('strides', args.pair('stride')),
      graph.ints('pads', [ph, pw, ph, pw]),
      graph.ints('dilations', args.pair('dilation')),
      graph.int('group', args.number('groups')),
    ]);
  },

  // The unfolded input columns (im2col) the backward pass reads: C·k_h·k_w values per y position.
  savedValues: ({ input, args, output }) => {
    const [kh, kw] = args.pair('kernel');
    return input[0]! * kh * kw * (output[1] ?? 1) * (output[2] ?? 1);
  },
});
