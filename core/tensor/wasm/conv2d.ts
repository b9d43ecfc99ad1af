import { columnCount, groupSizes, type ConvGeometry } from '../kernels/conv-geometry';
import type { PoolGeometry } from '../kernels/pool-geometry';
import { align, type Arena, type ConvGeometryArguments } from './runtime';
import { TASKS_PER_THREAD } from './split-gemm';
import { KernelProgram, splitRange, threadLocal } from './threads';
import { accumulateWeightGradientByTransposedDy, transposesDyForWeightGradient, weightGradientOverRead, weightGradientScratch } from './conv2d-weight-gradient';
import { KeptColumns } from './kept-columns';

/**
 * Convolution and max pooling in WebAssembly: the whole batch is copied into the arena once, each
 * sample runs im2col/col2im and the SIMD gemm there, and the results are copied back. The layouts
 * are the reference kernels' (kernels/conv2d.ts): `columns` is [batch, C·kh·kw, positions], so
 * either backend's backward pass can read the other's forward columns. A grouped convolution runs
 * one gemm per group on the group's rows of the columns (see kernels/conv2d.ts).
 */

function geometryArguments(g: ConvGeometry): ConvGeometryArguments {
  return [g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth, g.paddingHeight, g.paddingWidth, g.dilationHeight, g.dilationWidth, g.outHeight, g.outWidth];
}

/**
 * Whether im2col/col2im take whole rows four floats at a time ($im2colNarrow, $col2imNarrow: the
 * same results): the output plane is the input plane (stride 1, dilation 1, 'same' padding) and 4
 * or 8 wide. There the general kernels' per-row edges dominate (batch 32: 142 → 82 µs for 32 channels
 * of 4×4, 14 → 8 µs for one of 8×8, with a first per-vector version); on wide planes their bulk copies win (28×28:
 * 254 against 413 µs). The Narrow kernels find each block's masks and rows once, not per vector:
 * for 16 channels of 8×8, 2.9 → 0.9 µs (im2col) and 3.4 → 1.3 µs (col2im) a sample.
 */
function sameRows(g: ConvGeometry): boolean {
  return g.strideHeight === 1 && g.strideWidth === 1 && g.dilationHeight === 1 && g.dilationWidth === 1 && g.outHeight === g.height && g.outWidth === g.width && (g.width === 4 || g.width === 8);
}

/**
 * The im2col kernel for this geometry: by whole rows for the planes of `sameRows`, and for stride 2
 * into rows 4 or 8 wide ($im2colStride2: the even floats of two loads, the same results). At
 * stride 1 with output rows narrower or wider than the input's ('valid': 26 of 28, 11 of 13),
 * $im2colRows (each row's valid run in vectors, the last one overlapping, no scalar tail: 3.2 →
 * 2.5 µs a sample for 8 channels of 13×13, 1.15 → 1.02 for one of 28×28; it runs $im2col itself
 * when a row has fewer than 4 valid columns). Where they are as wide, the general kernel copies
 * the whole plane at once, which wins (a 'same' 28×28 or 14×14). Else the general one.
 */
function im2colKernel(g: ConvGeometry): 'im2col' | 'im2colNarrow' | 'im2colStride2' | 'im2colRows' {
  if (sameRows(g)) return 'im2colNarrow';
  if (g.dilationHeight === 1 && g.dilationWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.outWidth !== g.width) return 'im2colRows';
  return stride2IntoRows4or8(g) ? 'im2colStride2' : 'im2col';
}

/** Stride 2 both ways, dilation 1, output rows 4 or 8 wide: what the stride-2 kernels take. */
function stride2IntoRows4or8(g: ConvGeometry): boolean {
  return g.strideHeight === 2 && g.strideWidth === 2 && g.dilationHeight === 1 && g.dilationWidth === 1 && (g.outWidth === 4 || g.outWidth === 8);
}

/**
 * The col2im kernel for this geometry: by whole rows for the planes of `sameRows`, four floats at a
 * time for stride 2 from rows 8 or 16 wide into rows 4 or 8 ($col2imStride2: 16 channels of 8×8
 * → 4×4 by 3×3, 2.4 → 0.6 µs a sample); else the general one.
 */
function col2imKernel(g: ConvGeometry): 'col2im' | 'col2imNarrow' | 'col2imStride2' {
  if (sameRows(g)) return 'col2imNarrow';
  return stride2IntoRows4or8(g) && g.width === 2 * g.outWidth ? 'col2imStride2' : 'col2im';
}

