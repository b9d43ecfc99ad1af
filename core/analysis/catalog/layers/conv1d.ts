import { pyNumber } from '../../../export/pytorch/python';
import { effectiveKernel, product, windowOutputSize } from '../../shape-math';
import { applyModule, defineLayer, type InitName, type TensorSpec } from '../entry';
import { convPadding1d, resolvePadding1d } from './padding';
import { activationArg, biasArg, groupsArg, groupsProblem, initArg, problem, requireSequence } from './shared';

export const conv1d = defineLayer({
  name: 'conv1d',
  category: 'convolution',
  summary: '1-D convolution over [C, L] (a signal: channels × length).',
  doc: 'Like `torch.nn.Conv1d`: filters·(C/groups)·k weights plus one bias per filter. Output length floor((L + 2p − d·(k − 1) − 1)/s) + 1.',
  args: [
    { name: 'filters', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output channels.' },
    { name: 'kernel', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Kernel length.' },
    { name: 'stride', type: { kind: 'integer', min: 1 }, default: 1, doc: 'Step between kernel positions.' },
    { name: 'padding', type: { kind: 'padding' }, default: 0, doc: 'Zero padding at each end: an integer, `valid` (= 0) or `same` (keeps L; stride 1 and an odd effective kernel).' },
    { name: 'dilation', type: { kind: 'integer', min: 1 }, default: 1, doc: 'Spacing between kernel taps.' },
    groupsArg,
    activationArg,
    biasArg,
    initArg,
  ],
  example: { input: [4, 9], call: 'conv1d(6, 3, stride: 2, padding: 2, dilation: 2, groups: 2, activation: tanh)' },
  readsTokens: false,

  infer: ({ input, args }) => {
    const rankProblem = requireSequence('conv1d', input);
    if (rankProblem) return rankProblem;
    const [c, length] = input as [number, number];
    const filters = args.number('filters');
    const kernel = args.number('kernel');
    const stride = args.number('stride');
    const dilation = args.number('dilation');
    const groups = args.number('groups');
    const groupProblem = groupsProblem('conv1d', c, filters, groups);
    if (groupProblem) return groupProblem;
    const padding = resolvePadding1d(args, kernel, dilation, stride);
    if (typeof padding !== 'number') return padding;
    const out = windowOutputSize(length, kernel, stride, padding, dilation);
    if (out <= 0) {
      return problem('DL402', `conv1d kernel (effective ${effectiveKernel(kernel, dilation)}) is longer than its padded input ${length + 2 * padding} (output would be ${out}) — use a smaller kernel, padding: same, or downsample less before it`, 'kernel');
    }
    const bias = args.flag('bias');
    const weights = product(filters, c / groups, kernel);
    return {
      output: [filters, out],
      trainableParams: weights + (bias ? BigInt(filters) : 0n),
      nonTrainableParams: 0n,
      macs: weights * BigInt(out),
      formula: `${kernel}·${c / groups}·${filters}` + (bias ? ` + ${filters}` : ''),
    };
  },

  parameters: ({ input, args }) => {
    const channels = input[0]! / args.number('groups');
    const filters = args.number('filters');
    const kernel = args.number('kernel');
    // PyTorch's fans read the weight [filters, C/groups, k]: fan_in C/groups·k, fan_out filters·k.
    const tensors: TensorSpec[] = [{ name: 'weight', shape: [filters, channels, kernel], trainable: true, torchLayout: 'same' }];
    if (args.flag('bias')) tensors.push({ name: 'bias', shape: [filters], trainable: true, torchLayout: 'same' });
    return { tensors, init: { kind: 'fan', init: args.text('init') as InitName, fanIn: channels * kernel, fanOut: filters * kernel } };
  },

  forward: ({ t, input, args, parameter, optional }) =>
    t.conv1d(input, parameter('weight'), optional('bias'), { stride: args.number('stride'), padding: convPadding1d(args), dilation: args.number('dilation'), groups: args.number('groups') }),

  torch: {
    module: ({ input, args }) => {
      const parts = [pyNumber(input[0]!), pyNumber(args.number('filters')), `kernel_size=${pyNumber(args.number('kernel'))}`];
      const optional: [string, number, number][] = [
        ['stride', args.number('stride'), 1],
        ['padding', convPadding1d(args), 0],
        ['dilation', args.number('dilation'), 1],
        ['groups', args.number('groups'), 1],
      ];
      for (const [name, value, unset] of optional) if (value !== unset) parts.push(`${name}=${pyNumber(value)}`);
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.Conv1d(${parts.join(', ')})`;
    },
    call: applyModule,
  },

  onnx: ({ graph, x, args, y, tensor, optional }) => {
    const weight = tensor('weight');
    const bias = optional('bias');
    const padding = convPadding1d(args);
    return graph.node('Conv', bias ? [x, weight, bias] : [x, weight], y, [
      graph.ints('kernel_shape', [args.number('kernel')]),
      graph.ints('strides', [args.number('stride')]),
      graph.ints('pads', [padding, padding]),
      graph.ints('dilations', [args.number('dilation')]),
      graph.int('group', args.number('groups')),
    ]);
  },

  // The unfolded input columns (im2col of conv2d on the [C, 1, L] view): C·k values per output position.
  savedValues: ({ input, args, output }) => input[0]! * args.number('kernel') * (output[1] ?? 1),
});
