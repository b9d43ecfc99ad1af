import type { DoneEvent, EpisodeEvent } from '../core/train';
import { solvedWindow } from '../core/rl/policy-run';

/** How many lines a policy run prints for a person (plus the last episode's). */
const linesPerRun = 20;

/** The running mean of the last 100 returns, and which episodes get a line. */
export class PolicyProgress {
  private readonly window: number[] = [];
  private sum = 0;
  private readonly every: number;

  constructor(readonly episodes: number) {
    this.every = Math.max(1, Math.round(episodes / linesPerRun));
  }

  /** Adds a return; gives the mean of the last (up to) 100. */
  add(value: number): number {
    this.window.push(value);
    this.sum += value;
    if (this.window.length > solvedWindow) this.sum -= this.window.shift()!;
    return this.sum / this.window.length;
  }

  printsLine(episode: number): boolean {
    return episode % this.every === 0 || episode === this.episodes;
  }
}

const number = (value: number): string => String(Number(value.toFixed(2)));

/** One line per so many episodes for a log or a pipe. */
export function episodeLine(event: EpisodeEvent, episodes: number, mean: number, seconds: number): string {
  const width = String(episodes).length;
  return [`episode ${String(event.episode).padStart(width)}/${episodes}`, `return ${number(event.return)}`, `mean(100) ${mean.toFixed(1)}`, `length ${event.length}`, `loss ${event.loss.toFixed(4)}`, `entropy ${event.entropy.toFixed(3)}`, `${seconds.toFixed(1)}s`].join('  ');
}

/** The summary after the last episode. */
export function policyDoneLine(event: DoneEvent, seconds: number): string {
  const parts = [`done: ${event.episodes ?? 0} episodes, ${event.steps.toLocaleString('en-US')} updates in ${seconds.toFixed(1)}s`, `mean return of the last ${Math.min(solvedWindow, event.episodes ?? 0)} episodes ${number(event.meanReturn ?? 0)}`];
  if (event.solvedAt !== undefined) parts.push(event.solvedAt === null ? 'not solved' : `solved at episode ${event.solvedAt}`);
  return parts.join(', ');
}
