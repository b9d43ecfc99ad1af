import { align, type Arena } from './runtime';
import { KernelProgram, splitRange } from './threads';

/** How many threads the arena's ops may use (1 for a one-thread arena): each needs its own gemm work region. */
export function threadCount(arena: Arena): number {
  return arena.threads?.count ?? 1;
}

/** Bytes of the gemm work regions of every thread for inner size `k` (add to `Arena.begin`). */
export function gemmWorkBytes(arena: Arena, k: number): number {
  return threadCount(arena) * align(48 * k);
}

/** One gemm work region per thread (`gemmWorkBytes` of them, taken from the arena). */
export function takeGemmWorks(arena: Arena, k: number): number[] {
  // A plain loop: on a tiny net's step (MLP 2-16-16-3) Array.from with a callback was 11 % of the time.
  const works: number[] = [];
  for (let t = threadCount(arena); t > 0; t--) works.push(arena.take(12 * k));
  return works;
}

/**
 * C[m×n] += op(A)·B (kernels.wat's $gemm, byte pointers and strides) on one thread, or, when the
 * arena has threads and the product is large enough, as one round: C is cut into blocks of whole
 * 4-row tiles (or 8-column tiles when it has more of those), one block per thread. A C element's
 * value does not depend on the tile it is in (lanes are independent; edge tiles are zero-padded
 * copies and add the same sums), so the bits are those of one thread.
 */
export function splitGemm(arena: Arena, works: readonly number[], m: number, n: number, k: number, a: number, aRS: number, aCS: number, b: number, bRS: number, c: number, ldc: number): void {
  const threads = arena.threads;
  if (!threads || works.length < threads.count || !threads.splits(m * n * k)) {
    arena.kernels.gemm(m, n, k, a, aRS, aCS, b, bRS, c, ldc, works[0]!);
    return;
  }
  const byRows = Math.ceil(m / 4) >= Math.ceil(n / 8);
  const shares = splitRange(byRows ? m : n, threads.count, byRows ? 4 : 8);
  const programs = shares.map(([start, end], t) => {
    const program = new KernelProgram();
    if (end <= start) return program;
    if (byRows) program.call('gemm', end - start, n, k, a + start * aRS, aRS, aCS, b, bRS, c + 4 * start * ldc, ldc, works[t]!);
    else program.call('gemm', m, end - start, k, a, aRS, aCS, b + 4 * start, bRS, c + 4 * start, ldc, works[t]!);
    return program;
  });
  threads.run(programs);
}
