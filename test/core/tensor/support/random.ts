/** A small seeded generator for test inputs (Mulberry32), so every run sees the same numbers. */
export class TestRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** How test inputs are drawn: all are rounded to float32 so both paths see the same numbers. */
export type InputKind =
  /** Standard normal. */
  | 'normal'
  /** Uniform in [0.5, 2]: for log, sqrt, division and non-integer powers. */
  | 'positive'
  /** Normal but at least 0.05 away from 0, so a ±0.01 step never crosses a kink (relu, abs). */
  | 'awayFromZero'
  /** A shuffled ladder with steps of 0.05, so no two values are close: max-pool windows never tie. */
  | 'distinct';

/** `count` float32-exact values of the given kind. */
export function randomValues(random: TestRandom, count: number, kind: InputKind): Float64Array {
  const values = new Float64Array(count);
  if (kind === 'distinct') {
    for (let i = 0; i < count; i++) values[i] = Math.fround((i - count / 2) * 0.05);
    for (let i = count - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    return values;
  }
  for (let i = 0; i < count; i++) {
    let value = kind === 'positive' ? random.uniform(0.5, 2) : random.normal();
    if (kind === 'awayFromZero' && Math.abs(value) < 0.05) value = value < 0 ? value - 0.05 : value + 0.05;
    values[i] = Math.fround(value);
  }
  return values;
}
