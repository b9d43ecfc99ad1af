/** A learning-rate schedule of a `train` block (`schedule:`), every argument filled in. */
export type ScheduleSetting =
  | { readonly name: 'constant' }
  | { readonly name: 'step'; readonly every: number; readonly gamma: number }
  | { readonly name: 'cosine'; readonly minLr: number }
  | PlateauSetting
  | OneCycleSetting;

/** `ReduceLROnPlateau(mode='min', threshold_mode='rel', eps=1e-8)` on the validation loss. */
export interface PlateauSetting {
  readonly name: 'reduce_on_plateau';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly cooldown: number;
  readonly minLr: number;
}

/** `OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy='cos', div_factor, final_div_factor, cycle_momentum=False)`. */
export interface OneCycleSetting {
  readonly name: 'one_cycle';
  readonly maxLr: number;
  readonly pctStart: number;
  readonly divFactor: number;
  readonly finalDivFactor: number;
}

/** The schedules with a closed form per epoch. */
export type EpochSchedule = Extract<ScheduleSetting, { name: 'constant' | 'step' | 'cosine' }>;

/** Linear warmup before the schedule: `LinearLR(start_factor, total_iters = epochs)` inside `SequentialLR`. */
export interface WarmupSetting {
  readonly epochs: number;
  readonly startFactor: number;
}

/**
 * The learning rate for 0-based epoch `epoch`, as PyTorch's schedulers give it when stepped once
 * per epoch: `StepLR(step_size = every, gamma)` and `CosineAnnealingLR(T_max = epochs, eta_min)`.
 * PyTorch computes the cosine schedule recursively; the closed form here is the same value up to
 * float rounding (see the fixture test).
 */
export function learningRateAt(schedule: EpochSchedule, baseLr: number, epoch: number, epochs: number): number {
  switch (schedule.name) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.every));
    case 'cosine':
      return schedule.minLr + ((baseLr - schedule.minLr) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
    default: {
      const unreachable: never = schedule;
      return unreachable;
    }
  }
}

/**
 * Warmup then an epoch schedule, as `SequentialLR([LinearLR(optimizer, start_factor, total_iters =
 * W), schedule], milestones = [W])` with the schedule built for the epochs after the warmup
 * (cosine's `T_max = epochs − W`): epochs 0…W−1 rise linearly from lr·start_factor towards lr, and
 * epoch W + k has the schedule's lr of its epoch k.
 */
export function warmedUpRateAt(schedule: EpochSchedule, warmup: WarmupSetting | undefined, baseLr: number, epoch: number, epochs: number): number {
  if (!warmup || warmup.epochs === 0) return learningRateAt(schedule, baseLr, epoch, epochs);
  if (epoch < warmup.epochs) return baseLr * (warmup.startFactor + ((1 - warmup.startFactor) * epoch) / warmup.epochs);
  return learningRateAt(schedule, baseLr, epoch - warmup.epochs, epochs - warmup.epochs);
}

/**
 * `OneCycleLR`'s learning rate at 0-based step `step` of `totalSteps` (two phases, cosine), in
 * PyTorch's arithmetic: phase one ends at step pct_start·total − 1 (a float), phase two at total − 1,
 * and each phase's fraction is measured from the previous phase's end.
 */
export function oneCycleRateAt(setting: OneCycleSetting, step: number, totalSteps: number): number {
  const initial = setting.maxLr / setting.divFactor;
  const final = initial / setting.finalDivFactor;
  const phases = [
    { end: setting.pctStart * totalSteps - 1, from: initial, to: setting.maxLr },
    { end: totalSteps - 1, from: setting.maxLr, to: final },
  ];
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    const phase = phases[i]!;
    if (step <= phase.end || i === phases.length - 1) {
      const fraction = (step - start) / (phase.end - start);
      return phase.to + ((phase.from - phase.to) / 2) * (Math.cos(Math.PI * fraction) + 1);
    }
    start = phase.end;
  }
  return final;
}

/**
 * Why a one_cycle schedule cannot run `totalSteps` steps, or undefined: PyTorch divides by zero
 * when its first phase ends at step 0 (pct_start·total_steps = 1).
 */
export function oneCycleProblem(setting: OneCycleSetting, totalSteps: number): string | undefined {
  if (setting.pctStart * totalSteps - 1 === 0) return `one_cycle's warm-up phase would end at its first step (pct_start ${setting.pctStart} × ${totalSteps} steps = 1), which PyTorch's OneCycleLR cannot compute — change pct_start or the epochs`;
  return undefined;
}
