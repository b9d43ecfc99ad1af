/** Arguments, problems and rules that several layer entries share. */
import { formatShape } from '../../../common/format';
import type { Shape } from '../../summary';
import { activationNames } from '../activations';
import type { InitName } from '../entry';
import type { ArgumentSpec, LayerContext, LayerResult, ShapeProblem } from '../types';

/** Weight initialisers (the `init:` argument of dense and conv2d). */
export const initialisers = [
  { name: 'default', summary: "PyTorch's default: weights and biases U(−1/√fan_in, 1/√fan_in).", doc: 'What `nn.Linear` and `nn.Conv2d` do when constructed.' },
  { name: 'he', summary: 'He (Kaiming) normal: N(0, 2/fan_in), zero bias.', doc: 'Keeps the variance of ReLU activations constant through depth.' },
  { name: 'glorot', summary: 'Glorot (Xavier) uniform: U(±√(6/(fan_in + fan_out))), zero bias.', doc: 'Balances forward and backward variance for tanh/sigmoid layers.' },
  { name: 'zeros', summary: 'All weights and biases 0.', doc: 'Every unit computes the same thing and gets the same gradient: symmetry is never broken. Useful only to demonstrate that.' },
] as const satisfies readonly { name: InitName; summary: string; doc: string }[];

/** `activation:` — applied to the layer's output with its default arguments (see ../layer-activation.ts). */
export const activationArg: ArgumentSpec = {
  name: 'activation',
  type: {
    kind: 'choice',
    what: 'activation',
    choices: activationNames,
    // An activation: value has no parameters of its own (its layer's state_dict would have to hold them).
    refused: { prelu: 'prelu learns its slope, so it is a layer, not an activation value — remove `activation: prelu` and write `prelu()` on the next line' },
  },
  default: 'linear',
  doc: 'Activation applied to the output (its default arguments apply).',
};
/**
 * `trainable:` — every layer takes it (added once, in ./index.ts): `false` freezes its parameters
 * as PyTorch's `requires_grad_(False)` does (no gradient, not given to the optimizer).
 */
export const trainableArg: ArgumentSpec = {
  name: 'trainable',
  type: { kind: 'boolean' },
  default: true,
  doc: "Whether training updates the layer's parameters. `trainable: false` freezes them (PyTorch's `requires_grad_(False)`): they count as non-trainable, get no gradient and are not given to the optimizer (no weight decay, no momentum). Batch-norm running statistics still update in training, as in PyTorch.",
};

export const biasArg: ArgumentSpec = { name: 'bias', type: { kind: 'boolean' }, default: true, doc: 'Whether the layer adds a learned bias per output unit. Write `bias: false` when a `batchnorm()` follows: it cancels the bias (DL409).' };
export const initArg: ArgumentSpec = {
  name: 'init',
  type: { kind: 'choice', what: 'initialiser', choices: initialisers.map((i) => i.name) },
  default: 'default',
  doc: 'How the weights are initialised: `default` (PyTorch), `he`, `glorot` or `zeros`.',
};

export function problem(code: ShapeProblem['code'], message: string, argument?: string): ShapeProblem {
  return argument === undefined ? { code, message } : { code, message, argument };
}

/** `[C, H, W]` or a DL401 that names the layer and says what to do instead. */
export function requireImage(layer: string, input: Shape, advice: string): ShapeProblem | undefined {
  if (input.length === 3) return undefined;
  return problem('DL401', `${layer} expects an input [C, H, W]; got ${formatShape(input)} — ${advice}`);
}

/** The DL401 advice for a layer that needs an image. */
export const imageAdvice = (layer: string): string => (layer === 'conv2d' ? 'remove flatten() above or use dense()' : 'apply it before flatten(), or use a layer made for this rank');

/** The rule of a layer that keeps its input's shape and has no parameters. */
export const sameShape = ({ input }: LayerContext): LayerResult => ({ output: input, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' });

/** `groups:` of conv1d and conv2d: channel groups, each filter group seeing one channel group. */
export const groupsArg: ArgumentSpec = {
  name: 'groups',
  type: { kind: 'integer', min: 1 },
  default: 1,
  doc: 'Channel groups: filter group g sees only channel group g (as `torch.nn.Conv2d(groups=…)`). Channels and filters must both be divisible by it; groups equal to the channels is a depthwise convolution.',
};

/** The DL413 of a grouped convolution whose channels or filters do not split into its groups. */
export function groupsProblem(layer: string, channels: number, filters: number, groups: number): ShapeProblem | undefined {
  const parts = [channels % groups !== 0 ? `${channels} input channels` : undefined, filters % groups !== 0 ? `${filters} filters` : undefined].filter((part) => part !== undefined);
  if (parts.length === 0) return undefined;
  const divisors = [...Array(Math.min(channels, filters)).keys()].map((i) => i + 1).filter((g) => channels % g === 0 && filters % g === 0);
  return problem('DL413', `${layer} groups: ${groups} does not divide its ${parts.join(' nor its ')} — use groups that divide both ${channels} and ${filters} (${divisors.slice(-4).join(', ')})`, 'groups');
}

/** `[C, L]` or a DL401 that names the layer and says what to do instead. */
export function requireSequence(layer: string, input: Shape): ShapeProblem | undefined {
  if (input.length === 2) return undefined;
  return problem('DL401', `${layer} expects an input [C, L] (channels, length); got ${formatShape(input)} — ${input.length === 3 ? `use the 2-D layer for [C, H, W]` : 'give the model input [channels, length]'}`);
}
