// lstm and gru against PyTorch (test/fixtures/torch/recurrent.json, made by
// scripts/reference/recurrent_fixtures.py): each layer built from its .dlmodel text by the real
// checker and given nn.LSTM's / nn.GRU's parameters must reproduce the forward pass and every
// gradient (backpropagation through time) within 1e-5, and ten Adam steps on a stack of both
// within 1e-4. The initialisation is PyTorch's range, and the parameter counts come out
// of the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { parse } from '../../../core/syntax';
import { computeLoss } from '../../../core/nn/losses';
import { fromTorchLayout } from '../../../core/nn/layout';
import { Network } from '../../../core/nn/network';
import { createOptimizer } from '../../../core/nn/optimizers';
import { defaultLoss, optimizerSettingOf } from '../../../core/nn/settings';
import * as t from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
type Tensors = Record<string, Stored>;
interface LayerCase {
  name: string;
  dlmodel: string;
  params: Tensors;
  input: Stored;
  output: Stored;
  upstream: Stored;
  grads: Tensors;
}
interface AdamCase {
  dlmodel: string;
  optimizer: string;
  params: Tensors;
  input: Stored;
  targets: Stored;
  losses: number[];
  steps: Tensors[];
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/recurrent.json'), 'utf8')) as { layers: LayerCase[]; adam: AdamCase };

/** Per-tensor closeness: |a − b| ≤ tolerance · max|reference|. */
function assertClose(actual: Float32Array, expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / scale;
    assert.ok(error <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (${error.toExponential(2)} of the tensor's scale)`);
  }
}

/** The model of `text`, checked clean, as a network. */
function networkOf(text: string): Network {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  return new Network(analysis.models[0]!, new Random(7));
}

/** Each tensor of the network, by state_dict name, in the layout it computes with. */
function tensorsOf(network: Network): Map<string, { spec: Parameters<typeof fromTorchLayout>[0]; data: Float32Array; torch: (stored: Float32Array) => Float32Array }> {
  const tensors = new Map<string, { spec: Parameters<typeof fromTorchLayout>[0]; data: Float32Array; torch: (stored: Float32Array) => Float32Array }>();
  for (const layer of network.model.layers) {
    for (const { spec, data } of network.stateOf(layer.name)?.tensors ?? []) {
      const torch = (stored: Float32Array): Float32Array => {
        if (spec.torchLayout === 'same') return stored;
        const [rows, columns] = spec.shape as [number, number];
        return Float32Array.from({ length: stored.length }, (_, i) => stored[(i % rows) * columns + Math.floor(i / rows)]!);
      };
      tensors.set(`${layer.name}.${spec.name}`, { spec, data, torch });
    }
  }
  return tensors;
}

/** Gives the network PyTorch's parameters (state_dict names, PyTorch's layout). */
function load(network: Network, params: Tensors): void {
  const tensors = tensorsOf(network);
  assert.deepEqual([...tensors.keys()].sort(), Object.keys(params).sort());
  for (const [name, stored] of Object.entries(params)) fromTorchLayout(tensors.get(name)!.spec, Float32Array.from(stored.data), tensors.get(name)!.data);
}

for (const c of fixture.layers) {
  test(`${c.name}: forward and every gradient match PyTorch within 1e-5`, () => {
    const network = networkOf(c.dlmodel);
    load(network, c.params);
    const tape = new t.Tape();
    tape.run(() => {
      const input = t.parameter(Float32Array.from(c.input.data), c.input.shape);
      const { output } = network.forward(input, { training: true });
      assert.deepEqual(output.shape, c.output.shape);
      assertClose(output.data, c.output.data, 1e-5, 'output');
      t.backward(output, Float32Array.from(c.upstream.data));
      assertClose(input.grad, c.grads['input']!.data, 1e-5, 'input gradient');
      const tensors = tensorsOf(network);
      for (const { name, tensor } of network.parameters) assertClose(tensors.get(name)!.torch(tensor.grad), c.grads[name]!.data, 1e-5, `${name} gradient`);
    });
  });
}

test('ten Adam steps on lstm → gru(return: last) → dense match torch.optim within 1e-4', () => {
  const { adam } = fixture;
  const network = networkOf(adam.dlmodel);
  load(network, adam.params);
  const file = parse(`train {\n  optimizer: ${adam.optimizer}\n}\n`).file;
  const entry = file.items[0]?.kind === 'Train' ? file.items[0].body?.items[0] : undefined;
  assert.ok(entry?.kind === 'TrainEntry' && entry.value?.kind === 'Call');
  const optimizer = createOptimizer(optimizerSettingOf(entry.value), network.parameters.map((p) => p.tensor));
  const rows = adam.input.shape[0]!;
  const tape = new t.Tape();
  adam.steps.forEach((expected, step) => {
    tape.reset();
    tape.run(() => {
      const { output } = network.forward(t.tensor(Float32Array.from(adam.input.data), adam.input.shape), { training: true });
      const loss = computeLoss(defaultLoss('mse'), output.data, Float32Array.from(adam.targets.data), rows);
      assert.ok(Math.abs(loss.value - adam.losses[step]!) <= 1e-4 * Math.abs(adam.losses[step]!), `loss of step ${step + 1}: ${loss.value} vs ${adam.losses[step]}`);
      t.backward(output, loss.grad);
    });
    optimizer.step();
    t.zeroGrad(network.parameters.map((p) => p.tensor));
    if (step === adam.steps.length - 1) {
      const tensors = tensorsOf(network);
      for (const [name, stored] of Object.entries(expected)) assertClose(tensors.get(name)!.torch(tensors.get(name)!.data), stored.data, 1e-4, `${name} after ${step + 1} steps`);
    }
  });
});

test("the issue's parameter counts: nn.LSTM(32, 64) has 25,088, nn.GRU(32, 64) 18,816", () => {
  const analysis = checkDocument('model A {\n  input [10, 32]\n  lstm(64)\n}\nmodel B {\n  input [10, 32]\n  gru(64, return: last)\n}\n');
  assert.deepEqual(analysis.diagnostics, []);
  const [lstm, gru] = analysis.models;
  assert.equal(lstm!.trainableParams, 25_088n);
  assert.deepEqual(lstm!.output, [10, 64]);
  assert.equal(lstm!.macs, 10n * 4n * 64n * (32n + 64n));
  assert.equal(gru!.trainableParams, 18_816n);
  assert.deepEqual(gru!.output, [64]);
  assert.equal(gru!.macs, 10n * 3n * 64n * (32n + 64n));
});

test("every recurrent tensor starts as PyTorch's: U(−1/√hidden, 1/√hidden), spread over the range", () => {
  const network = networkOf('model M {\n  input [3, 7]\n  lstm(16)\n  gru(9)\n}\n');
  for (const [name, { data }] of tensorsOf(network)) {
    const bound = 1 / Math.sqrt(name.startsWith('lstm') ? 16 : 9);
    const largest = data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    assert.ok(largest <= bound && largest >= 0.8 * bound, `${name}: largest |value| ${largest}, bound ${bound}`);
  }
});
