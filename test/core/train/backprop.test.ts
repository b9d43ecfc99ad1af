// The backpropagation step-through (core/train/backprop.ts, core/inspect/backprop/) on the XOR net
// and the one-neuron logistic regression of examples/: every weight's gradient equals a central
// finite difference to 1e-4 and PyTorch's autograd to 1e-6 (test/fixtures/torch/backprop.json,
// made by scripts/reference/backprop_fixtures.py from dlmodel's own export and initial weights),
// every backward step's chain-rule product adds up to what the engine's rule added, and each
// optimizer's three steps equal torch.optim's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import type { BackpropTrace, OptimizerTrace } from '../../../core/inspect/backprop';
import { toTorchLayout } from '../../../core/nn/layout';
import * as t from '../../../core/tensor';
import { buildBackpropTrace, planTraining } from '../../../core/train';
import { optimizerLabel } from '../../../core/train/backprop-text';
import { fromRoot } from '../../helpers/paths';

interface FixtureCase {
  readonly input: number[];
  readonly target: number[];
  readonly lr: number;
  readonly loss: number;
  readonly initial: Record<string, number[]>;
  readonly gradients: Record<string, number[]>;
  readonly steps: Record<'file' | 'sgd' | 'momentum' | 'adam', Record<string, number[]>[]>;
}
const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/backprop.json'), 'utf8')) as { cases: Record<string, FixtureCase> };

function traceOf(example: string, edit: (text: string) => string = (text) => text): ReturnType<typeof buildBackpropTrace> {
  const text = edit(readFileSync(fromRoot(`examples/${example}.dlmodel`), 'utf8'));
  const planned = planTraining(checkDocument(text, {}), {});
  if (!planned.ok) throw new Error(planned.message);
  return buildBackpropTrace(planned.plan);
}

function okTrace(example: string): BackpropTrace {
  const result = traceOf(example);
  if (!result.ok) throw new Error(result.message);
  return result.trace;
}

/** A weight tensor's per-scalar numbers in PyTorch's layout (dense stores x·W: [n, units], nn.Linear [units, n]). */
function torchValues(trace: BackpropTrace, name: string, values: readonly (number | null)[]): number[] {
  const tensor = trace.tensors.find((x) => x.role === 'weight' && x.description === name);
  assert.ok(tensor, `weight ${name} in the trace`);
  const own = Float32Array.from(values.slice(tensor.firstScalar, tensor.firstScalar + tensor.size).map((v) => v ?? Number.NaN));
  return Array.from(toTorchLayout({ shape: tensor.shape, torchLayout: tensor.shape.length === 2 ? 'transposed' : 'same' }, own));
}

function assertClose(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) <= tolerance, `${what}[${i}]: ${value} vs ${expected[i]} (tolerance ${tolerance})`));
}

