// The fused LSTM and GRU steps (lstmCellState, lstmCellOutput, gruCell): each checked against a
// float64 reference and finite differences (checkOp), and a whole sequence against the cell
// written out in the engine's elementary operations (slices, sums, activations, products), which
// is how the layers ran before: the same forward bits, and gradients within float32 rounding.
// PyTorch agreement is test/core/nn/recurrent.test.ts's (fixtures of nn.LSTM / nn.GRU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../../core/tensor';
import { checkOp } from './support/gradient-check';
import { TestRandom } from './support/random';
import type { Array64 } from './support/reference';

const batch = 3;
const steps = 4;
const hidden = 5;
const sigmoid64 = (x: number): number => 1 / (1 + Math.exp(-x));

/** Value k of row n at `step` of [N, T, width] as a float64 reference reads it. */
const at = (a: Array64, n: number, step: number, k: number): number => a.data[(n * a.shape[1]! + step) * a.shape[2]! + k]!;
const out64 = (f: (n: number, j: number) => number): Array64 => ({ shape: [batch, hidden], data: Float64Array.from({ length: batch * hidden }, (_, i) => f(Math.floor(i / hidden), i % hidden)) });

for (const step of [0, 2]) {
  test(`lstmCellState at step ${step}: float64 reference and finite differences`, () =>
    checkOp({
      inputs: [{ shape: [batch, steps, 4 * hidden] }, { shape: [batch, 4 * hidden] }, { shape: [batch, hidden] }],
      run: ([x, s, c]) => t.lstmCellState(x!, step, { stateGates: s!, previous: c! }),
      reference: ([x, s, c]) =>
        out64((n, j) => {
          const gate = (block: number): number => at(x!, n, step, block * hidden + j) + s!.data[n * 4 * hidden + block * hidden + j]!;
          return sigmoid64(gate(1)) * c!.data[n * hidden + j]! + sigmoid64(gate(0)) * Math.tanh(gate(2));
        }),
    }));

  test(`lstmCellOutput at step ${step}: float64 reference and finite differences`, () =>
    checkOp({
      inputs: [{ shape: [batch, steps, 4 * hidden] }, { shape: [batch, hidden] }, { shape: [batch, 4 * hidden] }],
      run: ([x, c, s]) => t.lstmCellOutput(x!, step, c!, s),
      reference: ([x, c, s]) => out64((n, j) => sigmoid64(at(x!, n, step, 3 * hidden + j) + s!.data[n * 4 * hidden + 3 * hidden + j]!) * Math.tanh(c!.data[n * hidden + j]!)),
    }));

  test(`gruCell at step ${step}: float64 reference and finite differences`, () =>
    checkOp({
      inputs: [{ shape: [batch, steps, 3 * hidden] }, { shape: [batch, 3 * hidden] }, { shape: [batch, hidden] }],
      run: ([x, s, h]) => t.gruCell(x!, step, s!, h),
      reference: ([x, s, h]) =>
        out64((n, j) => {
          const state = (block: number): number => s!.data[n * 3 * hidden + block * hidden + j]!;
          const r = sigmoid64(at(x!, n, step, j) + state(0));
          const z = sigmoid64(at(x!, n, step, hidden + j) + state(1));
          const candidate = Math.tanh(at(x!, n, step, 2 * hidden + j) + r * state(2));
          return (1 - z) * candidate + z * h!.data[n * hidden + j]!;
        }),
    }));
}

test('the first steps: lstmCellState without a state, gruCell with b_hh shared by every row', () => {
  checkOp({
    inputs: [{ shape: [batch, steps, 4 * hidden] }],
    run: ([x]) => t.lstmCellState(x!, 1),
    reference: ([x]) => out64((n, j) => sigmoid64(at(x!, n, 1, j)) * Math.tanh(at(x!, n, 1, 2 * hidden + j))),
  });
  checkOp({
    inputs: [{ shape: [batch, steps, 3 * hidden] }, { shape: [3 * hidden] }],
    run: ([x, b]) => t.gruCell(x!, 0, b!),
    reference: ([x, b]) =>
      out64((n, j) => {
        const r = sigmoid64(at(x!, n, 0, j) + b!.data[j]!);
        const z = sigmoid64(at(x!, n, 0, hidden + j) + b!.data[hidden + j]!);
        return (1 - z) * Math.tanh(at(x!, n, 0, 2 * hidden + j) + r * b!.data[2 * hidden + j]!);
      }),
  });
});

test('shapes that do not fit are errors that name the op and the shapes', () => {
  const x = t.zeros([2, 3, 8]);
  assert.throws(() => t.lstmCellState(x, 3), /lstmCellState: step 3 is not a step of inputGates \[2, 3, 8\]/);
  assert.throws(() => t.lstmCellState(x, 0, { stateGates: t.zeros([2, 4]), previous: t.zeros([2, 2]) }), /stateGates must be \[2, 8\] or \[8\], got \[2, 4\]/);
  assert.throws(() => t.lstmCellOutput(x, 0, t.zeros([2, 3])), /lstmCellOutput: cell must be \[2, 2\], got \[2, 3\]/);
  assert.throws(() => t.gruCell(x, 0, t.zeros([8])), /gruCell: inputGates must be \[N, T, 3·hidden\], got \[2, 3, 8\]/);
});

// ---- A whole sequence: fused against the cell written out in elementary operations. ----

interface Weights {
  readonly input: t.Tensor;
  readonly inputWeight: t.Tensor;
  readonly stateWeight: t.Tensor;
  readonly inputBias: t.Tensor;
  readonly stateBias: t.Tensor;
}