/** out[n] = weight · im2col(x[n]) + bias for every sample, then relu'd when `relu`; fills `columns` as the reference does. */
export function wasmConv2dForward(arena: Arena, x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, columns: Float32Array | undefined, out: Float32Array, relu: boolean): boolean {
  return forward(arena, x, weight, bias, geometry, columns, undefined, out, relu);
}

/**
 * wasmConv2dForward with the columns kept in the arena for the backward pass (`KeptColumns`) rather
 * than copied out; undefined (nothing computed) where the arena cannot keep or run them. The block
 * has room for the floats the backward's weight-gradient gemm reads past the last sample.
 */
export function wasmConv2dForwardKept(arena: Arena, x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, out: Float32Array, relu: boolean): KeptColumns | undefined {
  const count = columnCount(geometry);
  const reserved = count + weightGradientOverRead(geometry);
  const at = arena.keep(reserved);
  if (at === undefined) return undefined;
  if (forward(arena, x, weight, bias, geometry, undefined, at, out, relu)) return new KeptColumns(arena, at, count, reserved);
  arena.release(at, reserved);
  return undefined;
}

/** The forward pass, its columns at `keptAt` (a block of `Arena.keep`) or in the call's region, copied out to `columns` if given. */
function forward(arena: Arena, x: Float32Array, weight: Float32Array, bias: Float32Array | undefined, geometry: ConvGeometry, columns: Float32Array | undefined, keptAt: number | undefined, out: Float32Array, relu: boolean): boolean {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const patch = channels * kernelHeight * kernelWidth;
  const weights = filters * groupPatch;
  const sample = channels * height * width;
  const threadCount = arena.threads?.count ?? 1;
  const columnsBytes = keptAt === undefined ? align(4 * batch * patch * positions) : 0;
  if (!arena.begin(align(4 * batch * sample) + align(4 * weights) + align(4 * filters) + columnsBytes + align(4 * batch * filters * positions) + threadCount * align(48 * patch))) return false;
  const xAt = arena.take(batch * sample);
  const wAt = arena.take(weights);
  const biasAt = arena.take(filters);
  const columnsAt = keptAt ?? arena.take(batch * patch * positions);
  const outAt = arena.take(batch * filters * positions);
  const work = arena.take(12 * patch);
  arena.put(xAt, x, 0, batch * sample);
  arena.put(wAt, weight, 0, weights);
  if (bias) arena.put(biasAt, bias, 0, filters);
  else arena.f32.fill(0, biasAt >> 2, (biasAt >> 2) + filters);
  const kernels = arena.kernels;
  const g = geometryArguments(geometry);
  const im2col = im2colKernel(geometry);
  const threads = arena.threads;
  if (threads && batch > 1 && threads.splits(batch * filters * groupPatch * positions)) {
    // One round of sample ranges, each with the calls of the one-thread loop. The threads' gemm work
    // regions follow `work`.
    for (let t = 1; t < threads.count; t++) arena.take(12 * patch);
    const local = threadLocal(0);
    const tasks = splitRange(batch, Math.min(batch, TASKS_PER_THREAD * threads.count), 1).map(([start, end]) => {
      const task = new KernelProgram();
      for (let n = start; n < end; n++) {
        const columnsN = columnsAt + 4 * n * patch * positions;
        const outN = outAt + 4 * n * filters * positions;
        task.call(im2col, xAt + 4 * n * sample, columnsN, ...g);
        task.call('fillRows', outN, biasAt, filters, positions);
        for (let group = 0; group < groups; group++) {
          const wG = wAt + 4 * group * groupFilters * groupPatch;
          task.call('gemm', groupFilters, positions, groupPatch, wG, 4 * groupPatch, 4, columnsN + 4 * group * groupPatch * positions, 4 * positions, outN + 4 * group * groupFilters * positions, positions, local);
        }
      }
      return task;
    });
    threads.run(tasks, { base: work, stride: align(48 * patch) });
  } else {
    for (let n = 0; n < batch; n++) {
      const columnsN = columnsAt + 4 * n * patch * positions;
      const outN = outAt + 4 * n * filters * positions;
      kernels[im2col](xAt + 4 * n * sample, columnsN, ...g);
      kernels.fillRows(outN, biasAt, filters, positions);
      for (let g = 0; g < groups; g++) {
        const wG = wAt + 4 * g * groupFilters * groupPatch;
        kernels.gemm(groupFilters, positions, groupPatch, wG, 4 * groupPatch, 4, columnsN + 4 * g * groupPatch * positions, 4 * positions, outN + 4 * g * groupFilters * positions, positions, work);
      }
    }
  }
  if (relu) kernels.relu(outAt, outAt, batch * filters * positions);
  if (columns) arena.get(columnsAt, columns, 0, batch * patch * positions);
  arena.get(outAt, out, 0, batch * filters * positions);
  return true;
}

