// The webview's pure parts, in Node: TensorBoard's smoothing, the saved-state reader, number
// formatting and ticks, the min/max thinning of long series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { smoothDebiased } from '../../webview/smoothing';
import { defaultViewState, restoreViewState, tabIds } from '../../webview/state';
import { formatNumber, niceTicks } from '../../webview/format';
import { decimateMinMax } from '../../webview/charts/decimate';
import { classStyle, displayClassName } from '../../webview/class-style';

test('smoothing: ema_t / (1 − w^t), starting at the first value', () => {
  const w = 0.6;
  const values = [4, 2, 8, 1];
  let ema = 0;
  const expected = values.map((v, i) => {
    ema = w * ema + (1 - w) * v;
    return ema / (1 - w ** (i + 1));
  });
  const smoothed = smoothDebiased(values, w);
  smoothed.forEach((v, i) => assert.ok(Math.abs(v! - expected[i]!) < 1e-12));
  assert.equal(smoothed[0], 4);
});

test('smoothing: a constant stays constant, weight 0 is the identity, gaps pass through without advancing t', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 50 }), (c, w, n) => {
      for (const v of smoothDebiased(new Array<number>(n).fill(c), w)) assert.ok(Math.abs(v! - c) <= 1e-9 * Math.max(1, Math.abs(c)));
    }),
  );
  assert.deepEqual(smoothDebiased([1, 2, 3], 0), [1, 2, 3]);
  assert.deepEqual(smoothDebiased([null, 5, null, 5], 0.9), [null, 5, null, 5]);
});

test('smoothing: stays within the range of the values seen so far', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (values, w) => {
      smoothDebiased(values, w).forEach((v, i) => {
        const seen = values.slice(0, i + 1);
        assert.ok(v! >= Math.min(...seen) - 1e-9 && v! <= Math.max(...seen) + 1e-9);
      });
    }),
  );
});

test('saved state: any value restores to a valid state, keeping each readable key', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ tab: fc.constantFrom(...tabIds, 'nope'), smoothing: fc.double(), logScale: fc.anything() }, { requiredKeys: [] })), (saved) => {
      const state = restoreViewState(saved);
      assert.ok(tabIds.includes(state.tab));
      assert.ok(state.smoothing >= 0 && state.smoothing <= 0.999);
      assert.equal(typeof state.logScale, 'boolean');
      assert.deepEqual(Object.keys(state).sort(), Object.keys(defaultViewState).sort());
    }),
  );
  assert.deepEqual(restoreViewState({ tab: 'latent', smoothing: 'x', future: 1 }), { ...defaultViewState, tab: 'latent' });
});

test('number formatting and ticks', () => {
  assert.equal(formatNumber(0.12025), '0.12');
  assert.equal(formatNumber(1e-5), '1.00e-5');
  assert.equal(formatNumber(null), '—');
  assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  // Found by the property below: a narrow range far from zero keeps every tick inside it.
  assert.ok(niceTicks(999999.99999949, 1000000.0000060, 5).every((t) => t <= 1000000.0000060));
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (min, span) => {
      const ticks = niceTicks(min, min + span, 5);
      assert.ok(ticks.length >= 1 && ticks.length <= 12, `${ticks.length} ticks for [${min}, ${min + span}]`);
      const slack = span * 1e-6 + Math.abs(min) * 1e-12;
      for (const t of ticks) assert.ok(t >= min - slack && t <= min + span + slack, `${t} outside [${min}, ${min + span}]`);
    }),
  );
});

test('decimateMinMax: each bucket keeps its min and max in order, gaps stay gaps, short series untouched', () => {
  const short = [1, 2, 3];
  assert.equal(decimateMinMax(short, [short], 2).x, short);
  fc.assert(
    fc.property(fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 60 }), (values, buckets) => {
      const x = values.map((_, i) => i + 1);
      const out = decimateMinMax(x, [values], buckets);
      if (values.length <= 2 * buckets) return out.x === x;
      const thinned = out.series[0]!;
      assert.equal(out.x.length, 2 * buckets);
      assert.equal(thinned.length, 2 * buckets);
      for (let b = 0; b < buckets; b++) {
        const from = Math.floor((b * values.length) / buckets);
        const to = Math.floor(((b + 1) * values.length) / buckets);
        const inBucket = values.slice(from, to).filter((v): v is number => v !== null);
        assert.equal(out.x[2 * b], x[from]);
        assert.equal(out.x[2 * b + 1], x[to - 1]);
        const pair = [thinned[2 * b], thinned[2 * b + 1]];
        if (inBucket.length === 0) assert.deepEqual(pair, [null, null]);
        else assert.deepEqual([...pair].sort((a, c) => a! - c!), [Math.min(...inBucket), Math.max(...inBucket)]);
      }
      return true;
    }),
  );
  // The extremes keep their order: a falling bucket is drawn falling.
  assert.deepEqual(decimateMinMax([1, 2, 3, 4, 5, 6], [[9, 5, 1, 1, 5, 9]], 2).series[0], [9, 1, 1, 9]);
});

test('latent legend: no two of 10 (or 32) classes share colour and marker; a newline class reads \\n', () => {
  for (const classes of [10, 32]) {
    const styles = Array.from({ length: classes }, (_, k) => JSON.stringify(classStyle(k)));
    assert.equal(new Set(styles).size, classes, `${classes} classes: ${styles.join(' ')}`);
  }
  // The first classes keep the palette's order and a marker each, as before.
  assert.deepEqual([0, 1, 2, 3].map((k) => classStyle(k)), [0, 1, 2, 3].map((k) => ({ colour: k, marker: k })));
  assert.equal(displayClassName('\n'), '\\n');
  assert.equal(displayClassName('\t'), '\\t');
  assert.equal(displayClassName(' '), '␣ (space)');
  assert.equal(displayClassName('\u0007'), '\\u0007');
  assert.equal(displayClassName('setosa'), 'setosa');
});
