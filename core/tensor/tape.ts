import { objectArray } from '../common/object-array';

/**
 * The arena of one training step. While a tape is active (`tape.run(fn)`), every intermediate
 * buffer an operation or a gradient rule needs (outputs, saved values, gradients of non-leaf
 * tensors) comes from the tape; `reset()` hands them all back to free lists keyed by length, so
 * the next step of the same model finds every buffer it needs and allocates nothing.
 *
 * After `reset()` the tensors of the previous step must not be read: their arrays are reused.
 * Without an active tape, buffers are plain allocations left to the garbage collector.
 */
export class Tape {
  private created = 0;
  private readonly freeFloat32 = new Map<number, Float32Array[]>();
  private readonly freeInt32 = new Map<number, Int32Array[]>();
  private readonly usedFloat32 = objectArray<Float32Array>();
  private readonly usedInt32 = objectArray<Int32Array>();
  private readonly held = objectArray<Releasable>();

  /** How many typed arrays this tape has created (not reused) since it was made. */
  get allocations(): number {
    return this.created;
  }

  /** Runs `fn` with this tape active (restoring the previous one afterwards) and returns its result. */
  run<T>(fn: () => T): T {
    const previous = active.tape;
    active.tape = this;
    try {
      return fn();
    } finally {
      active.tape = previous;
    }
  }

  /** Returns every buffer handed out since the last reset to the free lists. */
  reset(): void {
    for (const buffer of this.usedFloat32) freeListOf(this.freeFloat32, buffer.length).push(buffer);
    for (const buffer of this.usedInt32) freeListOf(this.freeInt32, buffer.length).push(buffer);
    this.usedFloat32.length = 0;
    this.usedInt32.length = 0;
    for (const resource of this.held) resource.release();
    this.held.length = 0;
  }

  /** Releases `resource` at the next reset, with the step's buffers (a block of wasm memory its tensors use). */
  hold(resource: Releasable): void {
    this.held.push(resource);
  }

  /** A float32 buffer of `length` elements, zero-filled if `zeroed`, otherwise with stale contents. */
  float32(length: number, zeroed: boolean): Float32Array {
    let buffer = this.freeFloat32.get(length)?.pop();
    if (buffer === undefined) {
      buffer = new Float32Array(length);
      this.created++;
    } else if (zeroed) {
      buffer.fill(0);
    }
    this.usedFloat32.push(buffer);
    return buffer;
  }

  /** An int32 buffer of `length` elements with unspecified contents. */
  int32(length: number): Int32Array {
    let buffer = this.freeInt32.get(length)?.pop();
    if (buffer === undefined) {
      buffer = new Int32Array(length);
      this.created++;
    }
    this.usedInt32.push(buffer);
    return buffer;
  }
}

/** Something a tape hands back at its reset, as it does its buffers. */
export interface Releasable {
  release(): void;
}

function freeListOf<T extends object>(lists: Map<number, T[]>, length: number): T[] {
  let list = lists.get(length);
  if (list === undefined) lists.set(length, (list = objectArray<T>()));
  return list;
}

/** The tape of the innermost `run` (a holder object, so that `run` can store `this` in it). */
const active: { tape: Tape | undefined } = { tape: undefined };

/** The tape of the enclosing `tape.run`, if any. */
export function currentTape(): Tape | undefined {
  return active.tape;
}

/** A float32 buffer for an intermediate result: from the active tape, or freshly allocated (zeroed). */
export function allocateFloat32(length: number, zeroed: boolean): Float32Array {
  const tape = active.tape;
  return tape ? tape.float32(length, zeroed) : new Float32Array(length);
}

/** An int32 buffer for saved indices: from the active tape, or freshly allocated. */
export function allocateInt32(length: number): Int32Array {
  const tape = active.tape;
  return tape ? tape.int32(length) : new Int32Array(length);
}
