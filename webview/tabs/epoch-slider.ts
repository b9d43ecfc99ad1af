import type { LatentData } from '../../core/train/panel-data';
import type { RunRecord } from '../../protocol/run-record';
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

/** A part of a run's latent data recorded epoch by epoch (one frame per recorded epoch). */
interface Framed {
  readonly frames: readonly { readonly epoch: number }[];
}

/**
 * A tab's epoch slider over one kind of the selected run's recorded frames (`part` picks it out of
 * the run's latent data): what the tab reads, whether it applies to the run, and the frame shown.
 */
export class RecordedFrames<D extends Framed> {
  readonly slider: EpochSlider;

  constructor(
    private readonly context: TabContext,
    private readonly part: (latent: LatentData) => D | undefined,
  ) {
    this.slider = new EpochSlider(context);
  }

  /** The selected run's data of this kind, if it has any. */
  data(): D | undefined {
    const latent = this.context.store.run(this.context.selectedRunId())?.latent;
    return latent ? this.part(latent) : undefined;
  }

  /** A tab over this kind of data is shown only for runs that record it. */
  available(): boolean {
    return this.data() !== undefined;
  }

  /** The run, its data and the frame the slider's choice selects (shown on the slider), or undefined before the first recorded epoch. */
  current(): { readonly run: RunRecord; readonly data: D; readonly frame: D['frames'][number] } | undefined {
    const run = this.context.store.run(this.context.selectedRunId());
    const data = run?.latent ? this.part(run.latent) : undefined;
    const frame = data ? this.slider.show(data.frames, this.context.state().latentEpoch) : undefined;
    return run && data && frame ? { run, data, frame } : undefined;
  }
}
