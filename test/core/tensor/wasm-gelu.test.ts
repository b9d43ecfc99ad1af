// GELU's WebAssembly kernel (kernels.wat's $gelu) against the reference loop
// (activation-math.ts's geluWithDerivative): the same float64 operations in the same order, so
// the outputs and derivatives must be the same bits on every input, including every branch
// boundary of fdlibm's exponential and Cody's erfc, float32 subnormals, ±0, ±∞ and NaN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setKernelBackend, kernelBackend, fastKernelsAvailable } from '../../../core/tensor';
import { geluWithDerivative } from '../../../core/tensor/kernels/activation-math';
import { geluForward } from '../../../core/tensor/kernels/gelu';
import { TestRandom } from './support/random';

function fast<T>(fn: () => T): T {
  const previous = kernelBackend();
  try {
    setKernelBackend('fast', { elementwise: 0 });
    return fn();
  } finally {
    setKernelBackend(previous);
  }
}

function assertSameBits(actual: Float32Array, expected: Float32Array, inputs: Float32Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what} at x = ${inputs[i]}: fast ${actual[i]} vs reference ${expected[i]}`);
  }
}

/** x at which −x²/2 or −x/√2 sits on a branch boundary of the exponential or of erfc, and their float32 neighbours. */
function boundaryInputs(): number[] {
  const expBounds = [0.3465735912322998, 1.0397205352783203, 3.725290298461914e-9, 708, 745.1332191019411].map((a) => Math.sqrt(2 * a));
  const erfcBounds = [0.46875, 4, 26.543, 1.11e-16].map((y) => y * Math.SQRT2);
  const inputs: number[] = [];
  for (const bound of [...expBounds, ...erfcBounds]) {
    const centre = Math.fround(bound);
    for (const x of [centre * (1 - 2 ** -23), centre, centre * (1 + 2 ** -23)]) inputs.push(x, -x);
  }
  return inputs;
}

function inputs(count: number, seed: number): Float32Array {
  const random = new TestRandom(seed);
  const bits = new Uint32Array(count);
  const x = new Float32Array(bits.buffer);
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    if (kind === 0) x[i] = random.normal() * 2;
    else if (kind === 1) x[i] = random.uniform(-60, 60);
    else if (kind === 2) bits[i] = Math.floor(random.next() * 2 ** 32); // every float32, subnormals and NaN included
    else x[i] = (random.next() < 0.5 ? -1 : 1) * 2 ** random.uniform(-40, 8);
  }
  const specials = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, ...boundaryInputs()];
  x.set(specials.slice(0, count));
  return x;
}

/** The fast backend's GELU and dGELU/dx of `x` carry the reference loop's bits. */
function assertFastMatchesReference(x: Float32Array): void {
  const out = new Float32Array(x.length);
  const derivative = new Float32Array(x.length);
  geluWithDerivative(x, out, derivative);
  const fastOut = new Float32Array(x.length);
  const fastDerivative = new Float32Array(x.length);
  fast(() => geluForward(x, fastOut, fastDerivative));
  assertSameBits(fastOut, out, x, 'GELU');
  assertSameBits(fastDerivative, derivative, x, 'dGELU/dx');
}

test('GELU in WebAssembly gives the reference bits for the output and the derivative (2^18 seeded inputs, every branch boundary, specials)', () => {
  assert.ok(fastKernelsAvailable());
  const x = inputs(1 << 18, 12);
  assertFastMatchesReference(x);
});

test('GELU in WebAssembly: lengths that are not a multiple of four, and inference without a derivative, give the reference bits', () => {
  for (let length = 1; length <= 13; length++) {
    const x = inputs(length, 100 + length);
    const expected = new Float32Array(length);
    geluWithDerivative(x, expected, undefined);
    const sentinel = new Float32Array(length + 1).fill(7); // the element past the end must stay untouched
    const target = sentinel.subarray(0, length);
    fast(() => geluForward(x, target, undefined));
    assertSameBits(target, expected, x, `GELU, length ${length}`);
    assert.equal(sentinel[length], 7);
  }
});

/** `count` consecutive float32 values from `from` (bit patterns in order). */
function consecutive(from: number, count: number): Float32Array {
  const start = new Uint32Array(Float32Array.of(from).buffer)[0]!;
  return new Float32Array(Uint32Array.from({ length: count }, (_, i) => start + i).buffer);
}

test('GELU in WebAssembly: every float32 across the fast path\'s edges (|x| = 5, the derivative\'s zero near −0.75, 0) gives the reference bits', () => {
  // $geluFast keeps its own float64 value only where the float32 rounding is certain and hands the
  // rest to $gelu: runs of consecutive inputs meet both, and the domain edge at ±5 (negative
  // values run away from 0: −0.745 to −0.761 holds the zero at −0.7518).
  const runs = [consecutive(-0.745, 1 << 18), consecutive(4.99999, 1 << 10), consecutive(-4.99999, 1 << 10), consecutive(0.9, 1 << 17), consecutive(1e-30, 1 << 12), consecutive(-1e-30, 1 << 12)];
  for (const x of runs) {
    assertFastMatchesReference(x);
  }
});
