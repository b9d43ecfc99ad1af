import { arrayOf, integerIn, isBoolean, isRecord, numberIn, oneOfValues, stringUpTo } from '../protocol/validate';
import { defaultRace, type RaceChoice } from '../core/train/race-choice';
import { isRaceChoices } from '../protocol/landscape-race';

/** The tabs, in order. */
export const tabIds = ['training', 'runs', 'gradients', 'latent', 'landscape', 'predictions', 'fit', 'sequence', 'sweep', 'policy', 'convolutions', 'manifold'] as const;
export type TabId = (typeof tabIds)[number];

/**
 * What the panel remembers across hide/show and reloads (VS Code's `setState`): the user's
 * choices, never the data (the host sends that again).
 */
export interface ViewState {
  readonly tab: TabId;
  readonly logScale: boolean;
  /** TensorBoard's smoothing weight, 0 (off) to 0.99. */
  readonly smoothing: number;
  /** Runs hidden from the Training overlay. */
  readonly hiddenRuns: readonly string[];
  readonly selectedRunId: string | null;
  /** The person picked an older run: keep showing it while new runs start. */
  readonly pinnedRun: boolean;
  /** The latent tab's layer, and the epoch its slider shows (null: the latest). */
  readonly latentLayer: string | null;
  readonly latentEpoch: number | null;
  /** The hidden layer whose units the input plane shows (null: the last hidden layer). */
  readonly unitsLayer: string | null;
  readonly showArrows: boolean;
  readonly showRace: boolean;
  /** The landscape's plane and grid size, for the panel's button and the palette command alike. */
  readonly landscapePlane: 'path' | 'random';
  readonly landscapeResolution: number;
  /** The optimizer race's optimizers and learning rates (null: the run's). */
  readonly raceChoices: readonly RaceChoice[];
  /** The 3-D surface's rotation (degrees). */
  readonly surfaceYaw: number;
  readonly surfacePitch: number;
  /** The last sweep whose tab the panel brought to the front: a panel that reloads does not do it again. */
  readonly revealedSweepId: string | null;
}

export const defaultViewState: ViewState = {
  tab: 'training',
  logScale: true,
  smoothing: 0.6,
  hiddenRuns: [],
  selectedRunId: null,
  pinnedRun: false,
  latentLayer: null,
  latentEpoch: null,
  unitsLayer: null,
  showArrows: true,
  showRace: true,
  landscapePlane: 'path',
  landscapeResolution: 31,
  raceChoices: defaultRace,
  surfaceYaw: 35,
  surfacePitch: 35,
  revealedSweepId: null,
};

const name = stringUpTo(1024);
const nullOr = (guard: (v: unknown) => boolean) => (v: unknown): boolean => v === null || guard(v);

/** One check per key, so a saved state from another version keeps every key that still reads. */
const keyChecks: { readonly [K in keyof ViewState]: (value: unknown) => boolean } = {
  tab: oneOfValues(...tabIds),
  logScale: isBoolean,
  smoothing: numberIn(0, 0.999),
  hiddenRuns: arrayOf(name, 1000),
  selectedRunId: nullOr(name),
  pinnedRun: isBoolean,
  latentLayer: nullOr(name),
  latentEpoch: nullOr(integerIn(0, 1e9)),
  unitsLayer: nullOr(name),
  showArrows: isBoolean,
  showRace: isBoolean,
  landscapePlane: oneOfValues('path', 'random'),
  landscapeResolution: integerIn(5, 101),
  raceChoices: isRaceChoices,
  surfaceYaw: numberIn(-3600, 3600),
  surfacePitch: numberIn(-90, 90),
  revealedSweepId: nullOr(name),
};

/** Restores a saved state; a key that is missing or unreadable (another version, junk) keeps its default. */
export function restoreViewState(saved: unknown): ViewState {
  const state: Record<string, unknown> = { ...defaultViewState };
  if (isRecord(saved)) {
    for (const [key, check] of Object.entries(keyChecks)) if (Object.hasOwn(saved, key) && check(saved[key])) state[key] = saved[key];
  }
  return state as unknown as ViewState;
}
