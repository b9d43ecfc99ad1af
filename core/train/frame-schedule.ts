/**
 * Which of the latent recorder's epochs a heavier recorder keeps (images are most of a record): the
 * first offered, then one at least `every` epochs after the last kept, and always the run's last
 * epoch — at most about `maxFrames` in all.
 */
export class FrameSchedule {
  private readonly every: number;
  private last = -Infinity;

  constructor(
    private readonly epochs: number,
    maxFrames: number,
  ) {
    this.every = Math.max(1, Math.ceil(epochs / Math.max(1, maxFrames)));
  }

  /** True when `epoch` (offered in ascending order) is kept; remembers it. */
  keeps(epoch: number): boolean {
    if (epoch !== this.epochs && epoch - this.last < this.every) return false;
    this.last = epoch;
    return true;
  }
}
