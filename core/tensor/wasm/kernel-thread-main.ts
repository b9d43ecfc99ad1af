import type { KernelThreadSetup, RoundWords } from './thread-protocol';

interface ThreadWasmApi {
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
export interface ThreadAtomics {
  load(array: Int32Array, index: number): number;
  store(array: Int32Array, index: number, value: number): number;
  sub(array: Int32Array, index: number, value: number): number;
  compareExchange(array: Int32Array, index: number, expected: number, replacement: number): number;
  wait(array: Int32Array, index: number, value: number): string;
  notify(array: Int32Array, index: number): number;
}
export type KernelCall = (...args: number[]) => void;

/**
 * Claims and runs tasks of round `generation` until none is left; returns how many this thread
 * ran. The coordinating thread and every kernel thread run this same function, so a task's calls
 * are the same whoever claims it. An argument below 0 is `threadLocal(offset)`: byte `offset` of
 * the running thread's local region. The host runs it from its SOURCE TEXT too
 * (`kernelThreadSource`), so it must use nothing outside itself but its arguments.
 */
export function runTasks(words: Int32Array, atomics: ThreadAtomics, at: RoundWords, thread: number, generation: number, calls: readonly KernelCall[], arities: readonly number[]): number {
  const tag = (generation & 0x7fffff) * 256;
  const args = new Array<number>(15).fill(0);
  let ran = 0;
  for (;;) {
    const claim = atomics.load(words, at.claim);
    const task = claim & 255;
    // Another round's claim word (this thread is late), or every task claimed.
    if (claim - task !== tag || task >= atomics.load(words, at.count)) return ran;
    if (atomics.compareExchange(words, at.claim, claim, claim + 1) !== claim) continue;
    const local = words[at.local]! + thread * words[at.local + 1]!;
    const start = at.tasks + words[at.tasks + task]!;
    const end = start + 1 + words[start]!;
    for (let call = start + 1; call < end; ) {
      const kernel = words[call]!;
      const arity = arities[kernel]!;
      for (let i = 0; i < arity; i++) {
        const value = words[call + 1 + i]!;
        args[i] = value < 0 ? local - 1 - value : value;
      }
      // Every kernel takes at most 15 arguments; extra ones are ignored by a wasm export.
      calls[kernel]!(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!, args[6]!, args[7]!, args[8]!, args[9]!, args[10]!, args[11]!, args[12]!, args[13]!, args[14]!);
      call += 1 + arity;
    }
    ran++;
    if (atomics.sub(words, at.remaining, 1) === 1) atomics.notify(words, at.remaining);
  }
}

/**
 * The body of a kernel thread: instantiates the shared-memory kernels on the shared memory with its
 * own gemm scratch, then for every round (the generation word changes) claims tasks with
 * `runTasks` (passed in: the host evaluates both from source text); a generation of -1 ends it.
 * Between rounds it spins for `spinMilliseconds`, then blocks in Atomics.wait, so it runs only in
 * a thread that may block (a worker) and costs no CPU once the engine is idle. It must use nothing
 * outside itself but globals and its arguments.
 */
export function serveKernelThread(setup: KernelThreadSetup, run: typeof runTasks): void {
  const api = (globalThis as unknown as { WebAssembly: ThreadWasmApi }).WebAssembly;
  const atomics = (globalThis as unknown as { Atomics: ThreadAtomics }).Atomics;
  const clock = (globalThis as unknown as { performance: { now(): number } }).performance;
  const instance = new api.Instance(setup.module, { env: { memory: setup.memory, scratch: setup.scratch } });
  const calls = setup.kernels.map((name) => instance.exports[name] as KernelCall);
  const words = new Int32Array((setup.memory as { buffer: ArrayBufferLike }).buffer);
  const at = setup.words;
  let seen = 0;
  let idleSince = clock.now();
  for (;;) {
    // Reading the clock costs ~30 ns: once every 256 loads.
    for (let spin = 1; atomics.load(words, at.generation) === seen; spin++) {
      if ((spin & 255) === 0 && clock.now() - idleSince > setup.spinMilliseconds) {
        atomics.wait(words, at.generation, seen);
        // Woken by a round, or by the coordinating thread's word that one is coming (`KernelThreads.wake`).
        idleSince = clock.now();
      }
    }
    const generation = atomics.load(words, at.generation);
    if (generation === seen) continue;
    if (generation === -1) return;
    seen = generation;
    run(words, atomics, at, setup.thread, generation, calls, setup.arities);
    idleSince = clock.now();
  }
}

/** The source text a host evaluates in a new thread, called with the thread's setup. */
export const kernelThreadSource = `((serve, run) => (setup) => serve(setup, run))(${serveKernelThread.toString()}, ${runTasks.toString()})`;