function weights(blocks: number, features: number, seed: number): Weights {
  const random = new TestRandom(seed);
  const make = (shape: number[], scale: number): t.Tensor => t.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * random.normal()), shape, { requiresGrad: true });
  return { input: make([batch, steps, features], 1), inputWeight: make([features, blocks * hidden], 0.5), stateWeight: make([hidden, blocks * hidden], 0.5), inputBias: make([blocks * hidden], 0.3), stateBias: make([blocks * hidden], 0.3) };
}

const gate = (x: t.Tensor, block: number): t.Tensor => t.narrow(x, -1, block * hidden, hidden);
const stepOf = (x: t.Tensor, step: number): t.Tensor => t.reshape(t.narrow(x, 1, step, 1), [batch, x.shape[2]!]);
const stack = (states: t.Tensor[]): t.Tensor => t.concat(states.map((h) => t.reshape(h, [batch, 1, hidden])), 1);

function composedLstm(w: Weights): t.Tensor {
  const projected = t.addBias(t.addBias(t.matmul(w.input, w.inputWeight), w.inputBias), w.stateBias);
  const states: t.Tensor[] = [];
  let h: t.Tensor | undefined;
  let c: t.Tensor | undefined;
  for (let step = 0; step < steps; step++) {
    const gates = h ? t.add(stepOf(projected, step), t.matmul(h, w.stateWeight)) : stepOf(projected, step);
    const written = t.mul(t.sigmoid(gate(gates, 0)), t.tanh(gate(gates, 2)));
    c = c ? t.add(t.mul(t.sigmoid(gate(gates, 1)), c), written) : written;
    h = t.mul(t.sigmoid(gate(gates, 3)), t.tanh(c));
    states.push(h);
  }
  return stack(states);
}

function fusedLstm(w: Weights): t.Tensor {
  const projected = t.addBias(t.addBias(t.matmul(w.input, w.inputWeight), w.inputBias), w.stateBias);
  const states: t.Tensor[] = [];
  let h: t.Tensor | undefined;
  let c: t.Tensor | undefined;
  for (let step = 0; step < steps; step++) {
    const stateGates = h && t.matmul(h, w.stateWeight);
    c = stateGates ? t.lstmCellState(projected, step, { stateGates, previous: c! }) : t.lstmCellState(projected, step);
    h = t.lstmCellOutput(projected, step, c, stateGates);
    states.push(h);
  }
  return stack(states);
}

function composedGru(w: Weights): t.Tensor {
  const projected = t.addBias(t.matmul(w.input, w.inputWeight), w.inputBias);
  const states: t.Tensor[] = [];
  let h: t.Tensor | undefined;
  for (let step = 0; step < steps; step++) {
    const fromInput = stepOf(projected, step);
    const fromState = h ? t.addBias(t.matmul(h, w.stateWeight), w.stateBias) : w.stateBias;
    const r = t.sigmoid(t.add(gate(fromInput, 0), gate(fromState, 0)));
    const z = t.sigmoid(t.add(gate(fromInput, 1), gate(fromState, 1)));
    const n = t.tanh(t.add(gate(fromInput, 2), t.mul(r, gate(fromState, 2))));
    h = h ? t.add(n, t.mul(z, t.sub(h, n))) : t.sub(n, t.mul(z, n));
    states.push(h);
  }
  return stack(states);
}

function fusedGru(w: Weights): t.Tensor {
  const projected = t.addBias(t.matmul(w.input, w.inputWeight), w.inputBias);
  const states: t.Tensor[] = [];
  let h: t.Tensor | undefined;
  for (let step = 0; step < steps; step++) {
    h = t.gruCell(projected, step, h ? t.addBias(t.matmul(h, w.stateWeight), w.stateBias) : w.stateBias, h);
    states.push(h);
  }
  return stack(states);
}

/** The output and every gradient of Σ upstream·cell(w) for fresh copies of the same weights. */
function run(blocks: number, cell: (w: Weights) => t.Tensor): { output: Float32Array; grads: Float32Array[] } {
  const w = weights(blocks, 6, 11);
  const output = cell(w);
  const random = new TestRandom(5);
  t.backward(output, Float32Array.from({ length: output.size }, () => random.normal()));
  return { output: output.data.slice(), grads: [w.input, w.inputWeight, w.stateWeight, w.inputBias, w.stateBias].map((p) => p.grad!.slice()) };
}

for (const [name, blocks, composed, fused] of [
  ['lstm', 4, composedLstm, fusedLstm],
  ['gru', 3, composedGru, fusedGru],
] as const) {
  test(`${name}: the fused steps give the written-out cell's output bit for bit and its gradients within float32 rounding`, () => {
    const reference = run(blocks, composed);
    const actual = run(blocks, fused);
    assert.deepEqual(actual.output, reference.output);
    actual.grads.forEach((grad, k) => {
      const scale = Math.max(...reference.grads[k]!.map(Math.abs));
      grad.forEach((value, i) => assert.ok(Math.abs(value - reference.grads[k]![i]!) <= 1e-6 * scale, `${name} gradient ${k}[${i}]: ${value} vs ${reference.grads[k]![i]}`));
    });
  });
}

test('without a gradient to take the fused steps record nothing and give the same bits', () => {
  for (const [blocks, cell] of [
    [4, fusedLstm],
    [3, fusedGru],
  ] as const) {
    const taped = cell(weights(blocks, 6, 11));
    const untaped = t.noGrad(() => cell(weights(blocks, 6, 11)));
    assert.deepEqual(untaped.data, taped.data);
    assert.equal(untaped.node, undefined);
    assert.ok(taped.node !== undefined);
  }
});
