/** A per-epoch learning-rate schedule of a `train` block. */
export type ScheduleSetting =
  | { readonly name: 'constant' }
  | { readonly name: 'step'; readonly every: number; readonly gamma: number }
  | { readonly name: 'cosine'; readonly minLr: number };

/**
 * The learning rate for 0-based epoch `epoch`, as PyTorch's schedulers give it when stepped once
 * per epoch: `StepLR(step_size = every, gamma)` and `CosineAnnealingLR(T_max = epochs, eta_min)`.
 * PyTorch computes the cosine schedule recursively; the closed form here is the same value up to
 * float rounding (see the fixture test).
 */
export function learningRateAt(schedule: ScheduleSetting, baseLr: number, epoch: number, epochs: number): number {
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
