// The vector im2col/col2im kernels (kernels.wat) against the general $im2col and $col2im, bit for
// bit: NaN payloads, −0 and infinities in x, the columns and dx, operands at the start and the end
// of the memory (where the kernels fall back). $im2colNarrow and $col2imNarrow: a 'same'
// convolution on planes 4 and 8 wide, whole rows four floats at a time, kernels up to 9
// (rectangular too), planes of one row. $im2colStride2, stride 2's columns four at a time, and
// $im2colRows, stride 1's valid runs; $col2imStride2, stride 2's scatter back (rows 8 or 16 wide).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmOwnArena, type Arena, type ConvGeometryArguments } from '../../../core/tensor/wasm/runtime';
import { TestRandom } from './support/random';

interface Same {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kh: number;
  readonly kw: number;
}

function geometry({ channels, height, width, kh, kw }: Same): ConvGeometryArguments {
  return [channels, height, width, kh, kw, 1, 1, (kh - 1) / 2, (kw - 1) / 2, 1, 1, height, width];
}

/** Random floats with a few NaNs (distinct payloads), −0s, +0s and infinities among them. */
function fill(f32: Float32Array, at: number, count: number, random: TestRandom): void {
  const bits = new Uint32Array(f32.buffer);
  for (let i = 0; i < count; i++) {
    const r = random.next();
    const index = (at >> 2) + i;
    if (r < 0.02) bits[index] = 0x7fc00000 + random.int(1000);
    else if (r < 0.05) bits[index] = 0x80000000;
    else if (r < 0.07) bits[index] = 0;
    else if (r < 0.08) f32[index] = random.next() < 0.5 ? Infinity : -Infinity;
    else f32[index] = Math.fround(random.normal());
  }
}

function bitsAt(arena: Arena, at: number, count: number): Uint32Array {
  return new Uint32Array(arena.f32.buffer, at, count).slice();
}

const shapes: Same[] = [];
for (const [kh, kw] of [[1, 1], [3, 3], [5, 5], [3, 1], [1, 3], [5, 3]] as const) {
  for (const [height, width] of [[1, 4], [4, 4], [8, 8], [3, 12], [5, 8], [28, 28], [2, 16]] as const) {
    shapes.push({ channels: 1 + ((kh * 7 + width) % 4), height, width, kh, kw });
  }
}

/** Byte addresses for x (or the columns) to try: mid-arena, right at byte 0 and 4, and ending at the memory's last byte. */
function placements(arena: Arena, count: number): number[] {
  const bytes = arena.f32.buffer.byteLength;
  return [4096 + 4 * 13, 0, 4, bytes - 4 * count];
}

/** Where the outputs go: after the input placed at `at` (`count` floats), or from byte 2048 when it ends the memory. */
function outputsAfter(arena: Arena, at: number, count: number): number {
  const end = at + 4 * count;
  return end === arena.f32.buffer.byteLength ? 2048 : (end + 64) & ~15;
}

type Im2colKernel = 'im2colNarrow' | 'im2colStride2' | 'im2colRows';
type Col2imKernel = 'col2imNarrow' | 'col2imStride2';

/**
 * `kernel` against $im2col for one geometry, with x at each of `placements`: the same column bits,
 * and the floats just before and after the columns untouched (it writes only the sample's columns).
 */
function im2colMatches(arena: Arena, random: TestRandom, kernel: Im2colKernel, g: ConvGeometryArguments, sample: number, columns: number, label: string): void {
  assert.ok(arena.begin(4 * (2 * columns + sample) + (1 << 16)));
  for (const xAt of placements(arena, sample)) {
    const out = outputsAfter(arena, xAt, sample);
    const expectedAt = out;
    const actualAt = out + 4 * columns + 64;
    fill(arena.f32, xAt, sample, random);
    fill(arena.f32, actualAt - 16, columns + 8, random);
    const guard = bitsAt(arena, actualAt - 16, 4);
    const after = bitsAt(arena, actualAt + 4 * columns, 4);
    arena.kernels.im2col(xAt, expectedAt, ...g);
    arena.kernels[kernel](xAt, actualAt, ...g);
    assert.deepEqual(bitsAt(arena, actualAt, columns), bitsAt(arena, expectedAt, columns), `${kernel} ${label} with x at ${xAt}`);
    assert.deepEqual(bitsAt(arena, actualAt - 16, 4), guard, `${kernel} ${label}: wrote before the columns`);
    assert.deepEqual(bitsAt(arena, actualAt + 4 * columns, 4), after, `${kernel} ${label}: wrote past the columns`);
  }
}

/**
 * `kernel` against $col2im for one geometry, with the columns at each of `placements`: the same dx
 * bits (−0 kept where nothing lands, NaN, infinities), and the floats around dx untouched (it
 * writes only dx's rows).
 */
