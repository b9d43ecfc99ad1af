/**
 * What the coordinating thread and the kernel threads share (core/tensor/wasm/threads.ts): the
 * kernels a program may call, and the layout of the control words and programs at the bottom of the
 * shared memory. A program is a list of kernel calls written as 32-bit words: [word count, then per
 * call: kernel index, its arguments]. Every argument of these kernels is an i32 (pointers, sizes).
 */

/** The kernels a thread program can call, by index; `kernelArity` gives each one's argument count. */
export const threadKernels = ['gemm', 'transpose', 'im2col', 'col2im', 'fillRows', 'addRowSums', 'fillZero', 'addBias', 'im2colStride2', 'im2colRows', 'im2colNarrow', 'col2imNarrow', 'col2imStride2'] as const;
export type ThreadKernel = (typeof threadKernels)[number];
export const kernelArity: Readonly<Record<ThreadKernel, number>> = {
  gemm: 11,
  transpose: 4,
  im2col: 15,
  col2im: 15,
  fillRows: 4,
  addRowSums: 4,
  fillZero: 2,
  addBias: 5,
  im2colStride2: 15,
  im2colRows: 15,
  im2colNarrow: 15,
  col2imNarrow: 15,
  col2imStride2: 15,
};

/** Bytes of one thread's gemm scratch (kernels.wat's $scratch: a spilled tile, a tile's float64 sums). */
const SCRATCH_BYTES = 1024;
/** Words of a round's tasks (per thread after the first): ~2,000 conv samples' calls; a longer round runs on one thread. */
export const PROGRAM_WORDS = 65536;
/** Most tasks in one round (the claim word keeps the next task's index in its low 8 bits). */
export const MAX_TASKS = 255;

/**
 * The control words of a round (Int32 indices into the shared memory). A round is a list of tasks
 * that every thread (the coordinating one too) claims one at a time until none is left, so a late
 * or descheduled thread delays the round by one task at most, never by a whole share.
 */
export interface RoundWords {
  /** Bumped to start a round; it cycles through non-negative values, -1 stops the threads. */
  readonly generation: number;
  /** Tasks of the round not finished yet (the coordinating thread waits for 0). */
  readonly remaining: number;
  /**
   * (generation & 0x7fffff) · 256 + the next unclaimed task: a thread claims task i by moving it
   * to i + 1 with a compare-exchange, so a thread still in an older round claims nothing.
   */
  readonly claim: number;
  /** The round's task count. */
  readonly count: number;
  /** Thread t's local region starts at words[local] + t · words[local + 1] (see `threadLocal`). */
  readonly local: number;
  /** Where the round's tasks are: `count` offsets (from here), then each task as [word count, calls…]. */
  readonly tasks: number;
}

/** Where everything lives for `threads` threads (thread 0 coordinates and claims tasks too). */
export interface ThreadLayout {
  readonly threads: number;
  /** Byte offset of thread t's gemm scratch is t · 1024. */
  scratch(thread: number): number;
  readonly words: RoundWords;
  /** Words available from `words.tasks` on. */
  readonly taskWords: number;
  /** First byte the arena may hand out. */
  readonly arenaStart: number;
}

export function threadLayout(threads: number): ThreadLayout {
  const control = (SCRATCH_BYTES * threads) >> 2;
  const tasks = control + 8;
  const taskWords = Math.max(1, threads - 1) * PROGRAM_WORDS;
  return {
    threads,
    scratch: (thread) => SCRATCH_BYTES * thread,
    words: { generation: control, remaining: control + 1, claim: control + 2, count: control + 3, local: control + 4, tasks },
    taskWords,
    arenaStart: 4 * (tasks + taskWords),
  };
}

/** What one kernel thread needs to start (posted to it by the host, see `KernelThreadHost`). */
export interface KernelThreadSetup {
  /** The shared WebAssembly.Memory. */
  readonly memory: object;
  /** The compiled shared-memory kernels (a WebAssembly.Module). */
  readonly module: object;
  readonly scratch: number;
  /** This thread's index (≥ 1: thread 0 coordinates), for its local region. */
  readonly thread: number;
  readonly words: RoundWords;
  /**
   * How long a thread keeps spinning for the next round after its last before it blocks: the
   * rounds of a training step come a few hundred µs apart, and a thread woken from a block starts
   * that late again (the coordinating thread has then run most of the round alone).
   */
  readonly spinMilliseconds: number;
  /** Kernel names by index and their argument counts (`threadKernels`, `kernelArity`). */
  readonly kernels: readonly string[];
  readonly arities: readonly number[];
}

/**
 * Starts kernel threads. Core starts none itself (it imports nothing from a runtime): a host gives
 * a way to run `kernelThreadSource` with a setup in a thread that may block (node/kernel-threads.ts
 * uses worker_threads). `stop` ends every thread it started.
 */
export interface KernelThreadHost {
  start(source: string, setup: KernelThreadSetup): void;
  stop(): void;
}