/**
 * The gradients of a convolution from dy, as the reference conv2dBackward: dweight += Σₙ dy[n]·columns[n]ᵀ
 * (columns[n] transposed in wasm, then the gemm), dbias += row sums of dy, dx += col2im(weightᵀ·dy[n]).
 * With `reluOutput`, dy is the gradient of relu(out) (see kernels/conv2d.ts): masked here first.
 */
export function wasmConv2dBackward(
  arena: Arena,
  dy: Float32Array,
  weight: Float32Array,
  geometry: ConvGeometry,
  columns: Float32Array | KeptColumns,
  dx: Float32Array | undefined,
  dweight: Float32Array | undefined,
  dbias: Float32Array | undefined,
  reluOutput: Float32Array | undefined,
): boolean {
  // Columns kept in this arena are read where they are; kept in another (a thread count changed
  // between the passes), they are copied over as an array would be.
  const keptAt = columns instanceof KeptColumns && columns.arena === arena ? columns.address() : undefined;
  const columnsArray = columns instanceof KeptColumns ? (keptAt === undefined ? columns.toArray() : undefined) : columns;
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, groups } = geometry;
  const { groupPatch, positions } = groupSizes(geometry);
  const patch = channels * kernelHeight * kernelWidth;
  const weights = filters * groupPatch;
  const sample = channels * height * width;
  const threads = arena.threads;
  const threaded = threads && groups === 1 && threads.splits(batch * filters * patch * positions) ? threads : undefined;
  if (!arena.begin(
    align(4 * batch * filters * positions) +
      (keptAt === undefined ? align(4 * (batch * patch * positions + weightGradientOverRead(geometry))) : 0) +
      align(4 * weights) * 2 +
      align(4 * filters) +
      align(4 * batch * sample) +
      align(4 * patch * positions) +
      align(48 * Math.max(patch, positions, filters)) +
      align(4 * weightGradientScratch(geometry)) +
      (reluOutput ? 2 * align(4 * batch * filters * positions) : 0) +
      (threaded ? threaded.count * backwardLocals(patch, positions, filters).stride : 0),
  )) return false;
  const dyAt = arena.take(batch * filters * positions);
  const columnsAt = keptAt ?? arena.take(batch * patch * positions + weightGradientOverRead(geometry));
  const wAt = arena.take(weights);
  const dwAt = arena.take(weights);
  const dbAt = arena.take(filters);
  const dxAt = arena.take(batch * sample);
  const scratch = arena.take(patch * positions);
  const work = arena.take(12 * Math.max(patch, positions, filters));
  const weightScratch = arena.take(weightGradientScratch(geometry));
  if (reluOutput) {
    // dy = 0 + (output > 0 ? relu's dy : 0), as relu's gradient rule writes a fresh buffer
    const outputs = batch * filters * positions;
    const reluDyAt = arena.take(outputs);
    const outputAt = arena.take(outputs);
    arena.put(reluDyAt, dy, 0, outputs);
    arena.put(outputAt, reluOutput, 0, outputs);
    arena.kernels.fillZero(dyAt, outputs);
    arena.kernels.reluBackward(outputAt, reluDyAt, dyAt, outputs);
  } else arena.put(dyAt, dy, 0, batch * filters * positions);
  if (dweight) {
    if (columnsArray) arena.put(columnsAt, columnsArray, 0, batch * patch * positions);
    arena.put(dwAt, dweight, 0, weights);
  }
  if (dbias) arena.put(dbAt, dbias, 0, filters);
  if (dx) {
    arena.put(wAt, weight, 0, weights);
    arena.put(dxAt, dx, 0, batch * sample);
  }
  if (threaded) {
    const locals = backwardLocals(patch, positions, filters);
    const base = arena.take((threaded.count * locals.stride) >> 2);
    threaded.run(conv2dBackwardTasks(geometry, { dyAt, columnsAt, wAt, dwAt, dbAt, dxAt }, locals, threaded.count, { dx: !!dx, dweight: !!dweight, dbias: !!dbias }), { base, stride: locals.stride });
  } else {
    const byDy = !!dweight && transposesDyForWeightGradient(geometry);
    if (byDy) accumulateWeightGradientByTransposedDy(arena, geometry, dyAt, columnsAt, dwAt, weightScratch, work);
    conv2dBackwardHere(arena, geometry, { dyAt, columnsAt, wAt, dwAt, dbAt, dxAt }, scratch, work, { dx: !!dx, dweight: !!dweight && !byDy, dbias: !!dbias });
  }
  if (dweight) arena.get(dwAt, dweight, 0, weights);
  if (dbias) arena.get(dbAt, dbias, 0, filters);
  if (dx) arena.get(dxAt, dx, 0, batch * sample);
  return true;
}

