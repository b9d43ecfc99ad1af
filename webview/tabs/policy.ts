import type { PolicyRecord } from '../../protocol/policy-record';
import type { RunRecord } from '../../protocol/run-record';
import { LineChart } from '../charts/line-chart';
import { el, replaceChildren } from '../dom';
import { formatNumber } from '../format';
import { smoothDebiased } from '../smoothing';
import { categoryColour, readTheme } from '../theme';
import { banditSvg, gridSvg } from './policy-env';
import { CartPoleReplay } from './policy-replay';
import type { TabContext, TabView } from './tab';

/**
 * Policy (runs with `env: …`): the return per episode, raw and smoothed, with the solved
 * threshold; the spread of the gradient estimate with and without a baseline on the same
 * episodes; the policy's entropy; and the environment: the gridworld's arrows and values, the
 * bandit's arms, or a cart-pole replay.
 */
export class PolicyTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly returns = new LineChart({ title: 'Return per episode', xLabel: 'episode', yLabel: 'return', className: 'chart-wide' });
  private readonly variance = new LineChart({ title: 'Spread of the gradient estimate (same episodes)', xLabel: 'episode', yLabel: 'tr Cov[g_t]', className: 'chart-wide' });
  private readonly varianceNote = el('p', { className: 'note' });
  private readonly entropy = new LineChart({ title: 'Policy entropy', xLabel: 'episode', yLabel: 'nats' });
  private readonly envTitle = el('h2', { className: 'section-title', text: 'Environment' });
  private readonly envNote = el('p', { className: 'note env-note' });
  private readonly envStage = el('div', { className: 'env-stage' });
  private readonly replay = new CartPoleReplay();

  constructor(private readonly context: TabContext) {
    this.element = el('div', { className: 'tab-content policy' }, this.status, this.returns.element, this.variance.element, this.varianceNote, this.entropy.element, this.envTitle, this.envNote, this.envStage);
  }

  private run(): RunRecord | undefined {
    return this.context.store.run(this.context.selectedRunId());
  }

  /** Shown only for policy runs. */
  available(): boolean {
    return this.run()?.start?.policy !== undefined;
  }

  render(): void {
    const run = this.run();
    const start = run?.start?.policy;
    const episodes = run?.episodes;
    if (!run || !start || !episodes || episodes.return.length === 0) {
      this.status.textContent = 'The Policy tab fills in as a policy run (env: …) plays its first episodes.';
      return;
    }
    const n = episodes.return.length;
    const x = Array.from({ length: n }, (_, i) => i + 1);
    const last = episodes.return.slice(-100);
    const mean100 = last.reduce((a, b) => a + b, 0) / last.length;
    const solved = run.end?.type === 'done' ? run.end.solvedAt : undefined;
    this.status.textContent = `${start.env}: ${n} of ${start.episodes} episodes; mean return of the last ${last.length}: ${formatNumber(mean100)}${start.solvedReturn === null ? '' : ` (solved at ≥ ${start.solvedReturn}${solved ? `: reached at episode ${solved}` : ''})`}.`;
    const theme = readTheme();
    const smoothing = this.context.state().smoothing;
    this.returns.update({
      x,
      series: [
        { label: 'return', colour: categoryColour(0), values: episodes.return, alpha: 0.3, width: 1 },
        { label: `smoothed (${smoothing})`, colour: categoryColour(0), values: smoothDebiased(episodes.return, smoothing), width: 2 },
        ...(start.solvedReturn === null ? [] : [{ label: `solved (${start.solvedReturn})`, colour: theme.muted, values: x.map(() => start.solvedReturn), dash: [6, 4], width: 1.5 }]),
      ],
    });
    this.entropy.update({ x, series: [{ label: 'entropy', colour: categoryColour(2), values: episodes.entropy, width: 1.5 }] });
    if (run.policy) this.renderPolicy(run.policy, start.env);
  }

  private renderPolicy(policy: PolicyRecord, env: string): void {
    this.renderVariance(policy);
    const theme = readTheme();
    const view = policy.view;
    if (env === 'cartpole') {
      this.envNote.textContent = 'Recorded episodes: the best so far, and every 10th. Pick one and play it at the environment’s pace (50 steps a second), or move the frame slider.';
      if (this.envStage.firstChild !== this.replay.element) replaceChildren(this.envStage, this.replay.element);
      this.replay.show(policy);
      return;
    }
    if (!view) {
      this.envNote.textContent = 'The environment view appears after the first update.';
      replaceChildren(this.envStage);
      return;
    }
    switch (view.kind) {
      case 'gridworld':
        this.envNote.textContent = `Each arrow’s length is π(action | cell), the most probable one thicker${view.values ? '; the cell’s colour is V(s), the value model’s estimate (orange above 0, blue below)' : ''}. Hover a cell for its numbers.`;
        replaceChildren(this.envStage, gridSvg(view, theme.foreground));
        break;
      case 'bandit':
        this.envNote.textContent = 'Bars: each arm’s average reward so far; dots: its true mean q*(a); below: the policy’s probability of pulling it.';
        replaceChildren(this.envStage, banditSvg(view, theme.foreground, categoryColour(0), categoryColour(1)));
        break;
      default: {
        const unreachable: never = view;
        throw new Error(`unknown view ${String(unreachable)}`);
      }
    }
  }

  private renderVariance(policy: PolicyRecord): void {
    const n = policy.episode.length;
    if (n === 0) return;
    const ratio = policy.varianceBaseline.reduce((a, b) => a + b, 0) / Math.max(1e-300, policy.varianceNone.reduce((a, b) => a + b, 0));
    this.varianceNote.textContent = `g_t = ∇_z log π(a_t|s_t)·A_t over each update’s steps, with A_t = G_t (no baseline) and A_t = G_t − b_t (baseline), on the same episodes: the baseline leaves the expected gradient unchanged and its spread is ${formatNumber(ratio)}× the spread without it over the run.`;
    this.variance.update(
      {
        x: [...policy.episode],
        series: [
          { label: 'no baseline', colour: categoryColour(3), values: policy.varianceNone, width: 1.5 },
          { label: 'with baseline', colour: categoryColour(2), values: policy.varianceBaseline, width: 1.5 },
        ],
      },
      { logY: true },
    );
  }

  refreshTheme(): void {
    this.returns.refreshTheme();
    this.variance.refreshTheme();
    this.entropy.refreshTheme();
    this.render();
  }
}
