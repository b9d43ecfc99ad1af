// kernels.wat's $adam (wasm/adam.ts) against the reference loop of kernels/adam.ts, through the
// Adam optimizer itself: the values and both moments bit for bit after every step, for Adam and
// AdamW, with and without weight decay, from step 1 (the largest bias correction) on, with a
// learning rate that changes between steps, on parameters of 1 to 37 values (tails past a
// multiple of 4) and gradients with zeros, −0, subnormals, huge and tiny values. NaN and
// infinities must come out NaN and infinite alike (a NaN's payload may differ: JavaScript and
// WebAssembly may each canonicalise it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../../core/tensor';
import { Adam, type AdamOptions } from '../../../core/nn/optimizers/adam';
import { wasmOwnArena } from '../../../core/tensor/wasm/runtime';
import { TestRandom } from './support/random';

const sizes = [1, 2, 3, 4, 5, 7, 8, 16, 17, 37];

/** A gradient value: mostly normal, with the edge cases mixed in. */
function edgy(random: TestRandom, special: boolean): number {
  const r = random.next();
  if (!special) return r < 0.1 ? 0 : random.normal() * 10 ** random.uniform(-6, 2);
  if (r < 0.15) return 0;
  if (r < 0.2) return -0;
  if (r < 0.25) return 1e-40 * random.normal();
  if (r < 0.3) return 3e38 * Math.sign(random.normal());
  if (r < 0.35) return 1e-30 * random.normal();
  if (r < 0.37) return NaN;
  if (r < 0.39) return random.next() < 0.5 ? Infinity : -Infinity;
  return random.normal();
}

interface Parameters {
  readonly data: Float32Array;
  readonly grad: Float32Array;
}

function sameNumbers(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(actual[i]), `${what}[${i}]: ${actual[i]} where the reference has NaN`);
    else assert.equal(a[i], e[i], `${what}[${i}]: ${actual[i]} against ${expected[i]}`);
  }
}

/** Runs `steps` Adam steps on the same parameters and gradients with each backend; compares after every step. */
function compare(options: AdamOptions, special: boolean, seed: number, steps = 6): void {
  const random = new TestRandom(seed);
  const initial = sizes.map((n) => Float32Array.from({ length: n }, () => (special && random.next() < 0.1 ? 0 : random.normal())));
  const make = (): Parameters[] => initial.map((data) => ({ data: data.slice(), grad: new Float32Array(data.length) }));
  const reference = make();
  const fast = make();
  const optimizers = { reference: new Adam(reference, options), fast: new Adam(fast, options) };
  const previous = t.kernelBackend();
  try {
    for (let step = 0; step < steps; step++) {
      const grads = sizes.map((n) => Float32Array.from({ length: n }, () => edgy(random, special)));
      reference.forEach((p, i) => p.grad.set(grads[i]!));
      fast.forEach((p, i) => p.grad.set(grads[i]!));
      const lr = options.lr * (1 - step / (2 * steps));
      optimizers.reference.lr = optimizers.fast.lr = lr;
      t.setKernelBackend('reference');
      optimizers.reference.step();
      t.setKernelBackend('fast', { optimizer: 0 });
      optimizers.fast.step();
      const what = `${JSON.stringify(options)} special ${special} step ${step + 1}`;
      reference.forEach((p, i) => {
        sameNumbers(fast[i]!.data, p.data, `${what} θ of parameter ${i}`);
        const m = optimizers.reference.moments(i);
        const mFast = optimizers.fast.moments(i);
        sameNumbers(mFast.m, m.m, `${what} m of parameter ${i}`);
        sameNumbers(mFast.v, m.v, `${what} v of parameter ${i}`);
      });
    }
  } finally {
    t.setKernelBackend(previous);
  }
}

test('$adam updates values and moments as the reference loop does, bit for bit, for Adam and AdamW', () => {
  assert.ok(wasmOwnArena(), 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const base = { lr: 0.003, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  let seed = 1;
  for (const decoupled of [false, true]) {
    for (const weightDecay of [0, 0.01, 0.5]) {
      for (const special of [false, true]) compare({ ...base, weightDecay, decoupled }, special, seed++);
    }
  }
  compare({ lr: 1, beta1: 0, beta2: 0, eps: 0, weightDecay: 0, decoupled: false }, false, seed++);
  compare({ lr: 0.1, beta1: 0.5, beta2: 0.25, eps: 1e-3, weightDecay: 0.1, decoupled: true }, true, seed++);
});
