import type { Releasable } from '../tape';
import type { Arena } from './runtime';

/**
 * A convolution's im2col columns left in the wasm memory of `arena` from its forward pass to its
 * backward pass (`Arena.keep`), instead of copied out to JavaScript and back in: for a batch of
 * 8×8 planes the columns are 9× the input, and the two copies were a tenth of a ResNet's step.
 * The tape that recorded the convolution releases the block at its reset, like its buffers.
 */
export class KeptColumns implements Releasable {
  private live = true;

  constructor(
    readonly arena: Arena,
    private readonly at: number,
    readonly length: number,
    /** Floats of the block: `length` and what a kernel may read past the columns. */
    private readonly reserved: number = length,
  ) {}

  /** The block's byte address; throws once released (a tensor of a step the tape has reset). */
  address(): number {
    if (!this.live) throw new Error('conv2d: its columns were released (the tape was reset before the backward pass)');
    return this.at;
  }

  /** The columns as an array, for a backward pass that runs elsewhere (the reference kernels, another arena). */
  toArray(): Float32Array {
    const at = this.address();
    const arena = this.arena;
    arena.begin(0);
    const columns = new Float32Array(this.length);
    arena.get(at, columns, 0, this.length);
    return columns;
  }

  release(): void {
    if (!this.live) return;
    this.live = false;
    this.arena.release(this.at, this.reserved);
  }
}
