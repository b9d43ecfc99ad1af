// The sequence layers in the rest of the product: dense and layernorm on [T, d] act on each
// position alone (as nn.Linear and nn.LayerNorm on the last axis), the attention mask really hides
// the future, and hover and completion describe the new layers from their catalog entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { weightEntries } from '../../../core/export';
import { completions, hover } from '../../../core/ide';
import { Network } from '../../../core/nn/network';
import * as t from '../../../core/tensor';

function network(text: string): Network {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  return new Network(analysis.models[0]!, new Random(3));
}

function run(net: Network, values: Float32Array, shape: readonly number[]): Float32Array {
  return new t.Tape().run(() => t.noGrad(() => net.forward(t.tensor(values, shape), { training: false }).output.data.slice()));
}

test('dense and layernorm on [T, d] give each position what they give that position alone', () => {
  const [length, width] = [5, 6];
  const layers = '  dense(4, activation: tanh)\n  layernorm()\n  dense(3)\n';
  const sequence = network(`model S {\n  input [${length}, ${width}]\n${layers}}\n`);
  const single = network(`model P {\n  input [${width}]\n${layers}}\n`);
  // The same weights in both (layernorm's start at γ = 1, β = 0: give them values that matter).
  const random = new Random(9);
  const singleEntries = new Map(weightEntries(single).map((entry) => [entry.name, entry]));
  for (const entry of weightEntries(sequence)) {
    const values = Float32Array.from({ length: entry.shape.reduce((a, b) => a * b, 1) }, () => random.uniform(-1, 1));
    entry.write(values);
    singleEntries.get(entry.name)!.write(values);
  }
  const batch = 2;
  const inputs = Float32Array.from({ length: batch * length * width }, () => random.uniform(-2, 2));
  const together = run(sequence, inputs, [batch, length, width]);
  const alone = run(single, inputs, [batch * length, width]);
  assert.equal(together.length, alone.length);
  for (let i = 0; i < alone.length; i++) assert.ok(Math.abs(together[i]! - alone[i]!) <= 1e-6, `element ${i}: ${together[i]} vs ${alone[i]}`);
});

test('causal attention: changing a later position changes no earlier output; without the mask it does', () => {
  const [length, width] = [6, 8];
  const random = new Random(4);
  const inputs = Float32Array.from({ length: length * width }, () => random.uniform(-1, 1));
  const changed = inputs.slice();
  for (let i = 4 * width; i < 5 * width; i++) changed[i] = changed[i]! + 1; // position 4
  for (const causal of [true, false]) {
    const net = network(`model A {\n  input [${length}, ${width}]\n  attention(2, causal: ${causal})\n}\n`);
    const before = run(net, inputs, [1, length, width]);
    const after = run(net, changed, [1, length, width]);
    const moved = (position: number): boolean => before.slice(position * width, (position + 1) * width).some((v, i) => v !== after[position * width + i]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(moved), causal ? [false, false, false, false, true, true] : [true, true, true, true, true, true], `causal: ${causal}`);
  }
});

test('hover and completion describe attention, positional_embedding and sinusoidal_positions from the catalog', () => {
  const text = 'model G {\n  input [8]\n  embedding(20, 16)\n  positional_embedding(8)\n  sinusoidal_positions()\n  attention(4, causal: true)\n  \n}\n';
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
  const at = (word: string): string => hover(analysis, text.indexOf(word) + 2)?.markdown ?? '';
  assert.match(at('attention('), /nn\.MultiheadAttention/);
  assert.match(at('attention('), /3·16·16 \+ 3·16 \+ 16·16 \+ 16 = 1,088/);
  assert.match(at('positional_embedding('), /8·16 = 128/);
  assert.match(at('sinusoidal_positions('), /sin\(pos/);
  const labels = completions(analysis, text.indexOf('  \n}') + 2).map((item) => item.label);
  for (const name of ['attention', 'positional_embedding', 'sinusoidal_positions']) assert.ok(labels.includes(name), `completion offers ${name}`);
});
