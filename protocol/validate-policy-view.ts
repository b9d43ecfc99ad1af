import type { BanditView, CartPoleView, GradientVariance, GridView, PolicyView } from '../core/train/events';
import type { PolicyRecord, Replay } from './policy-record';
import { anyOf, arrayOf, integerIn, isCount, isFiniteNumber, isNumberArray, isString, literal, nullable, objectOf, refine, sameLength, type Guard, type Guarded, type SameShape } from './validate';

/** Guards for a policy run's episode extras (core/train/events.ts): the gradient spread and the environment views. */

const number = isFiniteNumber;
/** Views are small: a grid of 25 cells, 10 arms, a 500-step episode (501 positions). */
const maxItems = 10_000;

export const isGradientVariance = objectOf({ none: number, baseline: number, meanNone: number, meanBaseline: number });

const isGridView = objectOf({
  kind: literal('gridworld'),
  layout: arrayOf(isString, 64),
  probabilities: arrayOf(nullable(isNumberArray), maxItems),
  values: nullable(arrayOf(nullable(number), maxItems)),
});

const isBanditView = objectOf({
  kind: literal('bandit'),
  trueValues: arrayOf(number, maxItems),
  estimates: arrayOf(nullable(number), maxItems),
  pulls: arrayOf(isCount, maxItems),
  probabilities: arrayOf(number, maxItems),
});

const isCartPoleView = objectOf({ kind: literal('cartpole'), x: arrayOf(number, maxItems), theta: arrayOf(number, maxItems) });

export const isPolicyView: Guard<PolicyView> = anyOf(isGridView, isBanditView, isCartPoleView);

// Compile-time: each guard proves exactly its interface.
const _variance: SameShape<Guarded<typeof isGradientVariance>, GradientVariance> = true;
const _grid: SameShape<Guarded<typeof isGridView>, GridView> = true;
const _bandit: SameShape<Guarded<typeof isBanditView>, BanditView> = true;
const _cartpole: SameShape<Guarded<typeof isCartPoleView>, CartPoleView> = true;
void [_variance, _grid, _bandit, _cartpole];

const isReplay = objectOf({ episode: integerIn(1, Number.MAX_SAFE_INTEGER), return: number, view: isCartPoleView });

/** A run record's `policy` (protocol/policy-record.ts): the gradient-spread columns hold one entry per measured episode. */
export const isPolicyRecord = refine(
  objectOf({
    episode: isNumberArray,
    varianceNone: isNumberArray,
    varianceBaseline: isNumberArray,
    meanNone: isNumberArray,
    meanBaseline: isNumberArray,
    valueLoss: isNumberArray,
    view: nullable(anyOf(isGridView, isBanditView)),
    best: nullable(isReplay),
    replays: arrayOf(isReplay, 1000),
  }),
  sameLength('episode', 'varianceNone', 'varianceBaseline', 'meanNone', 'meanBaseline'),
);

const _replay: SameShape<Guarded<typeof isReplay>, Replay> = true;
const _record: SameShape<Guarded<typeof isPolicyRecord>, PolicyRecord> = true;
void [_replay, _record];
