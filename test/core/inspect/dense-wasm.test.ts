// The landscape's dense layer in one WebAssembly visit (fastDenseActivate: product, bias, relu or
// tanh) gives the bits of the evaluator's own loops after the same product: the catalog's relu and
// fast-tanh.ts applied in float64 to product + bias. Values around tanh's ±9.1 cut-off, signed
// zeros, NaN and odd widths (the kernel's last column runs alone) included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultArguments } from '../../../core/analysis/catalog/entry';
import { findActivation } from '../../../core/analysis/catalog/activations';
import { addBiasAndActivate } from '../../../core/inspect/dense-kernels';
import { fastDenseActivate, fastDenseStack, kernelBackend, matmulAccumulate, rowLogSumExp, setKernelBackend, type DenseActivation, type DenseStackLayer } from '../../../core/tensor';

function step(name: 'relu' | 'tanh'): { name: string; apply: (x: number) => number } {
  const entry = findActivation(name)!;
  const form = entry.elementwise;
  if (typeof form !== 'function') throw new Error(`${name} has no scalar form`);
  return { name, apply: form(defaultArguments(entry.args)) };
}

const special = [0, -0, NaN, 9.1, -9.1, Math.fround(9.1), 9.0999, -9.0999, 12, -40, 1e-30, -1e-30, 3.5, Infinity, -Infinity];

test('fastDenseActivate = matmul, then the evaluator loop with relu / tanh / no activation, bit for bit (fast-check)', () => {
  const previous = kernelBackend();
  setKernelBackend('fast', { matmul: 0 });
  try {
    fc.assert(
      fc.property(
        fc.constantFrom<DenseActivation>('none', 'relu', 'tanh'),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 19 }),
        fc.nat(7),
        fc.array(fc.float({ noDefaultInfinity: false, noNaN: false }), { minLength: 1, maxLength: 64 }),
        (activation, m, k, n, wOffset, pool) => {
          const pick = (i: number): number => (i % 5 === 0 ? special[i % special.length]! : pool[i % pool.length]! * 4);
          const a = Float32Array.from({ length: m * k }, (_, i) => pick(i + 1) / 3);
          const w = Float32Array.from({ length: wOffset + k * n }, (_, i) => pick(i + 2) / 2);
          const bias = Float32Array.from({ length: n }, (_, i) => pick(i + 3));
          const fused = new Float32Array(m * n).fill(7);
          assert.ok(fastDenseActivate(a, w, wOffset, bias, fused, m, k, n, activation));
          const loops = new Float32Array(m * n);
          matmulAccumulate(a, w, loops, m, k, n, 0, wOffset, 0);
          addBiasAndActivate(loops, m * n, bias, activation === 'none' ? undefined : step(activation));
          for (let i = 0; i < m * n; i++) if (!Object.is(fused[i], loops[i])) assert.fail(`${activation} ${m}×${k}×${n} [${i}]: wasm ${fused[i]} vs loops ${loops[i]}`);
        },
      ),
      { numRuns: 300, seed: 9 },
    );
  } finally {
    setKernelBackend(previous);
  }
});

test('fastDenseActivate declines (touching nothing) where the fast backend would not run the product', () => {
  const previous = kernelBackend();
  setKernelBackend('reference');
  try {
    const out = new Float32Array(4).fill(5);
    assert.equal(fastDenseActivate(new Float32Array(4), new Float32Array(4), 0, new Float32Array(2), out, 2, 2, 2, 'tanh'), false);
    assert.deepEqual([...out], [5, 5, 5, 5]);
  } finally {
    setKernelBackend(previous);
  }
});

test('fastDenseStack = fastDenseActivate layer after layer, and its row sums give rowLogSumExp, bit for bit (fast-check)', () => {
  const previous = kernelBackend();
  setKernelBackend('fast', { matmul: 0 });
  try {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.record({ units: fc.integer({ min: 1, max: 19 }), activation: fc.constantFrom<DenseActivation>('none', 'relu', 'tanh'), bias: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.float({ noDefaultInfinity: true, noNaN: true, min: -3, max: 3 }), { minLength: 1, maxLength: 64 }),
        (rows, shapes, inputSize, pool) => {
          const layers: DenseStackLayer[] = [];
          let offset = 3;
          let inputs = inputSize;
          for (const { units, activation, bias } of shapes) {
            layers.push({ inputs, units, weightOffset: offset, biasOffset: bias ? offset + inputs * units : -1, activation });
            offset += inputs * units + (bias ? units : 0);
            inputs = units;
          }
          const theta = Float32Array.from({ length: offset + 2 }, (_, i) => pool[i % pool.length]!);
          const input = Float32Array.from({ length: rows * inputSize }, (_, i) => pool[(i * 7 + 1) % pool.length]! * 2);
          const classes = inputs;
          const out = new Float32Array(rows * classes).fill(7);
          const rowSums = { maxes: new Float64Array(rows), sums: new Float64Array(rows) };
          assert.ok(fastDenseStack(input, rows, theta, layers, out, rowSums));
          let current = input;
          for (const layer of layers) {
            const next = new Float32Array(rows * layer.units);
            const bias = layer.biasOffset >= 0 ? theta.subarray(layer.biasOffset, layer.biasOffset + layer.units) : new Float32Array(layer.units);
            assert.ok(fastDenseActivate(current, theta, layer.weightOffset, bias, next, rows, layer.inputs, layer.units, layer.activation));
            current = next;
          }
          for (let i = 0; i < rows * classes; i++) if (!Object.is(out[i], current[i])) assert.fail(`[${i}]: stack ${out[i]} vs layers ${current[i]}`);
          for (let r = 0; r < rows; r++) assert.equal(rowSums.maxes[r]! + Math.log(rowSums.sums[r]!), rowLogSumExp(current, r * classes, classes), `row ${r}`);
        },
      ),
      { numRuns: 200, seed: 17 },
    );
  } finally {
    setKernelBackend(previous);
  }
});
