import { raceOptimizerNames, type RaceChoice } from '../core/train/race-choice';

export type { RaceChoice } from '../core/train/race-choice';

/** The most optimizers one race may train (each retrains the model). */
export const maxRaceChoices = raceOptimizerNames.length;

/** True for a race the panel or host may ask for: known optimizers, each at most once, rates finite and positive (or null: the run's). */
export function isRaceChoices(value: unknown): value is readonly RaceChoice[] {
  if (!Array.isArray(value) || value.length > maxRaceChoices) return false;
  const seen = new Set<unknown>();
  return value.every((choice: unknown) => {
    if (typeof choice !== 'object' || choice === null) return false;
    const { optimizer, lr } = choice as Record<string, unknown>;
    if (!(raceOptimizerNames as readonly unknown[]).includes(optimizer) || seen.has(optimizer)) return false;
    seen.add(optimizer);
    return lr === null || (typeof lr === 'number' && Number.isFinite(lr) && lr > 0 && lr <= 10);
  });
}