/** Where a convolution's backward operands are in the arena (byte addresses). */
interface BackwardRegions {
  readonly dyAt: number;
  readonly columnsAt: number;
  readonly wAt: number;
  readonly dwAt: number;
  readonly dbAt: number;
  readonly dxAt: number;
}
interface BackwardWanted {
  readonly dx: boolean;
  readonly dweight: boolean;
  readonly dbias: boolean;
}

/** The one-thread backward loop (every group, sample by sample). */
function conv2dBackwardHere(arena: Arena, geometry: ConvGeometry, regions: BackwardRegions, scratch: number, work: number, wanted: BackwardWanted): void {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth, groups } = geometry;
  const { groupFilters, groupPatch, positions } = groupSizes(geometry);
  const patch = channels * kernelHeight * kernelWidth;
  const sample = channels * height * width;
  const { dyAt, columnsAt, wAt, dwAt, dbAt, dxAt } = regions;
  const dweight = wanted.dweight;
  const dbias = wanted.dbias;
  const dx = wanted.dx;
  const kernels = arena.kernels;
  const g = geometryArguments(geometry);
  const col2im = col2imKernel(geometry);
  const f32 = arena.f32;
  for (let n = 0; n < batch; n++) {
    const dyN = dyAt + 4 * n * filters * positions;
    if (dweight) {
      // dweight[g][groupFilters × groupPatch] += dy[n][g][groupFilters × positions] · (columns[n][g rows])ᵀ,
      // reading group g's columns of the transposed [positions × patch] matrix.
      kernels.transpose(columnsAt + 4 * n * patch * positions, patch, positions, scratch);
      for (let g = 0; g < groups; g++) {
        kernels.gemm(groupFilters, groupPatch, positions, dyN + 4 * g * groupFilters * positions, 4 * positions, 4, scratch + 4 * g * groupPatch, 4 * patch, dwAt + 4 * g * groupFilters * groupPatch, groupPatch, work);
      }
    }
    if (dbias) kernels.addRowSums(dyN, filters, positions, dbAt);
    if (dx) {
      // scratch[patch × positions] = weightᵀ · dy[n] group by group, then back to the input's places.
      f32.fill(0, scratch >> 2, (scratch >> 2) + patch * positions);
      for (let g = 0; g < groups; g++) {
        const wG = wAt + 4 * g * groupFilters * groupPatch;
        kernels.gemm(groupPatch, positions, groupFilters, wG, 4, 4 * groupPatch, dyN + 4 * g * groupFilters * positions, 4 * positions, scratch + 4 * g * groupPatch * positions, positions, work);
      }
      kernels[col2im](scratch, dxAt + 4 * n * sample, ...g);
    }
  }
}

/** Byte offsets in a thread's local region of the backward pass's buffers, and the region's size. */
function backwardLocals(patch: number, positions: number, filters: number): { scratch: number; transposed: number; work: number; stride: number } {
  const columns = align(4 * patch * positions);
  return { scratch: 0, transposed: columns, work: 2 * columns, stride: 2 * columns + align(48 * Math.max(patch, positions, filters)) };
}

/**
 * The backward pass of an ungrouped convolution as the tasks of one round, each output element
 * owned by one task and computed by the one-thread loop's calls in its order: dweight by blocks of
 * 8 columns of the patch (or of 4 filter rows when the patch is narrow), summed over the samples
 * in order; dx by sample ranges (each sample's dx is its own); dbias in one task. A task
 * transposes only its own rows of the columns (the gemm's B rows are the same numbers), into the
 * local region of the thread that runs it. The tasks that sum over every sample come first.
 */
