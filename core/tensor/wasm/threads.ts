import type { Arena } from './runtime';
import { kernelArity, MAX_TASKS, threadKernels, type ThreadKernel, type ThreadLayout } from './thread-protocol';
import { runTasks, type KernelCall, type ThreadAtomics } from './kernel-thread-main';

const clock = (globalThis as unknown as { performance: { now(): number } }).performance;

/**
 * The calls of one task of a round, in order. The drivers (split-gemm.ts, conv2d.ts) cut an op into
 * tasks so that every output element is written by exactly one task, by the same kernel call with
 * the same inner order as on one thread: the split changes who computes an element, never how, so
 * the bits depend neither on the thread count nor on which thread claims which task.
 */
export class KernelProgram {
  readonly words: number[] = [];

  call(kernel: ThreadKernel, ...args: number[]): void {
    if (args.length !== kernelArity[kernel]) throw new Error(`KernelProgram: ${kernel} takes ${kernelArity[kernel]} arguments, got ${args.length}`);
    this.words.push(threadKernels.indexOf(kernel), ...args);
  }
}

/** An argument meaning byte `offset` of the region of whichever thread runs the call (see `KernelThreads.run`). */
export function threadLocal(offset: number): number {
  return -1 - offset;
}

/** Per-thread regions of a round: thread t's starts at base + t · stride (its gemm work, conv scratch). */
export interface ThreadLocals {
  readonly base: number;
  readonly stride: number;
}

/** How long the coordinating thread spins for the last tasks of a round before it blocks. */
const WAIT_SPIN_MILLISECONDS = 0.5;
/** How long ops stop splitting after the rounds lost time (see `KernelThreads.judge`). */
const PAUSE_MILLISECONDS = 20;

/**
 * The coordinating side of the kernel threads: the arena over the shared memory (thread 0's
 * instance, which the coordinating thread also uses for every kernel it runs alone) and `run`,
 * which posts a round of tasks, claims tasks itself like every other thread until none is left,
 * and waits for the ones other threads are running. Who runs a task never changes its bits: each
 * writes its own outputs with its thread's own work region, and every instance runs the same code.
 */
export class KernelThreads {
  private readonly words: Int32Array;
  private readonly atomics = (globalThis as unknown as { Atomics: ThreadAtomics }).Atomics;
  private readonly calls: KernelCall[];
  private readonly arities = threadKernels.map((kernel) => kernelArity[kernel]);
  /** Rounds run on several threads (a test reads it to see that the split happened). */
  rounds = 0;
  /** Rounds in which another thread ran a task (none while the threads boot). */
  served = 0;
  /** Tasks posted, and of those the ones this thread ran (the bench reports the share). */
  tasks = 0;
  tasksHere = 0;
  /** Time the recent rounds saved (ms, decaying), and until when ops run unsplit because they lost it. */
  private saved = 0;
  private pausedUntil = 0;

  constructor(
    readonly arena: Arena,
    readonly layout: ThreadLayout,
    /** Multiply-adds of a gemm or convolution from which it is split across the threads (read at each op). */
    private readonly minWork: () => number,
    private readonly stopThreads: () => void,
  ) {
    this.words = new Int32Array(arena.kernels.memory.buffer, 0, layout.arenaStart >> 2);
    const exports = arena.kernels as unknown as Record<string, KernelCall>;
    this.calls = threadKernels.map((kernel) => exports[kernel]!);
  }

  get count(): number {
    return this.layout.threads;
  }

  /**
   * Whether an op of `work` multiply-adds should be split: large enough, and the recent rounds did
   * not lose time (a split size of 0 splits every op regardless: the tests and the bench force it).
   */
  splits(work: number): boolean {
    const minWork = this.minWork();
    return work >= minWork && (minWork === 0 || this.pausedUntil === 0 || clock.now() >= this.pausedUntil);
  }

