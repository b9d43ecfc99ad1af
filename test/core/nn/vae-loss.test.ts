// The vae loss against a reference VAE written in plain PyTorch (scripts/reference/vae_fixtures.py,
// test/fixtures/torch/vae.json): with the same weights, inputs and a fixed ε, the loss, its
// reconstruction and KL terms, and every parameter's gradient agree within 1e-5. The step is the
// one core/train/run.ts takes: forward in training mode, computeLoss with the reparameterize
// layer's input, backward from the scores, then from that input with the KL gradient.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument, type ModelSummary } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { computeLoss, latentValues, lossScores, type LossSetting } from '../../../core/nn/losses';
import { fromTorchLayout } from '../../../core/nn/layout';
import { Network } from '../../../core/nn/network';
import * as t from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
interface VaeCase {
  name: string;
  reconstruction: 'bce' | 'mse';
  beta: number;
  sizes: { input: number; hidden: number; latent: number; rows: number };
  inputs: Stored;
  eps: Stored;
  parameters: Record<string, Stored>;
  loss: number;
  terms: { reconstruction: number; kl: number };
  grads: Record<string, Stored>;
}

const cases = (JSON.parse(readFileSync(fromRoot('test/fixtures/torch/vae.json'), 'utf8')) as { cases: VaeCase[] }).cases;

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs PyTorch ${expected}`);
}

/** The reference VAE as .dlmodel text, its layers named as the PyTorch module's. */
function vaeText({ input, hidden, latent }: VaeCase['sizes']): string {
  return `model ReferenceVae {
  input [${input}]
  enc1 = dense(${hidden}, activation: relu)
  enc2 = dense(${2 * latent})
  z = reparameterize()
  dec1 = dense(${hidden}, activation: relu)
  dec2 = dense(${input})
  sigmoid()
}
`;
}

/** The reference VAE's model, checked clean. */
function checkedModel(c: VaeCase): ModelSummary {
  const analysis = checkDocument(vaeText(c.sizes));
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  return analysis.models[0]!;
}

/** ε as PyTorch drew it, handed out in order as the noise stream would. */
function fixedNormals(values: readonly number[]): { normal(): number } {
  let next = 0;
  return { normal: () => values[next++]! };
}

for (const c of cases) {
  test(`${c.name}: loss, both terms and every gradient equal a PyTorch reference VAE (1e-5)`, () => {
    const network = new Network(checkedModel(c), new Random(1));
    for (const { name, tensor } of network.parameters) {
      const [layer, kind] = name.split('.') as [string, 'weight' | 'bias'];
      const spec = network.stateOf(layer)!.tensors.find((x) => x.spec.name === kind)!.spec;
      fromTorchLayout(spec, Float32Array.from(c.parameters[name]!.data), tensor.data);
    }
    const loss: LossSetting = { name: 'vae', reconstruction: c.reconstruction, beta: c.beta };
    const rows = c.sizes.rows;
    new t.Tape().run(() => {
      const forward = network.forward(t.tensor(Float32Array.from(c.inputs.data), c.inputs.shape), { training: true, noise: fixedNormals(c.eps.data) });
      const scores = lossScores(loss, forward);
      const latent = latentValues(forward.latent);
      const result = computeLoss(loss, scores.data, Float32Array.from(c.inputs.data), rows, new Float32Array(scores.size), latent);
      close(result.value, c.loss, 'loss');
      close(result.terms!.reconstruction, c.terms.reconstruction, 'reconstruction term');
      close(result.terms!.kl, c.terms.kl, 'KL term');
      t.backward(scores, result.grad);
      t.backward(forward.latent!, latent!.grad);
    });
    for (const { name, tensor } of network.parameters) {
      const spec = network.stateOf(name.split('.')[0]!)!.tensors.find((x) => `${name.split('.')[0]}.${x.spec.name}` === name)!.spec;
      const ours = new Float32Array(tensor.grad.length);
      // fromTorchLayout's inverse: compare in PyTorch's layout by converting the reference into ours.
      fromTorchLayout(spec, Float32Array.from(c.grads[name]!.data), ours);
      const scale = Math.max(...ours.map(Math.abs), 1e-12);
      tensor.grad.forEach((g, i) => assert.ok(Math.abs(g - ours[i]!) <= 1e-5 * Math.max(1, scale), `${name} gradient [${i}]: ${g} vs PyTorch ${ours[i]}`));
    }
  });
}

test('without the KL backward pass the encoder gradients differ (the second pass is what carries KL)', () => {
  const c = cases[0]!;
  const network = new Network(checkedModel(c), new Random(1));
  const loss: LossSetting = { name: 'vae', reconstruction: c.reconstruction, beta: c.beta };
  new t.Tape().run(() => {
    const forward = network.forward(t.tensor(Float32Array.from(c.inputs.data), c.inputs.shape), { training: true, noise: fixedNormals(c.eps.data) });
    const scores = lossScores(loss, forward);
    const latent = latentValues(forward.latent)!;
    const result = computeLoss(loss, scores.data, Float32Array.from(c.inputs.data), c.sizes.rows, new Float32Array(scores.size), latent);
    t.backward(scores, result.grad);
    const before = Float32Array.from(network.stateOf('enc2')!.bias!.grad);
    t.backward(forward.latent!, latent.grad);
    assert.notDeepEqual(Array.from(network.stateOf('enc2')!.bias!.grad), Array.from(before));
  });
});
