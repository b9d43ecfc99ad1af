// Attention and the pre-norm transformer block against PyTorch (test/fixtures/torch/attention.json,
// written by scripts/reference/attention_fixtures.py): nn.MultiheadAttention with and without the
// causal mask (output, and the gradients of Σ output·upstream w.r.t. the input and every parameter),
// nn.TransformerEncoderLayer(64, 4, 256, norm_first=True, activation='gelu') against the block
// written from residual/layernorm/attention/dense (parameter count, output, input gradient), and ten
// Adam steps of a tiny causal attention model (every loss and the final weights within 1e-4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { weightEntries } from '../../../core/export';
import { Adam } from '../../../core/nn/optimizers';
import { Network } from '../../../core/nn/network';
import { toTorchLayout } from '../../../core/nn/layout';
import * as t from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  readonly shape: number[];
  readonly data: number[];
}
interface GradientCase {
  readonly name: string;
  readonly dlmodel: string;
  readonly state?: Record<string, Stored>;
  readonly input: Stored;
  readonly output: Stored;
  readonly upstream: Stored;
  readonly grads: Record<string, Stored>;
}
interface BlockCase extends GradientCase {
  readonly parameters: number;
  readonly state_formula: { readonly scale: number };
}
interface AdamCase {
  readonly dlmodel: string;
  readonly lr: number;
  readonly input: Stored;
  readonly targets: Stored;
  readonly start: Record<string, Stored>;
  readonly losses: number[];
  readonly final: Record<string, Stored>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/attention.json'), 'utf8')) as { layers: GradientCase[]; block: BlockCase; adam: AdamCase };

/** max |a − b| over max |b|: the difference as a fraction of the tensor's scale. */
function scaledDifference(actual: ArrayLike<number>, expected: readonly number[]): number {
  assert.equal(actual.length, expected.length, 'length');
  const scale = Math.max(...expected.map(Math.abs), 1e-12);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst / scale;
}

function assertClose(actual: ArrayLike<number>, expected: Stored, tolerance: number, what: string): void {
  const difference = scaledDifference(actual, expected.data);
  assert.ok(difference <= tolerance, `${what}: differs from PyTorch by ${difference.toExponential(2)} of its scale (allowed ${tolerance})`);
}

function network(text: string): Network {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  return new Network(analysis.models[0]!, new Random(0));
}

/** Writes PyTorch's state (its names and layouts) into the network; every tensor must be given. */
function load(net: Network, state: (name: string, shape: readonly number[]) => Float32Array): void {
  for (const entry of weightEntries(net)) entry.write(state(entry.name, entry.shape));
}

/** Runs the forward pass in eval mode, backward with `upstream`; the input's gradient, and each parameter's in PyTorch's layout. */
function forwardBackward(net: Network, input: Stored, upstream: Stored): { output: Float32Array; grads: Map<string, Float32Array> } {
  const x = t.parameter(Float32Array.from(input.data), input.shape);
  const output = new t.Tape().run(() => {
    const y = net.forward(x, { training: false }).output;
    t.backward(t.sum(t.mul(y, t.tensor(Float32Array.from(upstream.data), upstream.shape))));
    return y.data.slice();
  });
  const grads = new Map<string, Float32Array>([['input', x.grad.slice()]]);
  for (const layer of net.model.layers) {
    for (const tensor of net.stateOf(layer.name)?.tensors ?? []) grads.set(`${layer.name}.${tensor.spec.name}`, toTorchLayout(tensor.spec, tensor.parameter!.grad).slice());
  }
  return { output, grads };
}

for (const c of fixture.layers) {
  test(`${c.name}: forward within 1e-5 and every gradient within 1e-5 of nn.MultiheadAttention`, () => {
    const net = network(c.dlmodel);
    load(net, (name) => Float32Array.from(c.state![name]!.data));
    const { output, grads } = forwardBackward(net, c.input, c.upstream);
    assertClose(output, c.output, 1e-5, 'output');
    assert.deepEqual([...grads.keys()].sort(), Object.keys(c.grads).sort());
    for (const [name, expected] of Object.entries(c.grads)) assertClose(grads.get(name)!, expected, 1e-5, `gradient of ${name}`);
  });
}

test('the pre-norm block of residual/layernorm/attention/dense is nn.TransformerEncoderLayer(64, 4, 256, norm_first=True, gelu): 49,984 parameters, same output and input gradient', () => {
  const c = fixture.block;
  const net = network(c.dlmodel);
  assert.equal(c.parameters, 49_984);
  assert.equal(net.model.trainableParams, BigInt(c.parameters));
  // The fixture's parameters come from the formula of attention_fixtures.py's formula_state.
  load(net, (name, shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return Float32Array.from({ length: size }, (_, i) => c.state_formula.scale * Math.sin(0.7 * i + name.length));
  });
  const { output, grads } = forwardBackward(net, c.input, c.upstream);
  assertClose(output, c.output, 1e-5, 'output');
  assertClose(grads.get('input')!, c.grads['input']!, 1e-5, 'gradient of the input');
});

test('ten Adam steps of a tiny causal attention model follow PyTorch within 1e-4', () => {
  const c = fixture.adam;
  const net = network(c.dlmodel);
  load(net, (name) => Float32Array.from(c.start[name]!.data));
  const optimizer = new Adam(
    net.parameters.map((p) => p.tensor),
    { lr: c.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false },
  );
  const x = t.tensor(Float32Array.from(c.input.data), c.input.shape);
  const targets = t.tensor(Float32Array.from(c.targets.data), c.targets.shape);
  const tape = new t.Tape();
  const losses: number[] = [];
  for (let step = 0; step < 10; step++) {
    tape.reset();
    losses.push(
      tape.run(() => {
        const loss = t.mean(t.pow(t.sub(net.forward(x, { training: true }).output, targets), 2));
        t.backward(loss);
        return loss.data[0]!;
      }),
    );
    optimizer.step();
    t.zeroGrad(net.parameters.map((p) => p.tensor));
  }
  for (let step = 0; step < 10; step++) assert.ok(Math.abs(losses[step]! - c.losses[step]!) <= 1e-4 * Math.abs(c.losses[step]!), `loss of step ${step + 1}: ${losses[step]} vs PyTorch ${c.losses[step]}`);
  assert.ok(losses[9]! < losses[0]!, 'the loss falls');
  for (const entry of weightEntries(net)) {
    const [ours, theirs] = [entry.read(), c.final[entry.name]!];
    if (entry.name !== 'attention_1.in_proj_bias') {
      assertClose(ours, theirs, 1e-4, `${entry.name} after ten steps`);
      continue;
    }
    // The key bias adds q·b_k to every score of a row, which softmax ignores: its gradient is 0 up to
    // float32 noise, and Adam scales noise up to steps of ±lr in both implementations alike. Its
    // third is compared only for staying within ten such steps of its start; q's and v's exactly.
    const width = theirs.data.length / 3;
    const start = c.start[entry.name]!.data;
    for (let i = width; i < 2 * width; i++) assert.ok(Math.abs(ours[i]! - start[i]!) <= 10 * c.lr * (1 + 1e-3), `key bias ${i} moved beyond ten Adam steps`);
    const without = (values: ArrayLike<number>): number[] => Array.from(values).filter((_, i) => i < width || i >= 2 * width);
    assertClose(without(ours), { shape: [2 * width], data: without(theirs.data) }, 1e-4, 'in_proj_bias (query and value thirds) after ten steps');
  }
});