function col2imMatches(arena: Arena, random: TestRandom, kernel: Col2imKernel, g: ConvGeometryArguments, sample: number, columns: number, label: string): void {
  assert.ok(arena.begin(4 * (columns + 3 * sample) + (1 << 16)));
  for (const srcAt of placements(arena, columns)) {
    const out = outputsAfter(arena, srcAt, columns);
    const expectedAt = out;
    const actualAt = out + 4 * sample + 64;
    fill(arena.f32, srcAt, columns, random);
    fill(arena.f32, expectedAt, sample, random);
    arena.f32.copyWithin(actualAt >> 2, expectedAt >> 2, (expectedAt >> 2) + sample);
    const guard = bitsAt(arena, actualAt - 16, 4);
    const after = bitsAt(arena, actualAt + 4 * sample, 4);
    arena.kernels.col2im(srcAt, expectedAt, ...g);
    arena.kernels[kernel](srcAt, actualAt, ...g);
    assert.deepEqual(bitsAt(arena, actualAt, sample), bitsAt(arena, expectedAt, sample), `${kernel} ${label} with the columns at ${srcAt}`);
    assert.deepEqual(bitsAt(arena, actualAt - 16, 4), guard, `${kernel} ${label}: wrote before dx`);
    assert.deepEqual(bitsAt(arena, actualAt + 4 * sample, 4), after, `${kernel} ${label}: wrote past dx`);
  }
}

/** $im2colNarrow and $col2imNarrow take the planes 4 or 8 wide, with kernels up to 9 (shifts past a whole vector). */
const narrowShapes: Same[] = [
  ...shapes.filter((shape) => shape.width === 4 || shape.width === 8),
  ...[[7, 7], [9, 9], [7, 1], [1, 9]].flatMap(([kh, kw]) => [[1, 4], [4, 4], [8, 8], [3, 8]].map(([height, width]) => ({ channels: 2, height: height!, width: width!, kh: kh!, kw: kw! }))),
];

const rowKernels = [
  { im2col: 'im2colNarrow', col2im: 'col2imNarrow', shapes: narrowShapes },
] as const;

