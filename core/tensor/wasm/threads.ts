import type { Arena } from './runtime';
import { kernelArity, PROGRAM_WORDS, threadKernels, type ThreadKernel, type ThreadLayout } from './thread-protocol';

/**
 * The calls one thread makes in a round, in order. The drivers (matmul.ts, conv2d.ts) build one
 * program per thread so that every output element is written by exactly one thread, by the same
 * kernel call with the same inner order as on one thread: the split changes who computes an
 * element, never how, so the bits do not depend on the thread count.
 */
export class KernelProgram {
  readonly words: number[] = [];

  call(kernel: ThreadKernel, ...args: number[]): void {
    if (args.length !== kernelArity[kernel]) throw new Error(`KernelProgram: ${kernel} takes ${kernelArity[kernel]} arguments, got ${args.length}`);
    this.words.push(threadKernels.indexOf(kernel), ...args);
  }
}

interface RoundAtomics {
  load(array: Int32Array, index: number): number;
  store(array: Int32Array, index: number, value: number): number;
  sub(array: Int32Array, index: number, value: number): number;
  compareExchange(array: Int32Array, index: number, expected: number, replacement: number): number;
  wait(array: Int32Array, index: number, value: number): string;
  notify(array: Int32Array, index: number): number;
}

/**
 * The coordinating side of the kernel threads: the arena over the shared memory (thread 0's
 * instance, which the coordinating thread also uses for every kernel it runs alone) and `run`,
 * which hands programs 1… to the other threads, runs program 0 itself, then any program its thread
 * has not claimed yet, and waits for the rest. Who runs a program never changes its bits: each
 * writes its own outputs with its own work regions, and every instance runs the same code.
 */
export class KernelThreads {
  private readonly words: Int32Array;
  private readonly atomics = (globalThis as unknown as { Atomics: RoundAtomics }).Atomics;
  /** Rounds run on several threads (a test reads it to see that the split happened). */
  rounds = 0;
  /** Programs of other threads this thread ran because their thread had not started them. */
  taken = 0;
  /** Rounds whose every program ran on its own thread (none yet while the threads boot). */
  served = 0;

  constructor(
    readonly arena: Arena,
    readonly layout: ThreadLayout,
    /** Multiply-adds of a gemm or convolution from which it is split across the threads (read at each op). */
    private readonly minWork: () => number,
    private readonly stopThreads: () => void,
  ) {
    this.words = new Int32Array(arena.kernels.memory.buffer, 0, layout.arenaStart >> 2);
  }

  get count(): number {
    return this.layout.threads;
  }

  /** Whether an op of `work` multiply-adds should be split. */
  splits(work: number): boolean {
    return work >= this.minWork();
  }

  /**
   * Runs `programs[t]` on thread t (one program per thread) and returns when all are done. A
   * program too long for its slot makes the round run every program here, in thread order: the
   * same calls on the same data, so the same bits.
   */
  run(programs: readonly KernelProgram[]): void {
    if (programs.length !== this.count) throw new Error(`KernelThreads.run: expected ${this.count} programs, got ${programs.length}`);
    if (programs.some((p) => p.words.length + 1 > PROGRAM_WORDS)) {
      for (const program of programs) this.runHere(program);
      return;
    }
    const { atomics, words, layout } = this;
    for (let t = 1; t < this.count; t++) {
      const at = layout.programWord(t);
      words[at] = programs[t]!.words.length;
      words.set(programs[t]!.words, at + 1);
    }
    // Order matters: a late thread that claims a program after its claim word is reset must find
    // this round's program and count.
    atomics.store(words, layout.remainingWord, this.count - 1);
    for (let t = 1; t < this.count; t++) atomics.store(words, layout.claimWord(t), 0);
    // Only this thread writes the generation; it cycles through non-negative values (-1 means stop).
    atomics.store(words, layout.generationWord, (atomics.load(words, layout.generationWord) + 1) & 0x3fffffff);
    atomics.notify(words, layout.generationWord);
    this.runHere(programs[0]!);
    // Programs whose thread has not started them yet run here: a descheduled thread delays no round.
    const takenBefore = this.taken;
    for (let t = 1; t < this.count; t++) {
      if (atomics.compareExchange(words, layout.claimWord(t), 0, 1) !== 0) continue;
      this.runHere(programs[t]!);
      this.taken++;
      atomics.sub(words, layout.remainingWord, 1);
    }
    if (this.taken === takenBefore) this.served++;
    for (let spin = 0; spin < 4000 && atomics.load(words, layout.remainingWord) !== 0; spin++);
    for (let left = atomics.load(words, layout.remainingWord); left !== 0; left = atomics.load(words, layout.remainingWord)) {
      atomics.wait(words, layout.remainingWord, left);
    }
    this.rounds++;
  }

  /** Ends the other threads (generation -1); the arena stays usable on this thread. */
  stop(): void {
    this.atomics.store(this.words, this.layout.generationWord, -1);
    this.atomics.notify(this.words, this.layout.generationWord);
    this.stopThreads();
  }

  private runHere(program: KernelProgram): void {
    const kernels = this.arena.kernels as unknown as Record<string, (...args: number[]) => void>;
    const words = program.words;
    for (let at = 0; at < words.length; ) {
      const kernel = threadKernels[words[at]!]!;
      const arity = kernelArity[kernel];
      kernels[kernel]!(...words.slice(at + 1, at + 1 + arity));
      at += 1 + arity;
    }
  }
}

/** [start, end) of each of `parts` shares of [0, total), every boundary a multiple of `unit` (the last share takes the rest). */
export function splitRange(total: number, parts: number, unit: number): Array<readonly [number, number]> {
  const units = Math.ceil(total / unit);
  const shares: Array<readonly [number, number]> = [];
  for (let t = 0; t < parts; t++) {
    const start = Math.min(total, Math.floor((units * t) / parts) * unit);
    const end = t === parts - 1 ? total : Math.min(total, Math.floor((units * (t + 1)) / parts) * unit);
    shares.push([start, end]);
  }
  return shares;
}
