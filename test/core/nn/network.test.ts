// Whole models against PyTorch (test/fixtures/torch/models.json): each model is built from its
// .dlmodel text by the real checker, given PyTorch's weights, and must reproduce PyTorch's
// output, loss and every parameter gradient within 1e-5 of each tensor's scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { computeLoss, type LossName } from '../../../core/nn/losses';
import { defaultLoss } from '../../../core/nn/settings';
import { Network } from '../../../core/nn/network';
import * as t from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  shape: number[];
  data: number[];
}
interface ModelFixture {
  name: string;
  mode: 'train' | 'eval';
  loss: LossName;
  dlmodel: string;
  params: Record<string, Stored>;
  buffers?: Record<string, Stored>;
  buffers_after?: Record<string, Stored>;
  input: Stored;
  targets: Stored;
  output: Stored;
  loss_value: number;
  grads: Record<string, Stored>;
}

const fixtures = (JSON.parse(readFileSync(fromRoot('test/fixtures/torch/models.json'), 'utf8')) as { models: ModelFixture[] }).models;

function assertClose(actual: Float32Array, expected: number[], tolerance: number, what: string, absolute = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    assert.ok(error <= tolerance * scale || error <= absolute, `${what}[${i}]: ${actual[i]} vs ${expected[i]} (${(error / scale).toExponential(2)} of the tensor's scale)`);
  }
}

/** PyTorch's Linear weight [out, in] → ours [in, out]. */
function transpose(stored: Stored): Float32Array {
  const [rows, cols] = stored.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = stored.data[r * cols + c]!;
  return out;
}

for (const fixture of fixtures) {
  test(`${fixture.name} (${fixture.mode} mode, ${fixture.loss}): output, loss and every gradient match PyTorch`, () => {
    const analysis = checkDocument(fixture.dlmodel);
    // SmallCNN and EvalCNN keep a conv bias before batchnorm() on purpose, to test its exactly-zero
    // gradient against PyTorch: the DL409 warning about that bias is expected there.
    assert.deepEqual(analysis.diagnostics.filter((d) => d.code !== 'DL409').map((d) => d.message), []);
    const network = new Network(analysis.models[0]!, new Random(0));
    assert.deepEqual(network.parameters.map((p) => p.name).sort(), Object.keys(fixture.params).sort());
    for (const { name, tensor } of network.parameters) {
      const stored = fixture.params[name]!;
      tensor.data.set(name.endsWith('.weight') && name.startsWith('dense') ? transpose(stored) : Float32Array.from(stored.data));
    }
    for (const [key, stored] of Object.entries(fixture.buffers ?? {})) {
      const [layer, kind] = key.split('.') as [string, string];
      const state = network.stateOf(layer)!;
      (kind === 'running_mean' ? state.runningMean! : state.runningVariance!).set(stored.data);
    }
    const tape = new t.Tape();
    tape.run(() => {
      const input = t.tensor(Float32Array.from(fixture.input.data), fixture.input.shape);
      const result = network.forward(input, { training: fixture.mode === 'train' });
      assertClose(result.output.data, fixture.output.data, 1e-5, 'output');
      const rows = fixture.input.shape[0]!;
      const targets = fixture.loss === 'mse' || fixture.loss === 'mae' ? Float32Array.from(fixture.targets.data) : Int32Array.from(fixture.targets.data);
      const loss = computeLoss(defaultLoss(fixture.loss), result.logits.data, targets, rows);
      assert.ok(Math.abs(loss.value - fixture.loss_value) <= 1e-5 * Math.max(1, Math.abs(fixture.loss_value)), `loss ${loss.value} vs ${fixture.loss_value}`);
      t.backward(result.logits, loss.grad);
    });
    for (const { name, tensor } of network.parameters) {
      const stored = fixture.grads[name]!;
      const expected = name.endsWith('.weight') && name.startsWith('dense') ? Array.from(transpose(stored)) : stored.data;
      // A conv bias followed by train-mode batch-norm has a zero gradient in theory; PyTorch stores float32 noise.
      const absolute = fixture.mode === 'train' && name === 'conv2d_1.bias' && fixture.name === 'SmallCNN' ? 1e-6 : 0;
      assertClose(tensor.grad, expected, 1e-5, `grad ${name}`, absolute);
    }
    for (const [key, stored] of Object.entries(fixture.buffers_after ?? {})) {
      const [layer, kind] = key.split('.') as [string, string];
      const state = network.stateOf(layer)!;
      assertClose(kind === 'running_mean' ? state.runningMean! : state.runningVariance!, stored.data, 1e-5, key);
    }
  });
}
