/**
 * The optimizer race's choices (what the landscape panel's form offers): which optimizers retrain
 * the model from the run's start, each at a learning rate. No imports, so the panel can use it.
 */
export const raceOptimizerNames = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type RaceOptimizerName = (typeof raceOptimizerNames)[number];

/** One optimizer of the race and its learning rate (null: the run's own). */
export interface RaceChoice {
  readonly optimizer: RaceOptimizerName;
  readonly lr: number | null;
}

/** The race when nobody chose: every optimizer at the run's learning rate. */
export const defaultRace: readonly RaceChoice[] = raceOptimizerNames.map((optimizer) => ({ optimizer, lr: null }));

/** How the form and legends name each optimizer. */
export const raceOptimizerLabels: Readonly<Record<RaceOptimizerName, string>> = { sgd: 'sgd', momentum: 'sgd + momentum 0.9', adam: 'adam', rmsprop: 'rmsprop' };
