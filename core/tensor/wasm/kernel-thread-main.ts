import type { KernelThreadSetup } from './thread-protocol';

interface ThreadWasmApi {
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
interface ThreadAtomics {
  load(array: Int32Array, index: number): number;
  sub(array: Int32Array, index: number, value: number): number;
  compareExchange(array: Int32Array, index: number, expected: number, replacement: number): number;
  wait(array: Int32Array, index: number, value: number): string;
  notify(array: Int32Array, index: number): number;
}
type KernelCall = (...args: number[]) => void;

/**
 * The body of a kernel thread: instantiates the shared-memory kernels on the shared memory with its
 * own gemm scratch, then for every round (the generation word changes) claims its program, runs it
 * and counts it done (unless the coordinating thread claimed it first); a generation of -1 ends it. It blocks in Atomics.wait between rounds, so it runs
 * only in a thread that may block (a worker). The host runs it from its SOURCE TEXT
 * (`kernelThreadSource`), so this function must use nothing outside itself but globals.
 */
export function serveKernelThread(setup: KernelThreadSetup): void {
  const api = (globalThis as unknown as { WebAssembly: ThreadWasmApi }).WebAssembly;
  const atomics = (globalThis as unknown as { Atomics: ThreadAtomics }).Atomics;
  const instance = new api.Instance(setup.module, { env: { memory: setup.memory, scratch: setup.scratch } });
  const calls = setup.kernels.map((name) => instance.exports[name] as KernelCall);
  const words = new Int32Array((setup.memory as { buffer: ArrayBufferLike }).buffer);
  let seen = 0;
  for (;;) {
    // A short spin first: a round usually follows the last within microseconds (the next kernel of
    // the same step), and a futex wake-up costs more than that.
    for (let spin = 0; spin < 4000 && atomics.load(words, setup.generationWord) === seen; spin++);
    atomics.wait(words, setup.generationWord, seen);
    const generation = atomics.load(words, setup.generationWord);
    if (generation === seen) continue;
    if (generation === -1) return;
    seen = generation;
    // The coordinating thread may have run this program already (this thread was late).
    if (atomics.compareExchange(words, setup.claimWord, 0, 1) !== 0) continue;
    const end = setup.programWord + 1 + words[setup.programWord]!;
    for (let at = setup.programWord + 1; at < end; ) {
      const kernel = words[at]!;
      const a = at + 1;
      // Every kernel takes at most 15 arguments; extra ones are ignored by a wasm export.
      calls[kernel]!(words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!, words[a + 4]!, words[a + 5]!, words[a + 6]!, words[a + 7]!, words[a + 8]!, words[a + 9]!, words[a + 10]!, words[a + 11]!, words[a + 12]!, words[a + 13]!, words[a + 14]!);
      at = a + setup.arities[kernel]!;
    }
    if (atomics.sub(words, setup.remainingWord, 1) === 1) atomics.notify(words, setup.remainingWord);
  }
}

/** The source text a host evaluates in a new thread, called with the thread's setup. */
export const kernelThreadSource = `(${serveKernelThread.toString()})`;