for (const { im2col, shapes } of rowKernels) test(`$${im2col} writes $im2col’s columns bit for bit on every same geometry, at any place in the memory`, () => {
  const arena = wasmOwnArena();
  assert.ok(arena, 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const random = new TestRandom(17);
  for (const shape of shapes) {
    const g = geometry(shape);
    const sample = shape.channels * shape.height * shape.width;
    const columns = shape.channels * shape.kh * shape.kw * shape.height * shape.width;
    im2colMatches(arena, random, im2col, g, sample, columns, JSON.stringify(shape));
  }
});

for (const { col2im, shapes } of rowKernels) test(`$${col2im} adds into dx as $col2im does, bit for bit (−0 kept where nothing lands, NaN, infinities), at any place in the memory`, () => {
  const arena = wasmOwnArena();
  assert.ok(arena, 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const random = new TestRandom(71);
  for (const shape of shapes) {
    const g = geometry(shape);
    const sample = shape.channels * shape.height * shape.width;
    const columns = shape.channels * shape.kh * shape.kw * shape.height * shape.width;
    col2imMatches(arena, random, col2im, g, sample, columns, JSON.stringify(shape));
  }
});

interface Strided {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kh: number;
  readonly kw: number;
  readonly ph: number;
  readonly pw: number;
}

/** Stride-2 geometries whose output rows are 4 or 8 wide: odd and even widths and kernels, padded or not. */
const strided: Strided[] = [
  { channels: 3, height: 8, width: 8, kh: 3, kw: 3, ph: 1, pw: 1 },
  { channels: 16, height: 8, width: 8, kh: 1, kw: 1, ph: 0, pw: 0 },
  { channels: 2, height: 16, width: 16, kh: 3, kw: 3, ph: 1, pw: 1 },
  { channels: 2, height: 9, width: 15, kh: 3, kw: 3, ph: 1, pw: 1 },
  { channels: 1, height: 5, width: 8, kh: 5, kw: 5, ph: 2, pw: 2 },
  { channels: 4, height: 6, width: 7, kh: 3, kw: 1, ph: 1, pw: 0 },
  { channels: 2, height: 3, width: 9, kh: 2, kw: 2, ph: 0, pw: 0 },
];

test('$im2colStride2 writes $im2col’s columns bit for bit at stride 2, at any place in the memory', () => {
  const arena = wasmOwnArena();
  assert.ok(arena, 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const random = new TestRandom(29);
  for (const shape of strided) {
    const outH = Math.floor((shape.height + 2 * shape.ph - shape.kh) / 2) + 1;
    const outW = Math.floor((shape.width + 2 * shape.pw - shape.kw) / 2) + 1;
    assert.ok(outW % 4 === 0, `${JSON.stringify(shape)}: output rows ${outW} wide`);
    const g: ConvGeometryArguments = [shape.channels, shape.height, shape.width, shape.kh, shape.kw, 2, 2, shape.ph, shape.pw, 1, 1, outH, outW];
    const sample = shape.channels * shape.height * shape.width;
    const columns = shape.channels * shape.kh * shape.kw * outH * outW;
    im2colMatches(arena, random, 'im2colStride2', g, sample, columns, JSON.stringify(shape));
  }
});

/** Stride-1 geometries: 'valid' and partly padded (output rows narrower or wider than the input's), odd sizes, rows of fewer than 4 valid columns (where $im2colRows runs $im2col). */
const rowsShapes: Strided[] = [];
for (const [kh, kw] of [[3, 3], [1, 1], [5, 5], [3, 1], [1, 4], [2, 3], [5, 2]] as const) {
  for (const [height, width] of [[28, 28], [13, 13], [7, 5], [1, 9], [6, 4], [3, 17]] as const) {
    for (const [ph, pw] of [[0, 0], [1, 0], [0, 1], [2, 2], [1, 3]] as const) {
      if (height + 2 * ph < kh || width + 2 * pw < kw) continue;
      rowsShapes.push({ channels: 1 + ((kh + width + ph) % 3), height, width, kh, kw, ph, pw });
    }
  }
}

test('$im2colRows writes $im2col’s columns bit for bit at stride 1, at any place in the memory', () => {
  const arena = wasmOwnArena();
  assert.ok(arena, 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const random = new TestRandom(43);
  let fast = 0;
  for (const shape of rowsShapes) {
    const outH = shape.height + 2 * shape.ph - shape.kh + 1;
    const outW = shape.width + 2 * shape.pw - shape.kw + 1;
    const g: ConvGeometryArguments = [shape.channels, shape.height, shape.width, shape.kh, shape.kw, 1, 1, shape.ph, shape.pw, 1, 1, outH, outW];
    // the fewest valid columns of a block's row, at kj = 0 or kw − 1 (the kernel's own condition)
    const valid = (kj: number): number => Math.min(outW, shape.width - kj + shape.pw) - Math.max(0, shape.pw - kj);
    if (Math.min(valid(0), valid(shape.kw - 1)) >= 4) fast++;
    const sample = shape.channels * shape.height * shape.width;
    const columns = shape.channels * shape.kh * shape.kw * outH * outW;
    im2colMatches(arena, random, 'im2colRows', g, sample, columns, JSON.stringify(shape));
  }
  assert.ok(fast > rowsShapes.length / 2, `most shapes take the vector path (${fast} of ${rowsShapes.length})`);
});

/** $col2imStride2's geometries: input rows twice the output's 4 or 8, kernel widths 1 to 6 (and 9), odd heights, padded rows. */
const stridedBack: Strided[] = [
  { channels: 3, height: 8, width: 8, kh: 3, kw: 3, ph: 1, pw: 1 },
  { channels: 16, height: 8, width: 8, kh: 1, kw: 1, ph: 0, pw: 0 },
  { channels: 2, height: 16, width: 16, kh: 3, kw: 3, ph: 1, pw: 1 },
  { channels: 2, height: 7, width: 8, kh: 2, kw: 2, ph: 0, pw: 0 },
  { channels: 1, height: 5, width: 8, kh: 5, kw: 5, ph: 2, pw: 2 },
  { channels: 2, height: 9, width: 16, kh: 4, kw: 4, ph: 1, pw: 1 },
  { channels: 1, height: 3, width: 8, kh: 6, kw: 6, ph: 2, pw: 2 },
  { channels: 4, height: 1, width: 16, kh: 3, kw: 1, ph: 1, pw: 0 },
  { channels: 1, height: 9, width: 8, kh: 9, kw: 9, ph: 4, pw: 4 }, // wider than its mask table: $col2im runs
];

test('$col2imStride2 adds into dx as $col2im does at stride 2, bit for bit, at any place in the memory', () => {
  const arena = wasmOwnArena();
  assert.ok(arena, 'the WebAssembly kernels load in Node (a silent skip would pass without testing)');
  const random = new TestRandom(83);
  for (const shape of stridedBack) {
    const outH = Math.floor((shape.height + 2 * shape.ph - shape.kh) / 2) + 1;
    const outW = Math.floor((shape.width + 2 * shape.pw - shape.kw) / 2) + 1;
    assert.ok((outW === 4 || outW === 8) && shape.width === 2 * outW, `${JSON.stringify(shape)}: output rows ${outW} wide`);
    const g: ConvGeometryArguments = [shape.channels, shape.height, shape.width, shape.kh, shape.kw, 2, 2, shape.ph, shape.pw, 1, 1, outH, outW];
    const sample = shape.channels * shape.height * shape.width;
    const columns = shape.channels * shape.kh * shape.kw * outH * outW;
    col2imMatches(arena, random, 'col2imStride2', g, sample, columns, JSON.stringify(shape));
  }
});
