/**
 * A point between two units of a run's work (a training step, a validation chunk, the probe, one
 * layer's latent projection) where a caller that owns a clock may stop pulling: the training
 * worker checks its slice's time and its messages there, so Stop is answered within one unit of
 * work even at the end of an epoch. `TrainingRun.events()` never shows it; `work()` does.
 */
export const workYield: unique symbol = Symbol('work yield');
export type WorkYield = typeof workYield;
