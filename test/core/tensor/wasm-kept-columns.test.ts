// A convolution's columns kept in the wasm memory between its forward and backward pass
// (kernels/conv2d.ts conv2dForwardKeeping, wasm/kept-columns.ts): the gradients are the bits of the
// columns copied out and back in (a convolution run without a tape), also when the backward pass
// runs on the reference kernels; the tape's reset hands the block back, so steps reuse it rather
// than grow the memory; and a backward pass after the reset throws instead of reading stale floats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../../core/tensor';
import { KeptColumns } from '../../../core/tensor/wasm/kept-columns';
import { wasmOwnArena } from '../../../core/tensor/wasm/runtime';
import { TestRandom } from './support/random';

interface Case {
  readonly name: string;
  readonly x: readonly number[];
  readonly w: readonly number[];
  readonly options: t.ConvOptions;
}

const cases: Case[] = [
  { name: '3×3 same on 8×8 (the Narrow kernels)', x: [4, 3, 8, 8], w: [5, 3, 3, 3], options: { padding: [1, 1] } },
  { name: '3×3 stride 2 on 8×8', x: [3, 4, 8, 8], w: [6, 4, 3, 3], options: { stride: [2, 2], padding: [1, 1] } },
  { name: '5×3 on 11×9, grouped', x: [2, 4, 11, 9], w: [6, 2, 5, 3], options: { padding: [2, 0], groups: 2 } },
];

function randoms(count: number, random: TestRandom): Float32Array {
  return Float32Array.from({ length: count }, () => random.normal());
}

/** x's, w's and b's gradients of Σ y ⊙ r for y = conv2d(x, w, b); under `tape` when given, with `between` run after the forward pass. */
function gradients(c: Case, tape: t.Tape | undefined, between: () => void = () => {}): { grads: Float32Array[]; columns: unknown } {
  const random = new TestRandom(5);
  const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
  const x = t.tensor(randoms(count(c.x), random), c.x, { requiresGrad: true });
  const w = t.parameter(randoms(count(c.w), random), c.w);
  const b = t.parameter(randoms(c.w[0]!, random), [c.w[0]!]);
  const pass = (): unknown => {
    const y = t.conv2d(x, w, b, c.options);
    const r = t.tensor(randoms(y.data.length, random), y.shape);
    const loss = t.sum(t.mul(y, r));
    between();
    t.backward(loss);
    return y.node?.attributes;
  };
  const attributes = tape ? tape.run(pass) : pass();
  return { grads: [x.grad!.slice(), w.grad.slice(), b.grad.slice()], columns: (attributes as { columns?: unknown } | undefined)?.columns };
}

function withFast<T>(fn: () => T): T {
  const previous = t.kernelBackend();
  t.setKernelBackend('fast', { conv2d: 0 });
  try {
    return fn();
  } finally {
    t.setKernelBackend(previous);
  }
}

function sameBits(actual: Float32Array[], expected: Float32Array[], what: string): void {
  actual.forEach((a, i) => assert.deepEqual(new Uint32Array(a.buffer), new Uint32Array(expected[i]!.buffer), `${what}: gradient ${i}`));
}

test('kept columns give the gradients of columns copied out and in, bit for bit', () => {
  assert.ok(wasmOwnArena(), 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  withFast(() => {
    for (const c of cases) {
      const tape = new t.Tape();
      const kept = gradients(c, tape);
      assert.ok(kept.columns instanceof KeptColumns, `${c.name}: the columns stayed in the wasm memory`);
      const copied = gradients(c, undefined);
      assert.ok(copied.columns instanceof Float32Array, `${c.name}: without a tape the columns are an array`);
      sameBits(kept.grads, copied.grads, c.name);
      tape.reset();
    }
  });
});

test('a backward pass on the reference kernels reads kept columns as it reads copied ones', () => {
  withFast(() => {
    for (const c of cases) {
      const toReference = (): void => t.setKernelBackend('reference');
      const tape = new t.Tape();
      const kept = gradients(c, tape, toReference);
      t.setKernelBackend('fast', { conv2d: 0 });
      const copied = gradients(c, undefined, toReference);
      t.setKernelBackend('fast', { conv2d: 0 });
      sameBits(kept.grads, copied.grads, c.name);
      tape.reset();
    }
  });
});

test('the tape’s reset hands kept columns back: later steps reuse the block, and a late backward pass throws', () => {
  const arena = wasmOwnArena()!;
  withFast(() => {
    const tape = new t.Tape();
    const c = cases[0]!;
    gradients(c, tape);
    tape.reset();
    const kept = arena.kept;
    for (let step = 0; step < 3; step++) {
      gradients(c, tape);
      tape.reset();
    }
    assert.equal(arena.kept, kept, 'no new block after the first step');
    assert.throws(() => gradients(c, tape, () => tape.reset()), /released/);
    tape.reset();
  });
});
