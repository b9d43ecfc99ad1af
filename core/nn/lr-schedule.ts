import { Plateau, type PlateauState } from './plateau';
import { oneCycleRateAt, warmedUpRateAt, type ScheduleSetting, type WarmupSetting } from './schedule';

/** What a run needs to know to schedule its learning rate. */
export interface ScheduleContext {
  readonly schedule: ScheduleSetting;
  readonly warmup?: WarmupSetting;
  /** The optimizer's lr (replaced by one_cycle's own). */
  readonly baseLr: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
}

/**
 * A run's learning rate step by step, as the exported train.py's PyTorch scheduler gives it: the
 * epoch schedules (with warmup) change it between epochs, `reduce_on_plateau` after an epoch's
 * validation loss, `one_cycle` before every minibatch.
 */
export class LearningRateSchedule {
  private readonly plateau: Plateau | undefined;

  constructor(private readonly context: ScheduleContext) {
    const { schedule } = context;
    this.plateau = schedule.name === 'reduce_on_plateau' ? new Plateau(schedule, context.baseLr) : undefined;
  }

  /** Whether the rate changes within an epoch (then each step event's lr differs). */
  get perStep(): boolean {
    return this.context.schedule.name === 'one_cycle';
  }

  /** The learning rate of 0-based minibatch `batch` of 0-based epoch `epoch`. */
  rateAt(epoch: number, batch: number): number {
    const { schedule, baseLr, epochs, stepsPerEpoch } = this.context;
    switch (schedule.name) {
      case 'one_cycle':
        return oneCycleRateAt(schedule, epoch * stepsPerEpoch + batch, epochs * stepsPerEpoch);
      case 'reduce_on_plateau':
        return this.plateau!.lr;
      case 'constant':
      case 'step':
      case 'cosine':
        return warmedUpRateAt(schedule, this.context.warmup, baseLr, epoch, epochs);
      default: {
        const unreachable: never = schedule;
        return unreachable;
      }
    }
  }

  /** The schedule's memory: only reduce_on_plateau has any (the others are closed forms of the position). */
  saveState(): PlateauState | null {
    return this.plateau?.saveState() ?? null;
  }

  /** Restores `saveState()`'s result; returns why it does not fit. */
  loadState(state: PlateauState | null): string | undefined {
    if ((state === null) !== (this.plateau === undefined)) return state === null ? 'the checkpoint has no reduce_on_plateau state; this run uses that schedule' : 'the checkpoint has reduce_on_plateau state; this run uses another schedule';
    if (state) this.plateau!.loadState(state);
    return undefined;
  }

  /** Called after each epoch with its validation loss (NaN without validation); true when the plateau rule lowered the rate. */
  endEpoch(validationLoss: number): boolean {
    return this.plateau?.observe(validationLoss) ?? false;
  }
}
