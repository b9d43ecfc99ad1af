import type { BanditView, CartPoleView, EpisodeEvent, GridView } from '../core/train/events';
import type { Mutable } from './mutable';

/** A recorded cart-pole episode to replay. */
export interface Replay {
  readonly episode: number;
  readonly return: number;
  readonly view: CartPoleView;
}

/**
 * What a policy run's panel draws beyond the per-episode columns: the gradient spread with and
 * without a baseline and the value loss per episode (each episode carries its update's numbers),
 * the latest gridworld/bandit view, and cart-pole episodes to replay (the best and the latest few).
 */
export interface PolicyRecord {
  readonly episode: readonly number[];
  readonly varianceNone: readonly number[];
  readonly varianceBaseline: readonly number[];
  readonly meanNone: readonly number[];
  readonly meanBaseline: readonly number[];
  /** The value model's loss per episode (empty without `baseline: value`). */
  readonly valueLoss: readonly number[];
  readonly view: GridView | BanditView | null;
  readonly best: Replay | null;
  readonly replays: readonly Replay[];
}

/** Cart-pole replays kept besides the best (the newest). */
export const keptReplays = 20;

/** Accumulates episode events into a `PolicyRecord` (the run record's `policy`). */
export class PolicyRecordBuilder {
  private readonly data: Mutable<PolicyRecord> = { episode: [], varianceNone: [], varianceBaseline: [], meanNone: [], meanBaseline: [], valueLoss: [], view: null, best: null, replays: [] };
  private used = false;

  static from(record: PolicyRecord): PolicyRecordBuilder {
    const builder = new PolicyRecordBuilder();
    const d = builder.data;
    d.episode.push(...record.episode);
    d.varianceNone.push(...record.varianceNone);
    d.varianceBaseline.push(...record.varianceBaseline);
    d.meanNone.push(...record.meanNone);
    d.meanBaseline.push(...record.meanBaseline);
    d.valueLoss.push(...record.valueLoss);
    d.replays.push(...record.replays);
    d.view = record.view;
    d.best = record.best;
    builder.used = true;
    return builder;
  }

  add(event: EpisodeEvent): void {
    this.used = true;
    const d = this.data;
    if (event.variance) {
      d.episode.push(event.episode);
      d.varianceNone.push(event.variance.none);
      d.varianceBaseline.push(event.variance.baseline);
      d.meanNone.push(event.variance.meanNone);
      d.meanBaseline.push(event.variance.meanBaseline);
    }
    if (event.valueLoss !== undefined) d.valueLoss.push(event.valueLoss);
    const view = event.view;
    if (!view) return;
    if (view.kind === 'cartpole') {
      const replay = { episode: event.episode, return: event.return, view };
      if (!d.best || replay.return > d.best.return) d.best = replay;
      d.replays.push(replay);
      if (d.replays.length > keptReplays) d.replays.shift();
    } else d.view = view;
  }

  /** The record so far (shares arrays with the builder), or undefined before any episode. */
  view(): PolicyRecord | undefined {
    return this.used ? this.data : undefined;
  }

  /** A snapshot copy. */
  record(): PolicyRecord | undefined {
    const d = this.data;
    return this.used ? { ...d, episode: [...d.episode], varianceNone: [...d.varianceNone], varianceBaseline: [...d.varianceBaseline], meanNone: [...d.meanNone], meanBaseline: [...d.meanBaseline], valueLoss: [...d.valueLoss], replays: [...d.replays] } : undefined;
  }
}
