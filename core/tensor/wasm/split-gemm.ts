import { align, type Arena } from './runtime';
import { KernelProgram, splitRange, threadLocal } from './threads';

/**
 * Tasks per thread of a split op: with several, a thread that starts late (woken from a block, or
 * descheduled on a busy machine) costs the round one task's time, not its whole share.
 */
export const TASKS_PER_THREAD = 4;

/** How many threads the arena's ops may use (1 for a one-thread arena): each needs its own gemm work region. */
export function threadCount(arena: Arena): number {
  return arena.threads?.count ?? 1;
}

/** Bytes of the gemm work regions of every thread for inner size `k` (add to `Arena.begin`). */
export function gemmWorkBytes(arena: Arena, k: number): number {
  return threadCount(arena) * align(48 * k);
}

/** One gemm work region per thread (`gemmWorkBytes` of them, taken from the arena), one after another: a round's thread-local regions. */
export function takeGemmWorks(arena: Arena, k: number): number[] {
  // A plain loop: on a tiny net's step (MLP 2-16-16-3) Array.from with a callback was 11 % of the time.
  const works: number[] = [];
  for (let t = threadCount(arena); t > 0; t--) works.push(arena.take(12 * k));
  return works;
}

/**
 * C[m×n] += op(A)·B (kernels.wat's $gemm, byte pointers and strides) on one thread, or, when the
 * arena has threads and the product is large enough, as one round: C is cut into blocks of whole
 * 4-row tiles (or 8-column tiles when it has more of those), `TASKS_PER_THREAD` per thread, each
 * run with the work region of the thread that claims it. A C element's value does not depend on
 * the tile it is in (lanes are independent; edge tiles are zero-padded copies and add the same
 * sums), so the bits are those of one thread.
 */
export function splitGemm(arena: Arena, works: readonly number[], m: number, n: number, k: number, a: number, aRS: number, aCS: number, b: number, bRS: number, c: number, ldc: number): void {
  const threads = arena.threads;
  if (!threads || works.length < threads.count || !threads.splits(m * n * k)) {
    arena.kernels.gemm(m, n, k, a, aRS, aCS, b, bRS, c, ldc, works[0]!);
    return;
  }
  const rowTiles = Math.ceil(m / 4);
  const columnTiles = Math.ceil(n / 8);
  const byRows = rowTiles >= columnTiles;
  const blocks = splitRange(byRows ? m : n, Math.min(byRows ? rowTiles : columnTiles, TASKS_PER_THREAD * threads.count), byRows ? 4 : 8);
  const work = threadLocal(0);
  const tasks = blocks.map(([start, end]) => {
    const task = new KernelProgram();
    if (byRows) task.call('gemm', end - start, n, k, a + start * aRS, aRS, aCS, b, bRS, c + 4 * start * ldc, ldc, work);
    else task.call('gemm', m, end - start, k, a, aRS, aCS, b + 4 * start, bRS, c + 4 * start, ldc, work);
    return task;
  });
  threads.run(tasks, { base: works[0]!, stride: works[1]! - works[0]! });
}
