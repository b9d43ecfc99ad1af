// Filter-normalised directions (Li et al. 2018): against PyTorch's per-filter rule on a conv +
// batch-norm + dense model, and the defining property on every kind of parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterGeometry, filterNormalise, filterNormalisedDirection, parameterLayout, randomDirections, readParameters } from '../../../core/inspect';
import { Random } from '../../../core/common/random';
import { flatVector, inspectFixture } from './inspect-fixture';
import { buildNetwork } from './inspect-helpers';

test('filter normalisation matches Li et al.’s rule applied by PyTorch (conv filters, dense rows = our columns, batch-norm and biases zeroed)', () => {
  const c = inspectFixture.filter_normalisation;
  const network = buildNetwork(c.dlmodel);
  const names = network.parameters.map((p) => p.name);
  assert.deepEqual(names, c.names);
  const weights = flatVector(names, c.params);
  const direction = flatVector(names, c.raw);
  filterNormalise(direction, weights, parameterLayout(network));
  const expected = flatVector(names, c.normalised);
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((v, i) => assert.ok(Math.abs(direction[i]! - v) <= 1e-6 * scale, `value ${i}: ${direction[i]} vs ${v}`));
});

const everyKind = `model Everything {
  input [2, 6, 6]
  conv2d(3, 3, padding: same, activation: relu)
  batchnorm()
  flatten()
  dense(5, activation: tanh)
  layernorm()
  dense(2)
}
`;

test('each filter of a direction has the norm of the same filter of the weights; 1-D parameters are zero', () => {
  for (const text of [everyKind, 'model Tokens {\n  input [6]\n  embedding(20, 4)\n  flatten()\n  dense(5)\n}\n']) {
    const network = buildNetwork(text, 2);
    const layout = parameterLayout(network);
    const weights = readParameters(network);
    const direction = filterNormalisedDirection(layout, weights, new Random(4));
    let filters = 0;
    for (const slice of layout) {
      const geometry = filterGeometry(slice);
      if (!geometry) {
        assert.ok(direction.subarray(slice.offset, slice.offset + slice.length).every((v) => v === 0), `${slice.name} is zero`);
        continue;
      }
      assert.equal(geometry.filters * geometry.size, slice.length);
      for (let f = 0; f < geometry.filters; f++) {
        let w = 0;
        let d = 0;
        for (let e = 0; e < geometry.size; e++) {
          const i = slice.offset + f * geometry.filterStride + e * geometry.elementStride;
          w += weights[i]! ** 2;
          d += direction[i]! ** 2;
        }
        assert.ok(Math.abs(Math.sqrt(d) - Math.sqrt(w)) <= 1e-6 * Math.sqrt(w) + 1e-9, `${slice.name} filter ${f}: ${Math.sqrt(d)} vs ${Math.sqrt(w)}`);
        filters++;
      }
    }
    assert.ok(filters > 0);
  }
});

test('filter geometry: a dense weight [inputs, units] splits into unit columns, conv and embedding weights into first-axis rows', () => {
  const network = buildNetwork(everyKind);
  const byName = new Map(parameterLayout(network).map((s) => [s.name, filterGeometry(s)]));
  assert.deepEqual(byName.get('conv2d_1.weight'), { filters: 3, size: 18, filterStride: 18, elementStride: 1 });
  assert.deepEqual(byName.get('dense_1.weight'), { filters: 5, size: 108, filterStride: 1, elementStride: 5 });
  assert.equal(byName.get('conv2d_1.bias'), undefined);
  assert.equal(byName.get('batchnorm_1.weight'), undefined);
  assert.equal(byName.get('layernorm_1.bias'), undefined);
  const tokens = buildNetwork('model Tokens {\n  input [6]\n  embedding(20, 4)\n  flatten()\n  dense(5)\n}\n');
  assert.deepEqual(filterGeometry(parameterLayout(tokens)[0]!), { filters: 20, size: 4, filterStride: 4, elementStride: 1 });
});

test('directions are deterministic in the seed, different between draws, and nearly orthogonal', () => {
  const network = buildNetwork(everyKind);
  const [a, b] = randomDirections(network, new Random(7)) as [Float32Array, Float32Array];
  const [again] = randomDirections(network, new Random(7)) as [Float32Array];
  assert.deepEqual(Array.from(again), Array.from(a));
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  assert.ok(Math.abs(ab) / Math.sqrt(aa * bb) < 0.2, `cosine ${ab / Math.sqrt(aa * bb)}`);
});
