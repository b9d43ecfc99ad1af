import type { ArgumentSpec, NamedSpec } from './types';

/** An activation function: usable as a layer (`relu()`) and as an `activation:` value (`relu`). */
export interface ActivationSpec extends NamedSpec {
  /** Arguments when used as a layer; as an `activation:` value the defaults apply. */
  readonly args: readonly ArgumentSpec[];
  /** The PyTorch module it matches exactly. */
  readonly torch: string;
}

/** Every activation of the spec, with the formula PyTorch uses. */
export const activations: readonly ActivationSpec[] = [
  { name: 'linear', summary: 'Identity: f(x) = x.', doc: 'No non-linearity; the layer stays affine. Use it for regression outputs and logits.', args: [], torch: 'nn.Identity' },
  { name: 'relu', summary: 'Rectified linear unit: max(0, x).', doc: 'Cheap and non-saturating for x > 0; a unit whose input stays ≤ 0 on every sample is "dead" (gradient 0).', args: [], torch: 'nn.ReLU' },
  {
    name: 'leaky_relu',
    summary: 'Leaky ReLU: x for x > 0, slope·x otherwise.',
    doc: 'Keeps a small gradient for negative inputs, so units cannot die.',
    args: [{ name: 'slope', type: { kind: 'number', min: 0 }, default: 0.01, doc: 'Slope for negative inputs (PyTorch `negative_slope`).' }],
    torch: 'nn.LeakyReLU',
  },
  {
    name: 'elu',
    summary: 'Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise.',
    doc: 'Smooth, with negative outputs that push mean activations toward zero.',
    args: [{ name: 'alpha', type: { kind: 'number', min: 0 }, default: 1.0, doc: 'Value the function approaches for large negative inputs (−alpha).' }],
    torch: 'nn.ELU',
  },
  { name: 'gelu', summary: 'Gaussian error linear unit: x·Φ(x) (exact, erf form).', doc: 'x·½(1 + erf(x/√2)), as `nn.GELU()` with its default approximate="none".', args: [], torch: 'nn.GELU' },
  { name: 'tanh', summary: 'Hyperbolic tangent, range (−1, 1).', doc: 'Zero-centred but saturating: |tanh| near 1 gives a gradient near 0.', args: [], torch: 'nn.Tanh' },
  { name: 'sigmoid', summary: 'Logistic sigmoid 1/(1 + e⁻ˣ), range (0, 1).', doc: 'The output unit for a Bernoulli likelihood (binary cross-entropy); saturates for large |x|.', args: [], torch: 'nn.Sigmoid' },
  { name: 'softplus', summary: 'Softplus log(1 + eˣ).', doc: 'A smooth ReLU; its derivative is the sigmoid.', args: [], torch: 'nn.Softplus' },
  {
    name: 'softmax',
    summary: 'Softmax over the last axis: eˣⁱ / Σⱼ eˣʲ.',
    doc: 'The output unit for a categorical likelihood; with `cross_entropy` the loss is computed stably from the logits before it.',
    args: [],
    torch: 'nn.Softmax(dim=-1)',
  },
];

/** Activation names in catalog order. */
export const activationNames: readonly string[] = activations.map((a) => a.name);

/** The activation with this name, if any. */
export function findActivation(name: string): ActivationSpec | undefined {
  return activations.find((a) => a.name === name);
}
