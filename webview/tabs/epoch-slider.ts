import { el } from '../dom';
import type { TabContext } from './tab';
import { frameAt } from './latent';

/**
 * An epoch slider over a tab's recorded frames, bound to the same choice as the Latent space tab's
 * slider (`latentEpoch`, null = the latest): moving one moves the others.
 */
export class EpochSlider {
  readonly input = el('input', { attributes: { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'Epoch' } });
  readonly output = el('output', { className: 'epoch-output', text: '—' });
  readonly element = el('label', { className: 'control' }, 'Epoch', el('span', { className: 'range' }, this.input, this.output));
  private epochs: readonly number[] = [];

  constructor(context: TabContext) {
    this.input.addEventListener('input', () => {
      const index = Number(this.input.value);
      const epoch = this.epochs[index];
      if (epoch !== undefined) context.update({ latentEpoch: index === this.epochs.length - 1 ? null : epoch });
    });
  }

  /** Shows the frame the choice selects and returns it. */
  show<F extends { readonly epoch: number }>(frames: readonly F[], chosen: number | null): F | undefined {
    this.epochs = frames.map((f) => f.epoch);
    const frame = frameAt(frames, chosen);
    this.input.max = String(Math.max(0, frames.length - 1));
    this.input.value = String(frame ? frames.indexOf(frame) : 0);
    this.input.disabled = frames.length < 2;
    this.output.textContent = frame ? `epoch ${frame.epoch}` : '—';
    this.input.setAttribute('aria-valuetext', this.output.textContent);
    return frame;
  }
}
