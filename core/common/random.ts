/**
 * The one seeded random source of dlmodel studio: Mulberry32 (Tommy Ettinger, 2017, public domain;
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). Its whole state is one
 * 32-bit integer that advances by the odd constant 0x6D2B79F5 (a Weyl sequence, so the period is
 * exactly 2^32), and each output is a bijective mix of that state. It is tiny, fast in JavaScript
 * (two Math.imul per draw) and easy to port bit for bit: the PyTorch exporter reimplements this
 * file in Python with `& 0xFFFFFFFF` after every multiply and add.
 *
 * Nothing in core may use Math.random: everything random takes a `Random` so that the same seed gives
 * the same run. Integer outputs are exact everywhere; values that go through Math.log, Math.sqrt,
 * Math.cos and Math.sin (only `normal()`) are exact on one JavaScript engine but another language's
 * libm may differ in the last bit of a float64 (which rounding to float32 almost always hides).
 */

const weylIncrement = 0x6d2b79f5;
const twoToThe24 = 16777216;
const twoToThe32 = 4294967296;

/** FNV-1a over the UTF-16 code units of a label (ASCII labels: the same as over their bytes). */
function fnv1a(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a bijection that scatters nearby seeds far apart. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A seeded Mulberry32 stream with uniform, normal, integer and shuffle helpers. */
export class Random {
  /** The seed this stream started from (forks derive from it, not from the current state). */
  readonly seed: number;
  private state: number;
  /** Box–Muller makes normals in pairs; the second of a pair waits here for the next call. */
  private spareNormal: number | undefined;

  /** A stream starting at `seed`, taken as an unsigned 32-bit integer. */
  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + weylIncrement) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /**
   * A uniform float in [0, 1) from the top 24 bits of one output: every value is a multiple of
   * 2^-24, so it is exact in float32 and never rounds up to 1 there.
   */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) / twoToThe24;
  }

  /** A uniform float in [low, high): low + (high − low) · nextFloat(). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /**
   * A standard normal by the Box–Muller transform. A call with no spare draws u1 = 1 − nextFloat()
   * (in (0, 1], so the log is finite) and then u2 = nextFloat(), returns r·cos(2π·u2) with
   * r = √(−2·ln u1), and keeps r·sin(2π·u2) for the next call, which draws nothing. The 24-bit
   * uniforms cap |z| at √(2·ln 2^24) ≈ 5.77.
   */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    const u1 = 1 - this.nextFloat();
    const u2 = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /**
   * An integer in [0, n), 1 ≤ n ≤ 2^32, without modulo bias: outputs at or above the largest
   * multiple of n below 2^32 are rejected and drawn again, then the output is taken modulo n.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > twoToThe32) throw new RangeError(`Random.int needs an integer n in [1, 2^32]; got ${n}`);
    const limit = twoToThe32 - (twoToThe32 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** Shuffles in place by Fisher–Yates (Durstenfeld): for i from the end down to 1, swap i with int(i + 1). */
  shuffle<T>(array: { length: number; [index: number]: T }): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = array[i] as T;
      array[i] = array[j] as T;
      array[j] = held;
    }
  }

  /**
   * An independent stream for one purpose: its seed is fmix32(this.seed XOR fnv1a(label)). It
   * depends only on this stream's seed and the label, never on how much this stream was used, so
   * forks may be taken in any order. (All Mulberry32 streams walk the same cycle of 2^32 states;
   * two forks overlap only if one draws more values than the scattered distance between their
   * seeds: for the five streams of a run drawing a million values each, a chance of about 1 in 200.
   * An overlap repeats values in another role; it does not bias any stream.)
   */
  fork(label: string): Random {
    return new Random(fmix32(this.seed ^ fnv1a(label)));
  }

  /** Where the stream stands: a checkpoint stores it so that a resumed run draws what an uninterrupted one would. */
  snapshot(): RandomState {
    return { state: this.state >>> 0, spareNormal: this.spareNormal ?? null };
  }

  /** Puts the stream back where `snapshot()` found it. */
  restore(saved: RandomState): void {
    this.state = saved.state | 0;
    this.spareNormal = saved.spareNormal ?? undefined;
  }
}

/** A stream's position: its 32-bit state and the Box–Muller normal waiting for the next call (null when none). */
export interface RandomState {
  readonly state: number;
  readonly spareNormal: number | null;
}

/** The streams of one training run, each forked from the run's seed by its name. */
export interface RunStreams {
  /** Data-set generators. */
  readonly data: Random;
  /** The shuffle that splits training from validation samples. */
  readonly split: Random;
  /** Weight initialisation. */
  readonly init: Random;
  /** The order of minibatches in each epoch. */
  readonly shuffle: Random;
  /** Dropout masks. */
  readonly dropout: Random;
  /** Image augmentation of training batches (`augment: […]`). A fork of its own, so adding it changed no other stream. */
  readonly augment: Random;
  /** A reinforcement-learning environment: its start states, rewards and fixed draws (a bandit's true values). */
  readonly env: Random;
  /** The actions a policy samples from its distribution while it plays. */
  readonly policy: Random;
  /** ε of `reparameterize()` (a VAE's sampling step). A fork of its own, so adding it changed no other stream. */
  readonly noise: Random;
}

/** The named streams of a run with this seed (labels 'data', 'split', 'init', 'shuffle', 'dropout', 'augment', 'env', 'policy', 'noise'). */
export function runStreams(seed: number): RunStreams {
  const root = new Random(seed);
  return {
    data: root.fork('data'),
    split: root.fork('split'),
    init: root.fork('init'),
    shuffle: root.fork('shuffle'),
    dropout: root.fork('dropout'),
    augment: root.fork('augment'),
    env: root.fork('env'),
    policy: root.fork('policy'),
    noise: root.fork('noise'),
  };
}
