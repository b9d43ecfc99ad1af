import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add, addScalar, backward, isGradEnabled, matmul, mul, mulScalar, noGrad, parameter, relu, reshape, sum, Tape, tensor, topologicalOrder, zeroGrad, zeros,
} from '../../../core/tensor';

// The tape and the graph: recording, the topological order, accumulation, no-grad mode, buffer reuse.

test('results require a gradient exactly when an input does; leaves have no node', () => {
  const w = parameter([1, 2], [2]);
  const x = tensor([3, 4], [2]);
  assert.equal(w.node, undefined);
  assert.equal(mul(x, x).requiresGrad, false);
  assert.equal(mul(x, x).node, undefined);
  const y = mul(w, x);
  assert.equal(y.requiresGrad, true);
  assert.equal(y.node?.op, 'mul');
  assert.deepEqual(Array.from(w.grad), [0, 0], 'a parameter has its gradient buffer from the start');
});

test('noGrad records nothing, restores the mode afterwards, and nests', () => {
  const w = parameter([1, 2], [2]);
  const y = noGrad(() => {
    assert.equal(isGradEnabled(), false);
    noGrad(() => assert.equal(isGradEnabled(), false));
    assert.equal(isGradEnabled(), false);
    return mul(w, w);
  });
  assert.equal(isGradEnabled(), true);
  assert.equal(y.requiresGrad, false);
  assert.equal(y.node, undefined);
  assert.throws(() => noGrad(() => { throw new Error('inside'); }), /inside/);
  assert.equal(isGradEnabled(), true, 'restored after a throw');
});

test('the topological order lists every node once, inputs before users, from a diamond', () => {
  const x = parameter([1, 2, 3], [3]);
  const a = mulScalar(x, 2);
  const b = relu(a);
  const c = add(a, b);
  const loss = sum(mul(c, a));
  const order = topologicalOrder(loss).map((node) => node.output);
  assert.equal(order.length, 5);
  assert.equal(new Set(order).size, 5);
  for (const [before, after] of [[a, b], [a, c], [b, c], [c, loss]] as const) assert.ok(order.indexOf(before) < order.indexOf(after));
  backward(loss);
  // loss = Σ (2x + relu(2x)) · 2x = Σ 8x² for x > 0, so ∂/∂x = 16x.
  assert.deepEqual(Array.from(x.grad), [16, 32, 48]);
});

test('a graph 100 000 operations deep back-propagates without overflowing the stack', () => {
  const x = parameter([0.5], [1]);
  let y = x as typeof x | ReturnType<typeof addScalar>;
  for (let i = 0; i < 100_000; i++) y = addScalar(y, 1e-6);
  backward(sum(y));
  assert.deepEqual(Array.from(x.grad), [1]);
});

test('leaf gradients accumulate across backward calls until zeroGrad; intermediates do not double', () => {
  const w = parameter([2], [1]);
  const h = mul(w, w);
  const loss = sum(mul(h, h)); // w⁴, d/dw = 4w³ = 32
  backward(loss);
  assert.deepEqual(Array.from(w.grad), [32]);
  backward(loss);
  assert.deepEqual(Array.from(w.grad), [64], 'the second pass adds 32 again, not 32 plus stale intermediate gradients');
  zeroGrad([w]);
  assert.deepEqual(Array.from(w.grad), [0]);
});

test('backward from a non-scalar takes a seed gradient; without one it must be scalar', () => {
  const w = parameter([1, 2, 3], [3]);
  const y = mulScalar(w, 3);
  backward(y, Float32Array.from([1, 10, 100]));
  assert.deepEqual(Array.from(w.grad), [3, 30, 300]);
  assert.throws(() => backward(y), /backward: root must have exactly one element when no seed gradient is given, got shape \[3\]/);
  assert.throws(() => backward(y, new Float32Array(2)), /backward: seed has 2 values but root \[3\] has 3/);
  assert.throws(() => backward(sum(tensor([1], [1]))), /backward: root does not depend on any tensor that requires a gradient/);
});

test('reshape is a view: it shares data and its gradient flows back', () => {
  const x = parameter([1, 2, 3, 4, 5, 6], [2, 3]);
  const view = reshape(x, [3, 2]);
  assert.equal(view.data, x.data);
  backward(sum(mul(view, tensor([1, 2, 3, 4, 5, 6], [3, 2]))));
  assert.deepEqual(Array.from(x.grad), [1, 2, 3, 4, 5, 6]);
});

test('a tape hands out buffers, takes them back on reset, and allocates nothing for a repeated step', () => {
  const tape = new Tape();
  const w = parameter(Float32Array.from({ length: 12 }, (_, i) => i / 10), [4, 3]);
  const x = tensor(Float32Array.from({ length: 8 }, (_, i) => i - 3), [2, 4]);
  const step = () =>
    tape.run(() => {
      const loss = sum(relu(matmul(x, w)));
      backward(loss);
      return loss.data[0]!;
    });
  const first = step();
  const allocated = tape.allocations;
  assert.ok(allocated > 0);
  const firstGrad = Array.from(w.grad);
  for (let i = 0; i < 5; i++) {
    tape.reset();
    zeroGrad([w]);
    assert.equal(step(), first);
    assert.deepEqual(Array.from(w.grad), firstGrad);
  }
  assert.equal(tape.allocations, allocated, 'steady state allocates nothing');
  // Without a reset the buffers stay in use, so the same step needs new ones.
  step();
  assert.ok(tape.allocations > allocated);
});

test('a tape is active only inside run, and runs nest', () => {
  const outer = new Tape();
  const inner = new Tape();
  outer.run(() => {
    zeros([1]);
    mulScalar(tensor([1], [1]), 2);
    inner.run(() => mulScalar(tensor([1, 2], [2]), 2));
    mulScalar(tensor([1, 2, 3], [3]), 2);
  });
  assert.equal(outer.allocations, 2, 'two results on the outer tape (zeros is a leaf and never pooled)');
  assert.equal(inner.allocations, 1);
  assert.equal(mulScalar(tensor([1], [1]), 2).data.length, 1, 'outside run, plain allocation');
  assert.equal(outer.allocations, 2);
});
