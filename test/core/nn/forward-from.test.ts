// Running a model from one of its values (core/nn/forward-from.ts): from a VAE's code in eval mode
// it equals the whole forward pass (reparameterize returns μ there), and a value that a later node
// skips over (a U-Net's skip connection) is refused instead of run on missing values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as t from '../../../core/tensor';
import { forwardFrom, isCut } from '../../../core/nn/forward-from';
import { fromRoot } from '../../helpers/paths';
import { planText, startRun } from '../../helpers/training';

test('from the reparameterize layer, on μ, the rest of the VAE gives the whole forward pass’s output', () => {
  const run = startRun(planText(readFileSync(fromRoot('examples/digits-vae.dlmodel'), 'utf8'), { epochs: 1 }));
  for (const event of run.events()) void event;
  const { graph } = run.plan.model;
  const code = graph.nodes.findIndex((node) => node.layer.kind === 'reparameterize');
  assert.ok(isCut(graph, code));
  const rows = 16;
  const inputs = run.data.validation.inputs.subarray(0, rows * 64);
  const whole = run.forwardEval(inputs, rows, (r) => ({ output: r.output.data.slice(), mu: r.activations.get('code')!.data.slice() }));
  assert.equal(whole.mu.length, rows * 2);
  const fromCode = t.noGrad(() => forwardFrom(run.network, code, t.tensor(whole.mu, [rows, 2]), { training: false }).output.data.slice());
  assert.deepEqual(Array.from(fromCode), Array.from(whole.output));
  // The same through the run's helper (the Latent manifold decodes with it).
  const helper = run.forwardEvalFrom(code, whole.mu, rows, (r) => Array.from(r.output.data));
  assert.deepEqual(helper, Array.from(whole.output));
});

test('a value skipped by a later node is not a cut, and running from it is refused', () => {
  const text = `model Skip {
  input [64]
  a = dense(64, activation: relu)
  dense(4, activation: relu)
  b = dense(64)
  add(a, b)
  sigmoid()
}
train {
  data: digits(flat: true)
  target: input
  loss: binary_cross_entropy
  optimizer: adam(lr: 0.01)
  epochs: 1
}`;
  const run = startRun(planText(text));
  const { graph } = run.plan.model;
  assert.equal(isCut(graph, 0), true, 'everything after a reads only a and later values');
  assert.equal(isCut(graph, 1), false, 'add reads a, which is before dense_2');
  assert.throws(() => forwardFrom(run.network, 1, t.tensor(new Float32Array(4), [1, 4]), { training: false }), /read earlier values/);
});
