import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accumulateReduced, binaryBroadcast, coalesce, type BinaryOperation } from '../../../core/tensor/kernels/broadcast';

// The broadcast kernels merge axes before they walk them (coalesce). Checked here against the
// definition, an index computed per element, on random shapes where either operand is broadcast
// along any axes, with size-1 axes and missing leading axes: the results must be the same bits.

const operations: readonly BinaryOperation[] = ['add', 'sub', 'mul', 'div'];

function apply(operation: BinaryOperation, x: number, y: number): number {
  switch (operation) {
    case 'add':
      return Math.fround(x + y);
    case 'sub':
      return Math.fround(x - y);
    case 'mul':
      return Math.fround(x * y);
    case 'div':
      return Math.fround(x / y);
  }
}

/** The flat index into `shape` (right-aligned to `outIndex`) of the element broadcast to `outIndex`. */
function sourceIndex(outIndex: readonly number[], shape: readonly number[]): number {
  let index = 0;
  const skip = outIndex.length - shape.length;
  for (let axis = 0; axis < shape.length; axis++) index = index * shape[axis]! + (shape[axis] === 1 ? 0 : outIndex[skip + axis]!);
  return index;
}

function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    const index = new Array<number>(shape.length);
    let rest = flat;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
    }
    yield index;
  }
}

/** An output shape, and an operand shape broadcast to it: some axes set to 1, some leading axes dropped. */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 })
  .chain((out) =>
    fc.record({
      out: fc.constant(out),
      ones: fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      drop: fc.integer({ min: 0, max: out.length }),
    }),
  )
  .map(({ out, ones, drop }) => ({ out, operand: out.map((d, axis) => (ones[axis] ? 1 : d)).slice(drop) }));

function values(count: number, seed: number): Float32Array {
  // Nonzero, so that division is defined; distinct, so that a wrong element shows.
  return Float32Array.from({ length: count }, (_, i) => Math.fround(((i * 7919 + seed * 104729) % 997) / 97 + 0.5));
}

test('binaryBroadcast equals the per-element definition on random broadcasts, either operand', () => {
  fc.assert(
    fc.property(broadcastPair, fc.boolean(), fc.constantFrom(...operations), ({ out, operand }, operandFirst, operation) => {
      const aShape = operandFirst ? operand : out;
      const bShape = operandFirst ? out : operand;
      const a = values(aShape.reduce((x, y) => x * y, 1), 1);
      const b = values(bShape.reduce((x, y) => x * y, 1), 2);
      const result = new Float32Array(out.reduce((x, y) => x * y, 1));
      binaryBroadcast(operation, a, aShape, b, bShape, result, out);
      let flat = 0;
      for (const index of indices(out)) {
        const expected = apply(operation, a[sourceIndex(index, aShape)]!, b[sourceIndex(index, bShape)]!);
        if (!Object.is(result[flat], expected)) assert.fail(`${operation} ${JSON.stringify(aShape)} with ${JSON.stringify(bShape)}: element ${flat} is ${result[flat]}, expected ${expected}`);
        flat++;
      }
    }),
    { numRuns: 400 },
  );
});

test('accumulateReduced adds each value into the element it was broadcast from', () => {
  fc.assert(
    fc.property(broadcastPair, ({ out, operand }) => {
      const gradient = values(out.reduce((x, y) => x * y, 1), 3);
      const target = values(operand.reduce((x, y) => x * y, 1), 4);
      // The reference sums in the same order (row-major over the values) in float64, then rounds once
      // per row as the kernel does; compare to a tolerance fitted to float32 sums.
      const expected = Float64Array.from(target);
      let flat = 0;
      for (const index of indices(out)) expected[sourceIndex(index, operand)]! += 0.5 * gradient[flat++]!;
      const result = target.slice();
      accumulateReduced(gradient, out, result, operand, 0.5);
      for (let i = 0; i < expected.length; i++) {
        if (!(Math.abs(result[i]! - expected[i]!) <= 1e-5 * Math.max(1, Math.abs(expected[i]!)))) assert.fail(`${JSON.stringify(operand)} from ${JSON.stringify(out)}: element ${i} is ${result[i]}, expected ${expected[i]}`);
      }
    }),
    { numRuns: 400 },
  );
});

test('coalesce merges a per-channel broadcast of [N, C, H, W] into rows of H·W', () => {
  // Strides of [2, 3, 4, 5] itself, and of [1, 3, 1, 1] broadcast to it.
  const walk = coalesce([2, 3, 4, 5], [60, 20, 5, 1], [0, 1, 0, 0]);
  assert.deepEqual(walk, { shape: [2, 3, 20], first: [60, 20, 1], second: [0, 1, 0] });
  assert.deepEqual(coalesce([1, 1], [0, 0], [0, 0]), { shape: [1], first: [0], second: [0] });
});