for (const example of ['xor', 'logistic-regression']) {
  const expected = fixture.cases[example]!;
  test(`${example}: the example, initial weights and loss are PyTorch's`, () => {
    const trace = okTrace(example);
    const first = trace.optimizers[0]!.iterations[0]!;
    const x = trace.tensors.find((tensor) => tensor.role === 'input')!;
    assert.deepEqual(first.values.slice(x.firstScalar, x.firstScalar + x.size), expected.input);
    for (const [name, values] of Object.entries(expected.initial)) assert.deepEqual(torchValues(trace, name, first.values), values, `${name} starts where dlmodel's export starts`);
    assert.ok(Math.abs(first.loss - expected.loss) <= 1e-6, `loss ${first.loss} vs ${expected.loss}`);
  });

  test(`${example}: every gradient equals a finite difference to 1e-4 and PyTorch to 1e-6`, () => {
    const trace = okTrace(example);
    for (const optimizer of trace.optimizers) {
      const first = optimizer.iterations[0]!;
      const weights = trace.tensors.filter((x) => x.role === 'weight').reduce((n, x) => n + x.size, 0);
      assert.equal(first.checks.length, weights, 'one check per weight');
      for (const iteration of optimizer.iterations) {
        for (const check of iteration.checks) {
          assert.ok(Math.abs(check.tape - check.finiteDifference) <= 1e-4, `${trace.scalars[check.scalar]!.label}: tape ${check.tape} vs finite difference ${check.finiteDifference}`);
          assert.equal(check.agrees, true);
          assert.equal(check.tape, iteration.gradients[check.scalar]);
        }
      }
      for (const [name, values] of Object.entries(expected.gradients)) assertClose(torchValues(trace, name, first.gradients), values, 1e-6, `${optimizer.label} ${name}.grad`);
    }
  });

  test(`${example}: each backward step's chain-rule product is what the engine's rule added`, () => {
    const trace = okTrace(example);
    const iteration = trace.optimizers[0]!.iterations[0]!;
    const final = new Map<number, number>();
    for (const step of iteration.backward) {
      const product = step.terms.reduce((sum, term) => sum + term.upstream * term.local, 0);
      assert.ok(Math.abs(step.before + product - step.after) <= 1e-6 * Math.max(1, Math.abs(step.after)), `${step.text}: ${step.before} + ${product} vs ${step.after}`);
      for (const term of step.terms) assert.equal(trace.edges[term.edge]!.from, step.scalar, 'each term travels an edge into the scalar');
      final.set(step.scalar, step.after);
    }
    // The last step that touched a scalar leaves the engine's gradient; every weight gets one.
    for (const [scalar, gradient] of final) assert.equal(gradient, iteration.gradients[scalar]);
    for (const tensor of trace.tensors.filter((x) => x.role === 'weight')) for (let i = 0; i < tensor.size; i++) assert.ok(final.has(tensor.firstScalar + i), `${trace.scalars[tensor.firstScalar + i]!.label} has a backward step`);
    assert.match(iteration.backward[0]!.text, /^∂L\/∂v\d+\[0\] = /);
  });

  test(`${example}: SGD, momentum and Adam steps equal torch.optim's for three steps`, () => {
    const trace = okTrace(example);
    const sgd = { lr: expected.lr, momentum: 0, nesterov: false, weight_decay: 0 };
    const labels: Record<keyof FixtureCase['steps'], string> = {
      file: trace.optimizers[0]!.label,
      sgd: optimizerLabel({ name: 'sgd', args: sgd }),
      momentum: optimizerLabel({ name: 'sgd', args: { ...sgd, momentum: 0.9 } }),
      adam: optimizerLabel({ name: 'adam', args: { lr: expected.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 } }),
    };
    for (const [key, steps] of Object.entries(expected.steps) as [keyof FixtureCase['steps'], Record<string, number[]>[]][]) {
      const optimizer: OptimizerTrace | undefined = trace.optimizers.find((o) => o.label === labels[key]);
      assert.ok(optimizer, `an optimizer labelled ${labels[key]} among ${trace.optimizers.map((o) => o.label).join(', ')}`);
      steps.forEach((after, k) => {
        const values: (number | null)[] = new Array<number | null>(trace.scalars.length).fill(null);
        for (const update of optimizer.iterations[k]!.updates) values[update.scalar] = update.after;
        for (const [name, expectedValues] of Object.entries(after)) assertClose(torchValues(trace, name, values), expectedValues, 1e-6, `${key} step ${k + 1} ${name}`);
      });
    }
  });
}

test('the chain-rule text spells out the product with its numbers', () => {
  const trace = okTrace('logistic-regression');
  const step = trace.optimizers[0]!.iterations[0]!.backward.find((s) => trace.scalars[s.scalar]!.label === 'W1[1,0]')!;
  assert.equal(step.text, '∂L/∂W1[1,0] = ∂L/∂v1[0] · ∂v1[0]/∂W1[1,0] = 0.1733 · 2.36 = 0.409');
  const xor = okTrace('xor');
  // v2 is the tanh layer's output; both logits of v3 = linear(v2) depend on each of its units.
  const sum = xor.optimizers[0]!.iterations[0]!.backward.find((s) => xor.scalars[s.scalar]!.label === 'v2[0]')!;
  assert.match(sum.text, /^∂L\/∂v2\[0\] = Σⱼ ∂L\/∂v3ⱼ · ∂v3ⱼ\/∂v2\[0\] = \S+ · \S+ \+ \S+ · \S+ = \S+$/);
});

test("Adam's update shows the bias correction with the step count", () => {
  const trace = okTrace('xor');
  const adam = trace.optimizers.find((o) => o.label.startsWith('adam'))!;
  assert.match(adam.iterations[0]!.updates[0]!.lines.join('\n'), /m̂ = m \/ \(1 − β₁\^t\) = .* \/ \(1 − 0\.9\^1\) = .*bias correction, t = 1/);
  assert.match(adam.iterations[2]!.updates[0]!.lines.join('\n'), /\(1 − 0\.999\^3\)/);
});

test('a model over the limit is refused with the limit, the reason and the Gradients tab', () => {
  const result = traceOf('spirals');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.message, /Spirals has 371 trainable weights/);
  assert.match(result.message, /up to 60 trainable weights/);
  assert.match(result.message, /Gradients tab/);
});

test('an observed backward pass gives the same bits as an unobserved one', () => {
  const run = (observe: boolean): Float32Array[] => {
    const w = t.parameter([0.3, -0.7, 1.1, 0.2], [2, 2]);
    const x = t.tensor([0.5, -1.5], [1, 2], { requiresGrad: true });
    const loss = t.sum(t.tanh(t.matmul(x, w)));
    let rules = 0;
    t.backward(loss, undefined, observe ? { beforeRule: () => undefined, afterRule: () => void rules++ } : undefined);
    if (observe) assert.equal(rules, 3, 'sum, tanh and matmul each ran once');
    return [Float32Array.from(w.grad), Float32Array.from(x.grad!)];
  };
  assert.deepEqual(run(true), run(false));
});
