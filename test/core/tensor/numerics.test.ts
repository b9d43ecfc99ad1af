import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erf, erfc, gelu, logSoftmax, sigmoid, softmax, softplus, tanh, tensor } from '../../../core/tensor';
import { erfSeries } from './support/reference';

// Accuracy and stability of the elementwise functions where naive formulas break.

test('erf agrees with its Maclaurin series to 2e-15 on [−2, 2] and erfc with known tail values', () => {
  // (Beyond 2 the series itself loses digits to cancellation; the tail values below take over.)
  let worst = 0;
  for (let x = -2; x <= 2; x += 0.001) worst = Math.max(worst, Math.abs(erf(x) - erfSeries(x)));
  assert.ok(worst < 2e-15, `worst erf error ${worst}`);
  // erfc(x) from high-precision tables (relative accuracy matters in the tail).
  const tail: Array<[number, number]> = [[3, 2.209049699858544e-5], [5, 1.5374597944280349e-12], [10, 2.088487583762545e-45], [-2, 1.9953222650189528]];
  for (const [x, value] of tail) assert.ok(Math.abs(erfc(x) / value - 1) < 1e-14, `erfc(${x}) = ${erfc(x)}`);
  assert.equal(erf(0), 0);
  assert.equal(erf(30), 1);
  assert.equal(erf(-30), -1);
});

test('gelu is the correctly rounded float32 of x·Φ(x), including the far left tail where 1 + erf cancels', () => {
  const xs = [-12, -8, -5.5, -3, -1, -0.25, 0, 1e-3, 0.5, 1.7, 4, 9];
  const out = gelu(tensor(xs, [xs.length]));
  // Φ(x) = erfc(−x/√2)/2 evaluated with the series where it converges, with erfc far out.
  const exact = xs.map((x) => 0.5 * x * (Math.abs(x) < 4 ? 1 + erfSeries(x / Math.SQRT2) : erfc(-x / Math.SQRT2)));
  xs.forEach((x, i) => assert.ok(Math.abs(out.data[i]! - Math.fround(exact[i]!)) <= Math.abs(exact[i]!) * 1.2e-7, `gelu(${x}) = ${out.data[i]}, exact ${exact[i]}`));
  assert.ok(out.data[0]! < 0 && out.data[0]! > -1e-30, 'gelu(−12) is a tiny negative number, not 0 or NaN');
});

test('tanh is within 2 float32 ulps of the exact value', () => {
  const xs = Array.from({ length: 2001 }, (_, i) => Math.fround((i - 1000) / 100));
  const out = tanh(tensor(xs, [xs.length]));
  xs.forEach((x, i) => {
    const exact = Math.tanh(x);
    // One float32 ulp at |exact|: 2^(exponent − 23), and 2^−149 among the subnormals.
    const ulp = exact === 0 ? 2 ** -149 : Math.max(2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23), 2 ** -149);
    assert.ok(Math.abs(out.data[i]! - exact) <= 2 * ulp, `tanh(${x})`);
  });
});

test('sigmoid, softplus, softmax and log-softmax stay finite and exact for huge inputs', () => {
  const big = [-1000, -100, -30, 0, 30, 100, 1000];
  assert.deepEqual(Array.from(sigmoid(tensor(big, [7])).data), [0, Math.fround(Math.exp(-100)), Math.fround(1 / (1 + Math.exp(30))), 0.5, 1, 1, 1]);
  assert.deepEqual(Array.from(softplus(tensor(big, [7])).data), [0, Math.fround(Math.exp(-100)), Math.fround(Math.log1p(Math.exp(-30))), Math.fround(Math.LN2), 30, 100, 1000]);
  const logits = tensor([1000, 0, -1000, 1001, 1000, 999], [2, 3]);
  const p = softmax(logits).data;
  assert.deepEqual(Array.from(p.subarray(0, 3)), [1, 0, 0]);
  const log = logSoftmax(logits).data;
  assert.deepEqual(Array.from(log.subarray(0, 3)), [0, -1000, -2000]);
  const z = Math.log(Math.exp(1) + 1 + Math.exp(-1));
  assert.deepEqual(Array.from(log.subarray(3)), [1 - z, -z, -1 - z].map(Math.fround));
  assert.deepEqual(Array.from(p.subarray(3)), [1 - z, -z, -1 - z].map((v) => Math.fround(Math.exp(v))));
});
