import type { PolicyRecord, Replay } from '../../protocol/policy-record';
import { el, labelled, replaceChildren, selectElement } from '../dom';
import { categoryColour, readTheme } from '../theme';
import { cartPoleSvg } from './policy-env';

/**
 * Replays a recorded cart-pole episode: pick the best, the latest or any kept episode, play it
 * at the environment's own pace (τ = 0.02 s a step) or scrub frame by frame.
 */
export class CartPoleReplay {
  readonly element: HTMLElement;
  private readonly picker = el('span', { className: 'slot' });
  private readonly frameInput = el('input', { attributes: { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'Frame' } });
  private readonly frameOutput = el('output', { className: 'control-value', text: '—' });
  private readonly play = el('button', { attributes: { type: 'button', class: 'replay-play' }, text: 'Play' });
  private readonly stage = el('div', { className: 'cartpole-stage' });
  private chosen: 'best' | 'latest' | number = 'best';
  private frame = 0;
  private timer: number | undefined;
  private replays: readonly Replay[] = [];
  private best: Replay | null = null;
  private pickerKey = '';

  constructor() {
    this.frameInput.addEventListener('input', () => {
      this.stop();
      this.frame = Number(this.frameInput.value);
      this.draw();
    });
    this.play.addEventListener('click', () => (this.timer === undefined ? this.start() : this.stop()));
    this.element = el('div', { className: 'replay' }, el('div', { className: 'controls' }, this.picker, this.play, el('label', { className: 'control' }, 'Frame', el('span', { className: 'range' }, this.frameInput, this.frameOutput))), this.stage);
  }

  /** Takes the record's replays (called on every render). */
  show(policy: PolicyRecord): void {
    this.replays = policy.replays;
    this.best = policy.best;
    const key = `${this.best?.episode}|${this.replays.map((r) => r.episode).join(',')}`;
    if (key !== this.pickerKey) {
      this.pickerKey = key;
      const options = [
        ...(this.best ? [{ value: 'best', label: `Best: episode ${this.best.episode} (return ${this.best.return})` }] : []),
        ...(this.replays.length > 0 ? [{ value: 'latest', label: `Latest: episode ${this.replays.at(-1)!.episode}` }] : []),
        ...[...this.replays].reverse().map((r) => ({ value: String(r.episode), label: `Episode ${r.episode} (return ${r.return})` })),
      ];
      const select = selectElement('Episode to replay', options, String(this.chosen), 'replay-episode');
      select.addEventListener('change', () => {
        this.chosen = select.value === 'best' || select.value === 'latest' ? select.value : Number(select.value);
        this.frame = 0;
        this.draw();
      });
      replaceChildren(this.picker, labelled('Replay', select));
    }
    this.draw();
  }

  private current(): Replay | undefined {
    if (this.chosen === 'best') return this.best ?? undefined;
    if (this.chosen === 'latest') return this.replays.at(-1);
    return this.replays.find((r) => r.episode === this.chosen) ?? this.best ?? undefined;
  }

  private draw(): void {
    const replay = this.current();
    if (!replay) {
      replaceChildren(this.stage, el('p', { className: 'note', text: 'No episode recorded yet.' }));
      return;
    }
    const frames = replay.view.x.length;
    this.frame = Math.min(this.frame, frames - 1);
    this.frameInput.max = String(frames - 1);
    this.frameInput.value = String(this.frame);
    this.frameOutput.textContent = `${this.frame} / ${frames - 1}`;
    const theme = readTheme();
    replaceChildren(this.stage, cartPoleSvg(replay.view, this.frame, theme.foreground, categoryColour(0)));
  }

  private start(): void {
    const replay = this.current();
    if (!replay) return;
    if (this.frame >= replay.view.x.length - 1) this.frame = 0;
    this.play.textContent = 'Pause';
    // The environment's own pace: one step is τ = 0.02 s.
    this.timer = window.setInterval(() => {
      const current = this.current();
      if (!current || this.frame >= current.view.x.length - 1) return this.stop();
      this.frame++;
      this.draw();
    }, 20);
  }

  private stop(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
    this.play.textContent = 'Play';
  }
}
