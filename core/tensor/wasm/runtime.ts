import { decodeBase64 } from '../../common/base64';
import { kernelsFmaWasmBase64, kernelsSharedFmaWasmBase64, kernelsSharedWasmBase64, kernelsWasmBase64 } from './kernels-wasm';
import { kernelArity, threadKernels, threadLayout, type KernelThreadHost } from './thread-protocol';
import { kernelThreadSource } from './kernel-thread-main';
import { KernelThreads } from './threads';

/**
 * The WebAssembly side of the fast backend: the module of kernels.wat, instantiated synchronously
 * once on first use, and its memory, into which each call copies its operands (from byte 1024 on,
 * see `Arena`) and out of which it copies its results. Where WebAssembly or its SIMD is missing
 * (validation or instantiation fails), `wasmArena()` is undefined and every op keeps its
 * reference kernel. Where relaxed SIMD validates (VS Code's Electron; Node 20 after
 * `--experimental-wasm-relaxed-simd`, which node/wasm-features.ts sets) the FMA variant runs: the
 * same module with the gemm's multiply-adds fused (scripts/build-wasm.mjs derives it).
 */

/** Which build of kernels.wat: 'fma' (gemm in f32x4.relaxed_madd) or 'simd' (separate multiply and add). */
export type WasmVariant = 'fma' | 'simd';

