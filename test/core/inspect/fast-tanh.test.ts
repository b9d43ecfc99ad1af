// The accuracy of core/inspect/fast-tanh.ts, by enumeration of float32 inputs (the only inputs it
// gets: activations are float32 values). Every positive float32 below the cut-off is checked with
// DLMODEL_EXHAUSTIVE=1 (about 1.1e9 values, ~30 s); a 1-in-97 sample otherwise. Negative inputs
// follow by oddness, which is checked on the sample for both functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastTanh, fastTanhLimit } from '../../../core/inspect/fast-tanh';

const exhaustive = process.env.DLMODEL_EXHAUSTIVE === '1';
const bits = new Int32Array(1);
const float = new Float32Array(bits.buffer);

/** The float32 values just below and above a positive finite float32 `f`. */
function neighbours(f: number): [number, number] {
  float[0] = f;
  const own = bits[0]!;
  bits[0] = own - 1;
  const below = f === 0 ? 0 : float[0];
  bits[0] = own + 1;
  const above = float[0];
  return [below, above];
}

/** The float32 values bracketing a positive v: [largest ≤ v, smallest ≥ v]. */
function bracket(v: number): [number, number] {
  const f = Math.fround(v);
  if (f === v) return [f, f];
  const [below, above] = neighbours(f);
  return f < v ? [f, above] : [below, f];
}

/**
 * Whether r is a faithful float32 rounding of tanh(x) for x > 0: between the float32 values that
 * bracket Math.tanh(x), widened by 2⁻⁵⁰ for Math.tanh's own (sub-ulp) error.
 */
function faithful(r: number, x: number): boolean {
  const m = Math.tanh(x);
  if (m === 0) return r === 0;
  const low = bracket(m * (1 - 2 ** -50))[0];
  const high = bracket(m * (1 + 2 ** -50))[1];
  return r >= low && r <= high;
}

function sweep(stride: number): { checked: number; correctlyRounded: number; failures: string[] } {
  float[0] = fastTanhLimit;
  const last = bits[0]!;
  let checked = 0;
  let correctlyRounded = 0;
  const failures: string[] = [];
  for (let b = 0; b <= last; b += stride) {
    bits[0] = b;
    const x = float[0];
    const r = Math.fround(fastTanh(x));
    checked++;
    if (r === Math.fround(Math.tanh(x))) correctlyRounded++;
    else if (!faithful(r, x) && failures.length < 10) failures.push(`x = ${x}: ${r} vs tanh ${Math.tanh(x)}`);
  }
  return { checked, correctlyRounded, failures };
}

test(`fastTanh is a faithful float32 tanh on ${exhaustive ? 'every' : 'a 1-in-97 sample of the'} positive float32 input${exhaustive ? '' : 's'} below the cut-off`, (t) => {
  const { checked, correctlyRounded, failures } = sweep(exhaustive ? 1 : 97);
  t.diagnostic(`${checked} inputs, ${((100 * correctlyRounded) / checked).toFixed(4)}% rounded exactly as fround(Math.tanh(x)), the rest one ulp away`);
  assert.deepEqual(failures, []);
  // Documented in fast-tanh.ts: 96.8% round exactly as the engine's fround(Math.tanh(x)).
  assert.ok(correctlyRounded / checked > 0.965, `correctly rounded: ${((100 * correctlyRounded) / checked).toFixed(4)}% of ${checked}`);
});

test('fastTanh: ±1 from the cut-off on (where float32 tanh is ±1), odd, exact at 0, NaN stays NaN', () => {
  assert.equal(Math.fround(Math.tanh(fastTanhLimit)), 1);
  assert.equal(Math.fround(Math.tanh(Math.fround(fastTanhLimit))), 1);
  for (const x of [fastTanhLimit, 9.5, 20, 1e30, Infinity]) {
    assert.equal(fastTanh(x), 1);
    assert.equal(fastTanh(-x), -1);
  }
  assert.ok(Object.is(fastTanh(0), 0));
  assert.ok(Object.is(fastTanh(-0), -0));
  assert.ok(Number.isNaN(fastTanh(NaN)));
  float[0] = fastTanhLimit;
  const last = bits[0]!;
  for (let b = 1; b <= last; b += 997) {
    bits[0] = b;
    const x = float[0];
    assert.ok(Object.is(fastTanh(-x), -fastTanh(x)), `fastTanh odd at ${x}`);
    assert.ok(Object.is(Math.tanh(-x), -Math.tanh(x)), `Math.tanh odd at ${x}`);
  }
});
