import type { PlateauSetting } from './schedule';

/** PyTorch's `eps` of ReduceLROnPlateau: a reduction smaller than this is skipped. */
const minimalReduction = 1e-8;

/**
 * `torch.optim.lr_scheduler.ReduceLROnPlateau` in mode 'min' with threshold_mode 'rel', stepped
 * once per epoch with the validation loss, in PyTorch 1.13's order: compare with the best (a NaN
 * never improves), count bad epochs, let a cooldown swallow them, reduce after more than
 * `patience` bad epochs.
 */
export class Plateau {
  private best = Number.POSITIVE_INFINITY;
  private badEpochs = 0;
  private cooldownLeft = 0;

  constructor(
    private readonly setting: PlateauSetting,
    /** The learning rate of the next epoch. */
    public lr: number,
  ) {}

  /** The rule's memory (a checkpoint keeps it): the best loss (null while none is finite), the counters and the rate. */
  saveState(): PlateauState {
    return { best: Number.isFinite(this.best) ? this.best : null, badEpochs: this.badEpochs, cooldownLeft: this.cooldownLeft, lr: this.lr };
  }

  loadState(state: PlateauState): void {
    this.best = state.best ?? Number.POSITIVE_INFINITY;
    this.badEpochs = state.badEpochs;
    this.cooldownLeft = state.cooldownLeft;
    this.lr = state.lr;
  }

  /** Records one epoch's validation loss; returns whether the learning rate was reduced. */
  observe(loss: number): boolean {
    if (loss < this.best * (1 - this.setting.threshold)) {
      this.best = loss;
      this.badEpochs = 0;
    } else this.badEpochs++;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs <= this.setting.patience) return false;
    this.cooldownLeft = this.setting.cooldown;
    this.badEpochs = 0;
    const reduced = Math.max(this.lr * this.setting.factor, this.setting.minLr);
    if (this.lr - reduced <= minimalReduction) return false;
    this.lr = reduced;
    return true;
  }
}

/** What `Plateau` remembers between epochs. */
export interface PlateauState {
  readonly best: number | null;
  readonly badEpochs: number;
  readonly cooldownLeft: number;
  readonly lr: number;
}
