import { formatShape } from '../../../common/format';
import { pyFloat, pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { applyModule, defineLayer, savesNothing, type ForwardContext } from '../entry';
import { problem } from './shared';

/** Training: batch statistics, and PyTorch's running update. Evaluation: the running statistics. */
function batchNormForward({ t, input: x, args, training, parameter, buffer }: ForwardContext) {
  const eps = args.number('eps');
  const channels = x.shape[1]!;
  const gamma = parameter('weight');
  const beta = parameter('bias');
  const runningMean = buffer('running_mean');
  const runningVariance = buffer('running_var');
  if (training) {
    const result = t.batchNorm(x, gamma, beta, eps);
    // PyTorch's running update: the batch mean, and the UNBIASED batch variance.
    const momentum = args.number('momentum');
    const count = x.size / channels;
    const correction = count > 1 ? count / (count - 1) : 1;
    for (let c = 0; c < channels; c++) {
      runningMean[c] = (1 - momentum) * runningMean[c]! + momentum * result.mean[c]!;
      runningVariance[c] = (1 - momentum) * runningVariance[c]! + momentum * result.variance[c]! * correction;
    }
    return result.output;
  }
  // Evaluation: ((x − running mean)/√(running var + eps))·γ + β per channel; γ and β keep their gradients.
  return t.batchNormInference(x, gamma, beta, runningMean, runningVariance, eps);
}

export const batchnorm = defineLayer({
  name: 'batchnorm',
  category: 'normalization',
  summary: 'Batch normalisation over [C] or [C, H, W] with a learned scale and shift per channel.',
  doc: 'Like `nn.BatchNorm1d` / `nn.BatchNorm2d`: 2C trainable (γ, β) and 2C non-trainable (running mean and variance, updated with `momentum`).',
  args: [
    { name: 'momentum', type: { kind: 'number', min: 0, max: 1 }, default: 0.1, doc: 'Weight of the current batch in the running statistics (PyTorch convention).' },
    { name: 'eps', type: { kind: 'number', min: 0, minExclusive: true }, default: 1e-5, doc: 'Added to the variance for numerical stability.' },
  ],
  example: { input: [3, 4, 4], call: 'batchnorm(momentum: 0.2, eps: 0.001)' },
  readsTokens: false,
  infer: ({ input }) => {
    if (input.length !== 1 && input.length !== 3) {
      return problem('DL401', `batchnorm expects an input [C] or [C, H, W]; got ${formatShape(input)} — use layernorm() for other ranks`);
    }
    const c = input[0] as number;
    return { output: input, trainableParams: product(2, c), nonTrainableParams: product(2, c), macs: 0n, formula: `2·${c}` };
  },
  // Starts as the identity: γ = 1, β = 0, running mean 0 and variance 1 (as PyTorch constructs it).
  parameters: ({ input }) => ({
    tensors: [
      { name: 'weight', shape: [input[0]!], trainable: true, torchLayout: 'same', fill: 1 },
      { name: 'bias', shape: [input[0]!], trainable: true, torchLayout: 'same', fill: 0 },
      { name: 'running_mean', shape: [input[0]!], trainable: false, torchLayout: 'same', fill: 0 },
      { name: 'running_var', shape: [input[0]!], trainable: false, torchLayout: 'same', fill: 1 },
    ],
    init: { kind: 'constant' },
  }),
  forward: batchNormForward,
  torch: {
    module: ({ input, args }) => `nn.BatchNorm${input.length === 3 ? '2d' : '1d'}(${pyNumber(input[0]!)}, eps=${pyFloat(args.number('eps'))}, momentum=${pyFloat(args.number('momentum'))})`,
    call: applyModule,
  },
  onnx: ({ graph, x, args, y, tensor }) =>
    graph.node('BatchNormalization', [x, tensor('weight'), tensor('bias'), tensor('running_mean'), tensor('running_var')], y, [
      graph.float('epsilon', args.number('eps')),
      // ONNX's momentum weighs the running value (PyTorch's weighs the batch); unused at inference.
      graph.float('momentum', 1 - args.number('momentum')),
    ]),
  savedValues: savesNothing,
});