/** The exports of kernels.wat; pointers and strides are in bytes (see the .wat for each contract). */
export interface KernelExports {
  readonly memory: WasmMemory;
  gemm(m: number, n: number, k: number, a: number, aRS: number, aCS: number, b: number, bRS: number, c: number, ldc: number, work: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  im2col(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  col2im(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  im2colStride2(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  im2colRows(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  im2colNarrow(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  col2imNarrow(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  col2imStride2(src: number, dst: number, ...geometry: ConvGeometryArguments): void;
  fillRows(dst: number, values: number, rows: number, cols: number): void;
  addRowSums(src: number, rows: number, cols: number, dst: number): void;
  maxPool(src: number, dst: number, argmax: number, planes: number, height: number, width: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, outH: number, outW: number): void;
  maxPool2x2(src: number, dst: number, argmax: number, planes: number, height: number, width: number, outH: number, outW: number): void;
  maxPoolBackward(dy: number, argmax: number, dx: number, count: number): void;
  relu(src: number, dst: number, count: number): void;
  reluBackward(x: number, dy: number, dx: number, count: number): void;
  addBias(src: number, bias: number, dst: number, rows: number, n: number): void;
  fillZero(dst: number, count: number): void;
  addBiasActivate(values: number, bias: number, rows: number, n: number, kind: number): void;
  addColumnSums(src: number, rows: number, n: number, dst: number, sums: number): void;
  axpy(y: number, a: number, x: number, count: number): void;
  adam(theta: number, grad: number, m: number, v: number, count: number, decay: number, coupled: number, beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, stepSize: number, correction: number, eps: number): void;
  gelu(src: number, out: number, derivative: number, count: number): void;
  geluFast(src: number, out: number, derivative: number, count: number): void;
  causalSoftmax(src: number, dst: number, rows: number, length: number, scratch: number): void;
  causalSoftmaxBackward(y: number, dy: number, dx: number, rows: number, length: number): void;
  layerNormForward(x: number, gamma: number, beta: number, rows: number, n: number, eps: number, out: number, normalized: number, inverseStd: number): void;
  layerNormForwardRows(x: number, gamma: number, beta: number, rows: number, n: number, eps: number, out: number, normalized: number, inverseStd: number): void;
  layerNormBackward(dy: number, normalized: number, inverseStd: number, gamma: number, rows: number, n: number, dx: number, dgamma: number, dbeta: number): void;
  layerNormBackwardRows(dy: number, normalized: number, inverseStd: number, gamma: number, rows: number, n: number, dx: number, dgamma: number, dbeta: number): void;
  scaleRows(at: number, rowBytes: number, rows: number, cols: number, scale: number): void;
  transposeRows(src: number, rowBytes: number, rows: number, cols: number, dst: number): void;
  addScaledRows(src: number, srcRowBytes: number, dst: number, dstRowBytes: number, rows: number, cols: number, scale: number): void;
  batchNormForward(x: number, out: number, gamma: number, beta: number, stats: number, batch: number, channels: number, spatial: number, eps: number): void;
  batchNormInference(x: number, out: number, inverse: number, offset: number, gamma: number, beta: number, planes: number, channels: number, spatial: number): void;
  batchNormBackward(dy: number, x: number, dx: number, gamma: number, stats: number, sums: number, batch: number, channels: number, spatial: number, withDx: number): void;
  crossEntropyRowSums(scores: number, rows: number, classes: number, maxes: number, sums: number): void;
  crossEntropyGradient(scores: number, logSums: number, targets: number, shares: number, scales: number, smooth: number, rows: number, classes: number, divisor: number, grad: number): void;
  multiply(a: number, b: number, dst: number, count: number): void;
  transposeTall(src: number, rows: number, cols: number, dst: number): void;
  causalGemm(mode: CausalGemmMode, zero: number, m: number, n: number, k: number, a: number, aRS: number, aCS: number, b: number, bRS: number, c: number, ldc: number, work: number): void;
}

/** $causalGemm's modes: 0 leaves out C's columns beyond each band, 1 the terms after it, 2 the terms before it. */
export type CausalGemmMode = 0 | 1 | 2;

/** channels, height, width, kh, kw, sh, sw, ph, pw, dh, dw, outH, outW. */
export type ConvGeometryArguments = [number, number, number, number, number, number, number, number, number, number, number, number, number];

/** The part of the WebAssembly JavaScript API used here (core has no DOM or Node types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** First byte the arena hands out; [0, 1024) is the kernels' own scratch. */
const ARENA_START = 1024;
const PAGE = 65536;
/**
 * Where `keep` stops: a wasm memory never shrinks, so blocks kept for one model's sizes stay for
 * the process (reused by any later block of the same size); past this the data stays in JavaScript.
 */
const KEPT_LIMIT = 256 << 20;

/**
 * Bump allocation in the wasm memory for one kernel call: `begin(bytes)` grows the memory to
 * hold everything the call needs (growing replaces the buffer, so views are made only after it),
 * then `take` hands out 16-byte-aligned regions.
 */
export class Arena {
  private top: number;
  /** Blocks `keep` handed out and `release` returned, by byte size: the same sizes come back every step. */
  private readonly keptFree = new Map<number, number[]>();
  private cachedBuffer: ArrayBuffer | undefined;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private f64View = new Float64Array(0);
  /** The kernel threads sharing this arena's memory; undefined for a one-thread arena. */
  threads: KernelThreads | undefined;

  /** `start`: first byte handed out (the shared variant keeps the threads' scratch and programs below it). */
  constructor(readonly kernels: KernelExports, private start = ARENA_START) {
    this.top = start;
  }

  /**
   * Starts a call that needs at most `bytes` (sum of `take` sizes, each rounded up to 16). False
   * when the memory cannot grow that far (wasm32 tops out at 4 GiB): the caller then runs the
   * reference kernel instead.
   */
  begin(bytes: number): boolean {
    const memory = this.kernels.memory;
    const needed = this.start + bytes;
    const have = memory.buffer.byteLength;
    if (needed > have) {
      try {
        memory.grow(Math.ceil((needed - have) / PAGE));
      } catch {
        return false;
      }
    }
    // Only here can the memory grow (the kernels never grow it), so the views are checked here
    // once per call rather than at every copy (reading memory.buffer is a slow getter).
    this.refresh();
    this.top = this.start;
    return true;
  }

  /**
   * A block of `count` 4-byte elements that outlives the calls (a convolution's columns from its
   * forward to its backward pass, never copied out); its byte address. Only between calls: a new
   * block moves the start of the calls' regions above it, and `begin` grows the memory to match.
   * Undefined past `KEPT_LIMIT` (the caller keeps its data in JavaScript then).
   */
  keep(count: number): number | undefined {
    const at = this.keptFree.get(align(count * 4))?.pop();
    if (at !== undefined) return at;
    if (this.start + align(count * 4) > KEPT_LIMIT) return undefined;
    const fresh = this.start;
    this.start += align(count * 4);
    return fresh;
  }

  /** Hands a block of `keep` back for the next `keep` of the same size. */
  release(at: number, count: number): void {
    const bytes = align(count * 4);
    let list = this.keptFree.get(bytes);
    if (list === undefined) this.keptFree.set(bytes, (list = []));
    list.push(at);
  }

  /** Bytes below the calls' regions: the kernels' own scratch and every block `keep` made. */
  get kept(): number {
    return this.start;
  }

  /** A region of `count` 4-byte elements; returns its byte address. */
  take(count: number): number {
    const at = this.top;
    this.top += align(count * 4);
    return at;
  }

  /** The memory as floats; valid from `begin` until the next `begin` (the only place it can grow). */
  get f32(): Float32Array {
    if (this.cachedBuffer === undefined) this.refresh();
    return this.f32View;
  }

  get i32(): Int32Array {
    if (this.cachedBuffer === undefined) this.refresh();
    return this.i32View;
  }

  /** The memory as doubles (index: byte address >> 3; `take` addresses are 16-aligned). */
  get f64(): Float64Array {
    if (this.cachedBuffer === undefined) this.refresh();
    return this.f64View;
  }

  /** Copies `count` floats of `source` from `offset` into the region at byte `at`. */
  put(at: number, source: Float32Array, offset: number, count: number): void {
    this.f32.set(offset === 0 && count === source.length ? source : source.subarray(offset, offset + count), at >> 2);
  }

  /** Copies `count` floats at byte `at` into `target` from `offset`. */
  get(at: number, target: Float32Array, offset: number, count: number): void {
    target.set(this.f32.subarray(at >> 2, (at >> 2) + count), offset);
  }

  private refresh(): void {
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.cachedBuffer) {
      this.cachedBuffer = buffer;
      this.f32View = new Float32Array(buffer);
      this.i32View = new Int32Array(buffer);
      this.f64View = new Float64Array(buffer);
    }
  }
}

/** Bytes for `count` 4-byte elements, rounded up to 16 (what `take` uses). */
export function align(bytes: number): number {
  return (bytes + 15) & ~15;
}

const state: { arena: Arena | null | undefined; variant: WasmVariant | undefined; threaded: Arena | undefined } = { arena: undefined, variant: undefined, threaded: undefined };

/**
 * The kernels' arena, instantiating the module on first use (FMA where it validates); undefined
 * where WebAssembly SIMD is unavailable. With kernel threads started, the shared-memory arena.
 */
export function wasmArena(): Arena | undefined {
  return state.threaded ?? wasmOwnArena();
}

/**
 * The one-thread arena (its own, unshared memory) even while kernel threads run: for the ops that
 * are not split. V8 copies a typed array into or out of a SharedArrayBuffer about 3× slower than
 * into an ordinary one (word by word: 30 against 9 µs for 400 KB in and out), and these ops
 * gain nothing from the shared memory. The same build's code, so the same bits.
 */
export function wasmOwnArena(): Arena | undefined {
  if (state.arena === undefined) {
    for (const variant of ['fma', 'simd'] as const) {
      state.arena = instantiateKernels(variant) ?? null;
      state.variant = state.arena ? variant : undefined;
      if (state.arena) break;
    }
  }
  return state.arena ?? undefined;
}

/** The variant `wasmArena()` runs, undefined where none instantiates. */
export function wasmVariant(): WasmVariant | undefined {
  wasmArena();
  return state.variant;
}

/**
 * A fresh arena over a new instance of one variant, undefined where it does not validate or
 * instantiate (tests compare the variants through it; the engine uses `wasmArena()`).
 */
export function instantiateKernels(variant: WasmVariant): Arena | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) return undefined;
  try {
    const built = buildKernels(api, variant, undefined);
    return built && new Arena(built.kernels);
  } catch {
    return undefined;
  }
}

/** The imports of the shared-memory build: the memory all threads share and this thread's scratch address. */
interface SharedImports {
  readonly memory: WasmMemory;
  readonly scratch: number;
}

/**
 * Compiles and instantiates one variant: on its own memory (`shared` undefined) or on an imported
 * shared memory. The one place that picks the bytes and wires the imports for both builds; the
 * module is returned too so that kernel threads can instantiate the same compiled code. Undefined
 * when the bytes do not validate here.
 */
function buildKernels(api: WasmApi, variant: WasmVariant, shared: SharedImports | undefined): { module: object; kernels: KernelExports } | undefined {
  const base64 = shared ? (variant === 'fma' ? kernelsSharedFmaWasmBase64 : kernelsSharedWasmBase64) : variant === 'fma' ? kernelsFmaWasmBase64 : kernelsWasmBase64;
  const bytes = decodeBase64(base64);
  if (!api.validate(bytes)) return undefined;
  const module = new api.Module(bytes);
  const instance = new api.Instance(module, shared ? { env: { memory: shared.memory, scratch: shared.scratch } } : {});
  return { module, kernels: instance.exports as KernelExports };
}

/**
 * How long an idle kernel thread spins before it blocks. The rounds of a training step come a few
 * hundred µs apart, and a blocked thread takes tens to hundreds of µs to wake on a busy VM; the
 * coordinating thread also wakes the threads as an op that will split starts (`KernelThreads.wake`),
 * so that wake-up overlaps the copy of the operands. Longer spins measured slower on the loaded
 * bench machine (a spinning thread uses up its share of a busy CPU).
 */
const KERNEL_THREAD_SPIN_MILLISECONDS = 0.5;

/** Whether the WebAssembly kernels could be instantiated here. */
export function wasmAvailable(): boolean {
  return wasmArena() !== undefined;
}

/**
 * Runs the fast kernels on `threads` threads from now on (see threads.ts): the shared-memory
 * variant of the same build (FMA where it validates) is instantiated on a new shared memory for
 * this thread, and `host` starts the other threads on it. 1 stops them and returns to the
 * one-thread arena, exactly the kernels that ran before. False (and one thread) where shared
 * memory or the module is unavailable.
 */
export function setWasmThreads(threads: number, host: KernelThreadHost | undefined, minWork: () => number): boolean {
  state.threaded?.threads?.stop();
  state.threaded = undefined;
  if (threads <= 1 || !host) return threads <= 1;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const variant = wasmVariant();
  if (!api || !variant) return false;
  try {
    const layout = threadLayout(threads);
    const memory = new api.Memory({ initial: Math.ceil(layout.arenaStart / PAGE) + 1, maximum: 65536, shared: true });
    const built = buildKernels(api, variant, { memory, scratch: layout.scratch(0) });
    if (!built) return false;
    const { module } = built;
    const arena = new Arena(built.kernels, layout.arenaStart);
    const kernels = [...threadKernels];
    const arities = kernels.map((k) => kernelArity[k]);
    for (let t = 1; t < threads; t++) {
      host.start(kernelThreadSource, { memory, module, scratch: layout.scratch(t), thread: t, words: layout.words, spinMilliseconds: KERNEL_THREAD_SPIN_MILLISECONDS, kernels, arities });
    }
    arena.threads = new KernelThreads(arena, layout, minWork, () => host.stop());
    state.threaded = arena;
    return true;
  } catch {
    host.stop();
    return false;
  }
}

/** How many threads the fast kernels run on (1 unless `setWasmThreads` started more). */
export function wasmThreadCount(): number {
  return state.threaded?.threads?.count ?? 1;
}

/** Rounds the kernel threads have run since they started (0 on one thread): tests see the split happen. */
export function wasmThreadRounds(): number {
  return state.threaded?.threads?.rounds ?? 0;
}

/** Of those, the rounds whose every program ran on its own thread (the bench waits for one: the threads are up). */
export function wasmThreadRoundsServed(): number {
  return state.threaded?.threads?.served ?? 0;
}
