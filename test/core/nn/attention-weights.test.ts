// The attention probabilities a layer hands to a forward pass's observer (what the Sequence tab
// draws): equal to PyTorch's per-head attention weights (test/fixtures/torch/attention-weights.json,
// written by scripts/reference/attention_weights_fixtures.py) and to a separate float64
// computation from the layer's own parameters; rows sum to 1 and masked entries are exactly 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { weightEntries } from '../../../core/export';
import { Network } from '../../../core/nn/network';
import * as t from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface Stored {
  readonly shape: number[];
  readonly data: number[];
}
interface WeightsCase {
  readonly name: string;
  readonly dlmodel: string;
  readonly state: Record<string, Stored>;
  readonly input: Stored;
  readonly weights: Stored;
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/attention-weights.json'), 'utf8')) as { cases: WeightsCase[] };

function network(text: string, seed = 0): Network {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  return new Network(analysis.models[0]!, new Random(seed));
}

/** The observed attention weights of one eval forward pass, by layer: [batch, heads, T, T] copied out of the tape. */
function observedWeights(net: Network, input: Float32Array, shape: readonly number[]): Map<string, { data: Float32Array; shape: readonly number[] }> {
  const seen = new Map<string, { data: Float32Array; shape: readonly number[] }>();
  new t.Tape().run(() =>
    t.noGrad(() =>
      net.forward(t.tensor(input, shape), {
        training: false,
        observe: (layer, name, value) => {
          assert.equal(name, 'attention-weights');
          seen.set(layer, { data: value.data.slice(), shape: [...value.shape] });
        },
      }),
    ),
  );
  return seen;
}

/** Every row of [..., T, T] sums to 1 within 1e-6, and with `causal` every entry above the diagonal is exactly 0. */
function assertRows(weights: Float32Array, length: number, causal: boolean): void {
  for (let row = 0; row < weights.length / length; row++) {
    const query = row % length;
    let sum = 0;
    for (let key = 0; key < length; key++) {
      const value = weights[row * length + key]!;
      sum += value;
      if (causal && key > query) assert.equal(value, 0, `row ${row} key ${key} is masked`);
      else assert.ok(value > 0, `row ${row} key ${key} is visible`);
    }
    assert.ok(Math.abs(sum - 1) < 1e-6, `row ${row} sums to ${sum}`);
  }
}

for (const c of fixture.cases) {
  test(`${c.name}: the observed attention probabilities equal PyTorch's per-head weights within 1e-6`, () => {
    const net = network(c.dlmodel);
    for (const entry of weightEntries(net)) entry.write(Float32Array.from(c.state[entry.name]!.data));
    const seen = observedWeights(net, Float32Array.from(c.input.data), c.input.shape);
    const observed = seen.get('attention_1')!;
    assert.deepEqual(observed.shape, c.weights.shape);
    let worst = 0;
    observed.data.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - c.weights.data[i]!))));
    assert.ok(worst <= 1e-6, `largest difference ${worst.toExponential(2)}`);
    assertRows(observed.data, c.input.shape[1]!, c.dlmodel.includes('causal'));
  });
}

/** softmax(q·kᵀ/√h) per head in float64 from x [T, d] and the layer's in-projection (kept as [d, 3d]: x·W). */
function referenceWeights(x: Float32Array, length: number, width: number, heads: number, inWeight: Float32Array, inBias: Float32Array, causal: boolean): Float64Array {
  const headSize = width / heads;
  const packed = new Float64Array(length * 3 * width);
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < 3 * width; j++) {
      let sum = inBias[j]!;
      for (let k = 0; k < width; k++) sum += x[i * width + k]! * inWeight[k * 3 * width + j]!;
      packed[i * 3 * width + j] = sum;
    }
  }
  const out = new Float64Array(heads * length * length);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < length; i++) {
      const scores = Array.from({ length }, (_, j) => {
        if (causal && j > i) return -Infinity;
        let dot = 0;
        for (let k = 0; k < headSize; k++) dot += packed[i * 3 * width + h * headSize + k]! * packed[j * 3 * width + width + h * headSize + k]!;
        return dot / Math.sqrt(headSize);
      });
      const top = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const total = exps.reduce((a, b) => a + b, 0);
      exps.forEach((e, j) => (out[(h * length + i) * length + j] = e / total));
    }
  }
  return out;
}

test('the second of two stacked attention layers reports weights equal to a float64 recomputation from its own input', () => {
  const text = `model Two {\n  input [7, 12]\n  attention(3, causal: true)\n  dense(12, activation: tanh)\n  attention(2)\n}\n`;
  const net = network(text, 5);
  const x = Float32Array.from({ length: 7 * 12 }, (_, i) => Math.sin(1.3 * i) * 1.5);
  // The second layer's input is dense_1's output: taken from the same pass's activations.
  let second: Float32Array | undefined;
  const seen = new Map<string, Float32Array>();
  new t.Tape().run(() =>
    t.noGrad(() => {
      const result = net.forward(t.tensor(x, [1, 7, 12]), { training: false, observe: (layer, _name, value) => seen.set(layer, value.data.slice()) });
      second = result.activations.get('dense_1')!.data.slice();
    }),
  );
  assert.deepEqual([...seen.keys()], ['attention_1', 'attention_2']);
  for (const [layer, input, heads, causal] of [['attention_1', x, 3, true], ['attention_2', second!, 2, false]] as const) {
    const state = net.stateOf(layer)!;
    const tensor = (name: string): Float32Array => state.tensors.find((s) => s.spec.name === name)!.data;
    const expected = referenceWeights(input, 7, 12, heads, tensor('in_proj_weight'), tensor('in_proj_bias'), causal);
    const observed = seen.get(layer)!;
    assert.equal(observed.length, heads * 49);
    let worst = 0;
    observed.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - expected[i]!))));
    assert.ok(worst < 1e-5, `${layer}: largest difference ${worst.toExponential(2)}`);
    assertRows(observed, 7, causal);
  }
});

test('without an observer the forward pass is unchanged (same output bits)', () => {
  const net = network(`model M {\n  input [5, 8]\n  attention(2, causal: true)\n}\n`, 2);
  const x = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i));
  const run = (observe: boolean): Float32Array =>
    new t.Tape().run(() => t.noGrad(() => net.forward(t.tensor(x, [1, 5, 8]), { training: false, ...(observe ? { observe: () => undefined } : {}) }).output.data.slice()));
  assert.deepEqual(run(true), run(false));
});
