// Tests of core/common/random.ts (kept with the data tests: data sets are its first user).
// The fixtures below were produced by Tommy Ettinger's C reference of Mulberry32 (compiled with
// gcc) and by a plain Python port of this file — the port the PyTorch exporter will carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Random, runStreams } from '../../../core/common/random';

const draw = (random: Random, count: number, next: (r: Random) => number): number[] => Array.from({ length: count }, () => next(random));

test('Mulberry32 outputs match the C reference', () => {
  assert.deepEqual(draw(new Random(0), 6, (r) => r.nextUint32()), [1144304738, 1416247, 958946056, 627933444, 2007157716, 2340967985]);
  assert.deepEqual(draw(new Random(42), 6, (r) => r.nextUint32()), [2581720956, 1925393290, 3661312704, 2876485805, 750819978, 2261697747]);
  assert.deepEqual(draw(new Random(4294967295), 6, (r) => r.nextUint32()), [3850105811, 813802916, 3073704848, 4054706436, 3630262831, 2315588663]);
  assert.deepEqual(draw(new Random(-1), 1, (r) => r.nextUint32()), [3850105811], 'seeds are taken as unsigned 32-bit');
});

test('floats, normals, integers and shuffles match the Python port', () => {
  assert.deepEqual(draw(new Random(42), 3, (r) => r.nextFloat()), [0.6011037230491638, 0.44829052686691284, 0.8524657487869263]);
  assert.deepEqual(draw(new Random(42), 4, (r) => r.normal()), [-1.2848380196664468, 0.4327805102210331, -0.9453531686184136, -1.7128039069529877]);
  assert.deepEqual(draw(new Random(42), 10, (r) => r.int(10)), [6, 0, 4, 5, 8, 7, 0, 7, 0, 5]);
  const order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  new Random(42).shuffle(order);
  assert.deepEqual(order, [1, 3, 9, 5, 2, 8, 4, 0, 7, 6]);
});

test('forks depend on the seed and the label only', () => {
  const streams = runStreams(42);
  assert.deepEqual(
    [streams.data.seed, streams.split.seed, streams.init.seed, streams.shuffle.seed, streams.dropout.seed],
    [2251753358, 2909618541, 1472852655, 23844706, 178009939],
  );
  assert.equal(new Random(0).fork('data').seed, 3589854812);
  const used = new Random(42);
  draw(used, 100, (r) => r.nextUint32());
  assert.equal(used.fork('data').seed, streams.data.seed, 'drawing from the parent does not change its forks');
});

test('the same seed gives the same sequence; another seed a different one', () => {
  const mixed = (seed: number) => {
    const r = new Random(seed);
    return [r.nextUint32(), r.normal(), r.int(7), r.nextFloat(), r.normal(), r.normal(), r.uniform(-5, 5)];
  };
  assert.deepEqual(mixed(7), mixed(7));
  assert.notDeepEqual(mixed(7), mixed(8));
});

test('uniform floats have mean 1/2 and variance 1/12 over 100k draws, and stay in [0, 1)', () => {
  const r = new Random(1);
  let sum = 0;
  let squares = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const u = r.nextFloat();
    assert.ok(u >= 0 && u < 1 && Math.fround(u) === u);
    sum += u;
    squares += u * u;
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(squares / n - mean * mean - 1 / 12) < 0.002, 'variance');
});

test('normals have mean 0 and variance 1 over 100k draws', () => {
  const r = new Random(2);
  let sum = 0;
  let squares = 0;
  let fourth = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const z = r.normal();
    sum += z;
    squares += z * z;
    fourth += z ** 4;
  }
  assert.ok(Math.abs(sum / n) < 0.015, `mean ${sum / n}`);
  assert.ok(Math.abs(squares / n - 1) < 0.02, `variance ${squares / n}`);
  assert.ok(Math.abs(fourth / n - 3) < 0.15, `fourth moment ${fourth / n} (3 for a normal)`);
});

test('int(n) is uniform over [0, n) and rejects out-of-range n', () => {
  const r = new Random(3);
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[r.int(6)]!++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `counts ${counts.join(' ')}`);
  assert.equal(r.int(1), 0);
  assert.ok(r.int(2 ** 32) < 2 ** 32);
  for (const bad of [0, -1, 1.5, 2 ** 32 + 1, Number.NaN]) assert.throws(() => r.int(bad), RangeError);
});

test('int(n) stays in range and shuffle permutes (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 2 ** 32 }), fc.array(fc.integer(), { maxLength: 50 }), (seed, n, values) => {
      const r = new Random(seed);
      const k = r.int(n);
      assert.ok(Number.isInteger(k) && k >= 0 && k < n);
      const shuffled = [...values];
      r.shuffle(shuffled);
      assert.deepEqual([...shuffled].sort((a, b) => a - b), [...values].sort((a, b) => a - b));
    }),
  );
});

test('shuffle puts every element everywhere with equal chance', () => {
  const r = new Random(4);
  const positions = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
  for (let trial = 0; trial < 40_000; trial++) {
    const order = Int32Array.from([0, 1, 2, 3]);
    r.shuffle(order);
    order.forEach((value, position) => positions[value]![position]!++);
  }
  for (const row of positions) for (const count of row) assert.ok(Math.abs(count - 10_000) < 400, `positions ${JSON.stringify(positions)}`);
});
