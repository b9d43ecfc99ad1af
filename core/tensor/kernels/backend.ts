import { setWasmThreads, wasmArena, wasmOwnArena, wasmThreadCount, wasmThreadRounds, wasmThreadRoundsServed, wasmVariant, type Arena } from '../wasm/runtime';
import type { KernelThreadHost } from '../wasm/thread-protocol';

/**
 * Which implementation the hot kernels use: 'fast' (WebAssembly SIMD where it pays, see
 * core/tensor/wasm) or 'reference' (the plain TypeScript loops, always available). The reference
 * kernels stay the definition of every op; tests run both and compare.
 */
export type KernelBackend = 'reference' | 'fast';

/**
 * The smallest problem the fast backend hands to WebAssembly; below it the reference kernel is
 * faster (copying operands in and out and the call cost more than the arithmetic saves).
 * Measured on the bench machine (core/tensor/README.md, "Decisions"); 0 forces WebAssembly.
 */
export interface KernelThresholds {
  /** Multiply-adds m·n·k of one matrix product. */
  readonly matmul: number;
  /** Multiply-adds of a whole convolution (batch · filters · C·kh·kw · output positions). */
  readonly conv2d: number;
  /** Output elements of a max pooling (forward and backward). */
  readonly maxPool: number;
  /** Elements of an elementwise kernel (relu, bias and their gradients). */
  readonly elementwise: number;
  /**
   * Mean values per parameter tensor of an optimizer step over all of them (kernels/adam.ts): each
   * tensor costs its own copies in and out, so many small ones (an MLP's) stay in JavaScript.
   */
  readonly optimizer: number;
  /**
   * Multiply-adds of one gemm or convolution from which it is split across the kernel threads
   * (when more than one runs, see `setKernelThreads`); below it a round's hand-over costs more
   * than the second core saves.
   */
  readonly parallel: number;
}

export const defaultKernelThresholds: KernelThresholds = { matmul: 512, conv2d: 1024, maxPool: 256, elementwise: 256, optimizer: 128, parallel: 1 << 20 };

const state: { backend: KernelBackend; thresholds: KernelThresholds } = { backend: 'fast', thresholds: defaultKernelThresholds };

/**
 * Chooses the kernels of every later op, and for 'fast' the size thresholds (defaults unless
 * given). 'fast' silently keeps the reference kernels where WebAssembly SIMD is unavailable.
 */
export function setKernelBackend(backend: KernelBackend, thresholds: Partial<KernelThresholds> = {}): void {
  if (backend !== 'reference' && backend !== 'fast') throw new Error(`setKernelBackend: expected 'reference' or 'fast', got '${String(backend)}'`);
  state.backend = backend;
  state.thresholds = { ...defaultKernelThresholds, ...thresholds };
}

/** The backend chosen by `setKernelBackend` ('fast' unless changed). */
export function kernelBackend(): KernelBackend {
  return state.backend;
}

/** The thresholds in force. */
export function kernelThresholds(): KernelThresholds {
  return state.thresholds;
}

/** Whether the fast backend can run here (WebAssembly with SIMD instantiated). */
export function fastKernelsAvailable(): boolean {
  return wasmArena() !== undefined;
}

/**
 * Which kernels the fast backend runs here: 'fma' (WebAssembly with relaxed SIMD's fused
 * multiply-add in the gemm), 'simd' (WebAssembly SIMD128) or 'reference' (no WebAssembly SIMD).
 * Runs report it (the start of a training run), so a slow run can be told from a slow machine.
 */
export function fastKernelsVariant(): 'fma' | 'simd' | 'reference' {
  return wasmVariant() ?? 'reference';
}

/**
 * The wasm arena when an op of `work` (compared with the op's threshold) should run in WebAssembly.
 * Only a gemm or convolution the kernel threads split (`work` ≥ `parallel`, the measure their
 * drivers split by) gets the threads' shared arena; every other op runs on the one-thread arena,
 * whose copies in and out are ~3× faster (see `wasmOwnArena`). So does one while the threads
 * pause after losing rounds (`KernelThreads.splits`). Handing out the shared arena wakes the
 * threads: the op's round comes right after its operands are copied in.
 */
export function fastArena(op: keyof KernelThresholds, work: number): Arena | undefined {
  if (state.backend !== 'fast' || work < state.thresholds[op]) return undefined;
  const splittable = op === 'matmul' || op === 'conv2d';
  const shared = splittable && work >= state.thresholds.parallel ? wasmArena() : undefined;
  if (!shared?.threads?.splits(work)) return wasmOwnArena();
  shared.threads.wake();
  return shared;
}

/**
 * Runs the fast backend's large gemms and convolutions on `threads` threads (the calling one and
 * threads - 1 started by `host`, which must be allowed to block: a Node worker, not a browser's
 * main thread), splitting each op so that every output element is computed by one thread exactly
 * as on one thread: the same bits for any count. 1 (the default) stops them: today's one-thread
 * kernels. Returns the count now in force (1 where shared memory is unavailable).
 */
export function setKernelThreads(threads: number, host?: KernelThreadHost): number {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`setKernelThreads: expected a whole number ≥ 1, got ${threads}`);
  setWasmThreads(threads, host, () => state.thresholds.parallel);
  return wasmThreadCount();
}

/** How many threads the fast kernels run on (1 unless `setKernelThreads` started more). */
export function kernelThreadCount(): number {
  return wasmThreadCount();
}

/** Ops run split across the kernel threads since `setKernelThreads` started them (work count for tests and the bench). */
export function kernelThreadRounds(): number {
  return wasmThreadRounds();
}

/**
 * Of those, the rounds in which every thread ran its own program: 0 until the threads have
 * started (a worker's boot takes 0.2–0.3 s on a busy machine; until then the calling thread runs
 * their programs), so a benchmark can wait for one before it times the threads.
 */
export function kernelThreadRoundsServed(): number {
  return wasmThreadRoundsServed();
}
