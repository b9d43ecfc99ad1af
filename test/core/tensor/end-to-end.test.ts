import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBias, backward, matmul, mean, noGrad, parameter, pow, sub, Tape, tensor, zeroGrad } from '../../../core/tensor';

// The smallest training loop built from the engine: a one-unit dense layer fitted to y = 2x + 1
// by plain SGD. Backward, zeroGrad and the tape's buffer reuse have to work together.

test('a 1-unit dense layer learns y = 2x + 1 with SGD, and steady-state steps allocate nothing', () => {
  const xs = Float32Array.from({ length: 16 }, (_, i) => (i - 7.5) / 4);
  const x = tensor(xs, [16, 1]);
  const y = tensor(xs.map((v) => 2 * v + 1), [16, 1]);
  const weight = parameter([0.1], [1, 1]);
  const bias = parameter([0], [1]);
  const parameters = [weight, bias];
  const tape = new Tape();
  const learningRate = 0.1;
  let allocationsAfterWarmup = 0;
  let loss = Infinity;
  for (let step = 0; step < 200; step++) {
    tape.reset();
    loss = tape.run(() => {
      const prediction = addBias(matmul(x, weight), bias);
      const mse = mean(pow(sub(prediction, y), 2));
      backward(mse);
      return mse.data[0]!;
    });
    noGrad(() => {
      for (const p of parameters) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! - learningRate * p.grad[i]!;
    });
    zeroGrad(parameters);
    if (step === 1) allocationsAfterWarmup = tape.allocations;
  }
  assert.ok(Math.abs(weight.data[0]! - 2) < 1e-4, `weight ${weight.data[0]}`);
  assert.ok(Math.abs(bias.data[0]! - 1) < 1e-4, `bias ${bias.data[0]}`);
  assert.ok(loss < 1e-8, `loss ${loss}`);
  assert.ok(allocationsAfterWarmup > 0);
  assert.equal(tape.allocations, allocationsAfterWarmup, 'no buffer allocated after the first steps');
});
