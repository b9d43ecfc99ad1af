/**
 * A set of graph value ids (`ModelGraph`: −1 for the model's input, then node indices 0, 1, …),
 * kept as one flag byte per value. A model's walk marks every value some statement reads; in a
 * 20,000-line model that is tens of thousands of `Set.add` calls, each hashing its key, where a
 * byte store in a dense array does the same job.
 */
export class ValueSet {
  /** Flag of value v at index v + 1 (so that −1, the model input, has a slot). */
  private flags = new Uint8Array(64);

  add(value: number): this {
    const slot = value + 1;
    if (slot >= this.flags.length) this.grow(slot);
    this.flags[slot] = 1;
    return this;
  }

  has(value: number): boolean {
    return this.flags[value + 1] === 1;
  }

  private grow(slot: number): void {
    const flags = new Uint8Array(Math.max(slot + 1, this.flags.length * 2));
    flags.set(this.flags);
    this.flags = flags;
  }
}