  /**
   * Runs every task once, on whichever threads claim them, and returns when all are done. Tasks
   * too many or too long for the shared area run here, in order: the same calls, the same bits.
   */
  run(tasks: readonly KernelProgram[], locals: ThreadLocals = { base: 0, stride: 0 }): void {
    const { atomics, words, layout } = this;
    const at = layout.words;
    let size = tasks.length;
    for (const task of tasks) size += 1 + task.words.length;
    if (tasks.length > MAX_TASKS || size > layout.taskWords) {
      for (const task of tasks) this.runHere(task, locals.base);
      return;
    }
    words[at.local] = locals.base;
    words[at.local + 1] = locals.stride;
    const generation = (atomics.load(words, at.generation) + 1) & 0x3fffffff;
    const posted = clock.now();
    this.post(tasks, generation);
    atomics.store(words, at.generation, generation);
    atomics.notify(words, at.generation);
    const claiming = clock.now();
    const here = runTasks(words, atomics, at, 0, generation, this.calls, this.arities);
    const waiting = clock.now();
    for (let spin = 1; atomics.load(words, at.remaining) !== 0; spin++) {
      if ((spin & 255) === 0 && clock.now() - waiting > WAIT_SPIN_MILLISECONDS) break;
    }
    for (let left = atomics.load(words, at.remaining); left !== 0; left = atomics.load(words, at.remaining)) {
      atomics.wait(words, at.remaining, left);
    }
    this.judge(tasks.length, here, claiming - posted, waiting - claiming, clock.now() - waiting);
    this.rounds++;
    this.tasks += tasks.length;
    this.tasksHere += here;
    if (here < tasks.length) this.served++;
  }

  /**
   * Whether splitting pays right now, from the round just run: alone, this thread would have run
   * all `count` tasks at the pace it ran its `here` ones. On a machine whose other cores are busy
   * the other threads claim nothing (a round then only costs its hand-over) or are descheduled in
   * the middle of a task (this thread waits for it): once the rounds have lost more time than they
   * saved, ops run unsplit for `PAUSE_MILLISECONDS`, then a round tries again.
   */
  private judge(count: number, here: number, post: number, own: number, wait: number): void {
    if (here === 0) return;
    this.saved = 0.75 * this.saved + roundSaving(count, here, post, own, wait);
    if (this.saved >= 0) return;
    this.saved = 0;
    this.pausedUntil = clock.now() + PAUSE_MILLISECONDS;
  }

  /**
   * Wakes the threads blocked between rounds, because a round is coming: called before an op's
   * operands are copied in, so that a thread's wake-up (tens to hundreds of µs on a busy VM)
   * overlaps the copy instead of the round. A woken thread spins for its window again.
   */
  wake(): void {
    this.atomics.notify(this.words, this.layout.words.generation);
  }

  /** Ends the other threads (generation -1); the arena stays usable on this thread. */
  stop(): void {
    this.atomics.store(this.words, this.layout.words.generation, -1);
    this.atomics.notify(this.words, this.layout.words.generation);
    this.stopThreads();
  }

  /** One task on this thread (thread 0, whose local region starts at `local`), as `runTasks` runs it. */
  private runHere(task: KernelProgram, local: number): void {
    const words = task.words;
    for (let call = 0; call < words.length; ) {
      const kernel = words[call]!;
      const arity = this.arities[kernel]!;
      const args = words.slice(call + 1, call + 1 + arity).map((value) => (value < 0 ? local - 1 - value : value));
      this.calls[kernel]!(...args);
      call += 1 + arity;
    }
  }

  /**
   * Writes the tasks, then the counts, then opens the claim word for `generation`: a thread still
   * in an older round finds another round's claim word and claims nothing.
   */
  private post(tasks: readonly KernelProgram[], generation: number): void {
    const { atomics, words } = this;
    const at = this.layout.words;
    let offset = tasks.length;
    tasks.forEach((task, i) => {
      words[at.tasks + i] = offset;
      words[at.tasks + offset] = task.words.length;
      words.set(task.words, at.tasks + offset + 1);
      offset += 1 + task.words.length;
    });
    atomics.store(words, at.count, tasks.length);
    atomics.store(words, at.remaining, tasks.length);
    atomics.store(words, at.claim, (generation & 0x7fffff) * 256);
  }
}

/**
 * The time (ms) a round of `count` tasks saved against running them all on this thread, which ran
 * `here` of them in `own` ms after `post` ms handing them over, then waited `wait` ms for the rest.
 */
export function roundSaving(count: number, here: number, post: number, own: number, wait: number): number {
  return (own * count) / here - post - own - wait;
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