function conv2dBackwardTasks(geometry: ConvGeometry, regions: BackwardRegions, locals: ReturnType<typeof backwardLocals>, threads: number, wanted: BackwardWanted): KernelProgram[] {
  const { batch, channels, height, width, filters, kernelHeight, kernelWidth } = geometry;
  const positions = geometry.outHeight * geometry.outWidth;
  const patch = channels * kernelHeight * kernelWidth;
  const sample = channels * height * width;
  const { dyAt, columnsAt, wAt, dwAt, dbAt, dxAt } = regions;
  const g = geometryArguments(geometry);
  const col2im = col2imKernel(geometry);
  const [scratch, transposed, work] = [threadLocal(locals.scratch), threadLocal(locals.transposed), threadLocal(locals.work)];
  const tasks: KernelProgram[] = [];
  if (wanted.dweight) {
    const byColumns = patch >= 8 * threads;
    const units = byColumns ? Math.ceil(patch / 8) : Math.ceil(filters / 4);
    for (const [start, end] of splitRange(byColumns ? patch : filters, Math.min(units, TASKS_PER_THREAD * threads), byColumns ? 8 : 4)) {
      const [p0, p1] = byColumns ? [start, end] : [0, patch];
      const [f0, f1] = byColumns ? [0, filters] : [start, end];
      const task = new KernelProgram();
      for (let n = 0; n < batch; n++) {
        task.call('transpose', columnsAt + 4 * (n * patch + p0) * positions, p1 - p0, positions, transposed);
        task.call('gemm', f1 - f0, p1 - p0, positions, dyAt + 4 * (n * filters + f0) * positions, 4 * positions, 4, transposed, 4 * (p1 - p0), dwAt + 4 * (f0 * patch + p0), patch, work);
      }
      tasks.push(task);
    }
  }
  if (wanted.dx) {
    for (const [start, end] of splitRange(batch, Math.min(batch, TASKS_PER_THREAD * threads), 1)) {
      const task = new KernelProgram();
      for (let n = start; n < end; n++) {
        task.call('fillZero', scratch, patch * positions);
        task.call('gemm', patch, positions, filters, wAt, 4, 4 * patch, dyAt + 4 * n * filters * positions, 4 * positions, scratch, positions, work);
        task.call(col2im, scratch, dxAt + 4 * n * sample, ...g);
      }
      tasks.push(task);
    }
  }
  if (wanted.dbias) {
    const task = new KernelProgram();
    for (let n = 0; n < batch; n++) task.call('addRowSums', dyAt + 4 * n * filters * positions, filters, positions, dbAt);
    tasks.push(task);
  }
  return tasks;
}

/** Max pooling with the reference's argmax rule (first maximum, NaN wins), see kernels/pool2d.ts. */
export function wasmMaxPoolForward(arena: Arena, x: Float32Array, geometry: PoolGeometry, out: Float32Array, argmax: Int32Array): boolean {
  const { batch, channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth } = geometry;
  const planes = batch * channels;
  const inputs = planes * height * width;
  const outputs = planes * outHeight * outWidth;
  if (!arena.begin(align(4 * inputs) + 2 * align(4 * outputs))) return false;
  const xAt = arena.take(inputs);
  const outAt = arena.take(outputs);
  const argmaxAt = arena.take(outputs);
  arena.put(xAt, x, 0, inputs);
  if (isPlainTwoByTwo(geometry)) arena.kernels.maxPool2x2(xAt, outAt, argmaxAt, planes, height, width, outHeight, outWidth);
  else arena.kernels.maxPool(xAt, outAt, argmaxAt, planes, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, outHeight, outWidth);
  arena.get(outAt, out, 0, outputs);
  argmax.set(arena.i32.subarray(argmaxAt >> 2, (argmaxAt >> 2) + outputs));
  return true;
}

/** A 2×2 window at stride 2 without padding, every window inside the input: kernels.wat's $maxPool2x2 (the common pooling, a third of the general loop's time). */
function isPlainTwoByTwo(g: PoolGeometry): boolean {
  return g.kernelHeight === 2 && g.kernelWidth === 2 && g.strideHeight === 2 && g.strideWidth === 2 && g.paddingHeight === 0 && g.paddingWidth === 0 && 2 * g.outHeight <= g.height && 2 * g.outWidth <= g.width;
}
