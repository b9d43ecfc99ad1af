import { formatShape } from '../../../common/format';
import { defineLayer, noParameters, type NormalSource } from '../entry';
import type { LayerContext, LayerResult, ShapeProblem } from '../types';
import { problem } from './shared';

/** [2z] → [z]: the input holds the mean and the log-variance of z latent units side by side. */
function reparameterizeRule({ input }: LayerContext): LayerResult | ShapeProblem {
  const width = input[0] ?? 0;
  if (input.length !== 1 || width % 2 !== 0) {
    return problem('DL435', `reparameterize splits its input [2·z] into a mean and a log-variance of z values each; it got ${formatShape(input)} — give the layer before it an even width (e.g. dense(${input.length === 1 ? width + 1 : 4}) for z = ${input.length === 1 ? (width + 1) / 2 : 2}) and flatten() images first`);
  }
  return { output: [width / 2], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

/** ε ~ N(0, I) for `count` latent values, drawn one by one from the run's noise stream. */
export function standardNormals(count: number, source: NormalSource): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = source.normal();
  return values;
}

/** The Python module of model.py: PyTorch has no reparameterisation layer. */
const reparameterizeClass = `class Reparameterize(nn.Module):
    """dlmodel's reparameterize(): splits [batch, 2·z] into mu and logvar (first and second half)
    and returns mu + exp(logvar / 2)·eps, eps ~ N(0, I), in training mode and mu in eval mode.
    eps comes from dlmodel's noise stream after dlmodel_support.use_stream_noise(model, …), else
    from torch.randn_like. mu and logvar of the last call stay on the module for the VAE loss."""

    def __init__(self):
        super().__init__()
        self.noise_stream = None
        self.mu = None
        self.logvar = None

    def forward(self, x):
        mu, logvar = x.chunk(2, dim=1)
        self.mu, self.logvar = mu, logvar
        if not self.training:
            return mu
        eps = torch.randn_like(mu) if self.noise_stream is None else self.noise_stream.normal(mu.shape).to(device=mu.device, dtype=mu.dtype)
        return mu + torch.exp(0.5 * logvar) * eps`;

export const reparameterize = defineLayer({
  name: 'reparameterize',
  category: 'shape',
  summary: 'The VAE sampling step: splits [2·z] into μ and log σ², returns μ + σ·ε (ε ~ N(0, I)) in training and μ in evaluation.',
  doc:
    'The reparameterisation trick of Kingma & Welling (2013): the encoder’s last layer outputs 2·z values, the first z the mean μ and the last z the log-variance log σ²; the layer returns z values μ + exp(½·log σ²)·ε with ε drawn from the run’s `noise` stream while training (so the gradient flows into μ and log σ²), and μ in evaluation. ' +
    'The `vae(…)` loss reads μ and log σ² from this layer’s input for its KL term. model.py holds it as a `Reparameterize` module (`mu, logvar = x.chunk(2, dim=1)`).',
  args: [],
  example: { input: [6], call: 'reparameterize()' },
  readsTokens: false,
  infer: reparameterizeRule,
  parameters: noParameters,
  forward: ({ t, input, training, noiseStream }) => {
    const z = input.shape[1]! / 2;
    const mu = t.narrow(input, 1, 0, z);
    if (!training) return mu;
    const logVariance = t.narrow(input, 1, z, z);
    const epsilon = t.tensor(standardNormals(mu.size, noiseStream()), mu.shape);
    return t.add(mu, t.mul(t.exp(t.mulScalar(logVariance, 0.5)), epsilon));
  },
  torch: { module: () => 'Reparameterize()', call: (module, [x]) => `${module}(${x!})`, definitions: reparameterizeClass },
  // Evaluation: μ, the first half of the input.
  onnx: ({ graph, x, y, output }) => graph.node('Slice', [x, graph.int64s([0]), graph.int64s([output[0]!]), graph.int64s([1])], y),
  savedValues: ({ output }) => 2 * output[0]!,
});
