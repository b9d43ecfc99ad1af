/**
 * What the coordinating thread and the kernel threads share (core/tensor/wasm/threads.ts): the
 * kernels a program may call, and the layout of the control words and programs at the bottom of the
 * shared memory. A program is a list of kernel calls written as 32-bit words: [word count, then per
 * call: kernel index, its arguments]. Every argument of these kernels is an i32 (pointers, sizes).
 */

/** The kernels a thread program can call, by index; `kernelArity` gives each one's argument count. */
export const threadKernels = ['gemm', 'transpose', 'im2col', 'col2im', 'fillRows', 'addRowSums', 'fillZero', 'addBias'] as const;
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
};

/** Bytes of one thread's gemm scratch (kernels.wat's $scratch: a spilled tile, a tile's float64 sums). */
const SCRATCH_BYTES = 1024;
/** Words of one thread's program: ~2,000 conv samples' calls; a longer set of programs runs on one thread. */
export const PROGRAM_WORDS = 65536;

/** Where everything lives for `threads` threads (thread 0 coordinates and runs its own share). */
export interface ThreadLayout {
  readonly threads: number;
  /** Byte offset of thread t's gemm scratch is t · 1024. */
  scratch(thread: number): number;
  /** Int32 index of the generation word (bumped to start a round, -1 stops the threads). */
  readonly generationWord: number;
  /** Int32 index of the count of programs 1… of the round not yet finished. */
  readonly remainingWord: number;
  /**
   * Int32 index of program t's claim word (t ≥ 1): 0 when the round starts; whoever sets it to 1
   * first runs the program — its thread, or the coordinating one when that thread is late (on a
   * busy machine a descheduled thread would otherwise hold up every round).
   */
  claimWord(thread: number): number;
  /** Int32 index of thread t's program (t ≥ 1). */
  programWord(thread: number): number;
  /** First byte the arena may hand out. */
  readonly arenaStart: number;
}

export function threadLayout(threads: number): ThreadLayout {
  const control = SCRATCH_BYTES * threads;
  const programs = control + ((4 * (threads + 2) + 15) & ~15);
  return {
    threads,
    scratch: (thread) => SCRATCH_BYTES * thread,
    generationWord: control >> 2,
    remainingWord: (control >> 2) + 1,
    claimWord: (thread) => (control >> 2) + 1 + thread,
    programWord: (thread) => (programs >> 2) + (thread - 1) * PROGRAM_WORDS,
    arenaStart: programs + (threads - 1) * PROGRAM_WORDS * 4,
  };
}

/** What one kernel thread needs to start (posted to it by the host, see `KernelThreadHost`). */
export interface KernelThreadSetup {
  /** The shared WebAssembly.Memory. */
  readonly memory: object;
  /** The compiled shared-memory kernels (a WebAssembly.Module). */
  readonly module: object;
  readonly scratch: number;
  readonly generationWord: number;
  readonly remainingWord: number;
  readonly claimWord: number;
  readonly programWord: number;
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
