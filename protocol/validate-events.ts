import { diagnosticCodes, type DiagnosticCode } from '../core/common/codes';
import type { TextRange } from '../core/common/range';
import { maxRunSettings, maxSettingKey, maxSettingValue, type ControlEvent, type DoneEvent, type EpisodeEvent, type EpochEvent, type FailedEvent, type HealthEvent, type HealthFinding, type StartEvent, type StepEvent, type TrainEvent } from '../core/train/events';
import { isGradientVariance, isPolicyView } from './validate-policy-view';
import { arrayOf, byType, integerIn, isBoolean, isCount as count, isFiniteNumber, isNumberArray, isString, literal, nullable, objectOf, oneOfValues, refine, stringUpTo, type Guard, type Guarded, type SameShape } from './validate';

/**
 * Guards for the training events of core/train/events.ts, for data that crossed a boundary (a
 * message, a report's embedded JSON). Each guard is checked against its interface at compile
 * time, so a change to an event that is not made here too fails the type check.
 */

const maxOffset = 2 ** 31 - 1;

export const isDiagnosticCode: Guard<DiagnosticCode> = (value): value is DiagnosticCode => typeof value === 'string' && Object.hasOwn(diagnosticCodes, value);

/** A source range: integer UTF-16 offsets with start ≤ end. */
export const isTextRange: Guard<TextRange> = refine(objectOf({ start: integerIn(0, maxOffset), end: integerIn(0, maxOffset) }), (r) => r.start <= r.end);

const number = isFiniteNumber;
const numberOrNull = nullable(isFiniteNumber);

export const isHealthFinding = objectOf(
  { code: isDiagnosticCode, severity: oneOfValues('error', 'warning'), message: isString, range: isTextRange },
  { layer: isString },
);

const isStartEvent = objectOf({
  type: literal('start'),
  model: isString,
  train: nullable(isString),
  trainableParams: count,
  nonTrainableParams: count,
  trainSamples: count,
  validationSamples: count,
  epochs: count,
  stepsPerEpoch: count,
  batchSize: count,
  seed: isFiniteNumber,
  initialLoss: numberOrNull,
  expectedInitialLoss: numberOrNull,
  layers: arrayOf(isString),
}, {
  policy: objectOf({ env: isString, observationShape: arrayOf(count), actions: count, episodes: count, solvedReturn: numberOrNull }),
  kernels: oneOfValues('fma', 'simd', 'reference'),
  threads: integerIn(1, 1024),
  settings: arrayOf(objectOf({ key: stringUpTo(maxSettingKey), value: stringUpTo(maxSettingValue) }), maxRunSettings),
});

const isEpisodeEvent = objectOf({ type: literal('episode'), episode: count, return: number, length: count, loss: number, entropy: number }, { valueLoss: number, variance: isGradientVariance, view: isPolicyView });
/** A VAE loss's two terms. */
const isLossTerms = objectOf({ reconstruction: number, kl: number });

const isStepEvent = objectOf({
  type: literal('step'),
  epoch: count,
  step: count,
  loss: number,
  lr: number,
  layers: arrayOf(objectOf({ layer: isString, gradNorm: number, weightNorm: number, updateRatio: number })),
}, { terms: isLossTerms });

const isEpochEvent = objectOf({
  type: literal('epoch'),
  epoch: count,
  epochs: count,
  step: count,
  loss: number,
  accuracy: numberOrNull,
  valLoss: numberOrNull,
  valAccuracy: numberOrNull,
  lr: number,
  predictionEntropy: numberOrNull,
  activations: arrayOf(
    objectOf({ layer: isString, activation: isString, mean: number, std: number, deadFraction: numberOrNull, saturatedFraction: numberOrNull }),
  ),
  gradients: arrayOf(objectOf({ layer: isString, percentiles: isNumberArray })),
  updateRatios: arrayOf(objectOf({ layer: isString, median: number })),
}, { terms: isLossTerms, valTerms: isLossTerms });

const isHealthEvent = objectOf({ type: literal('health'), epoch: count, findings: arrayOf(isHealthFinding) });

const isDoneEvent = objectOf({
  type: literal('done'),
  epochs: count,
  steps: count,
  loss: number,
  accuracy: numberOrNull,
  valLoss: numberOrNull,
  valAccuracy: numberOrNull,
  findings: arrayOf(isHealthFinding),
}, { stoppedEarly: isBoolean, bestEpoch: count, episodes: count, meanReturn: number, solvedAt: nullable(count) });

const isFailedEvent = objectOf({ type: literal('failed'), code: isDiagnosticCode, message: isString, epoch: count, step: count, findings: arrayOf(isHealthFinding) });

const isControlEvent = objectOf({ type: literal('control'), action: oneOfValues('set-lr', 'pause', 'resume', 'checkpoint'), step: count, epoch: count }, { lr: refine(isFiniteNumber, (lr) => lr > 0) });

/** Any training event. */
export const isTrainEvent: Guard<TrainEvent> = byType({
  start: isStartEvent,
  step: isStepEvent,
  epoch: isEpochEvent,
  episode: isEpisodeEvent,
  health: isHealthEvent,
  done: isDoneEvent,
  failed: isFailedEvent,
  control: isControlEvent,
});

export { isControlEvent, isDoneEvent, isEpisodeEvent, isEpochEvent, isFailedEvent, isStartEvent };

// Compile-time: each guard proves exactly its interface.
const _finding: SameShape<Guarded<typeof isHealthFinding>, HealthFinding> = true;
const _start: SameShape<Guarded<typeof isStartEvent>, StartEvent> = true;
const _step: SameShape<Guarded<typeof isStepEvent>, StepEvent> = true;
const _epoch: SameShape<Guarded<typeof isEpochEvent>, EpochEvent> = true;
const _episode: SameShape<Guarded<typeof isEpisodeEvent>, EpisodeEvent> = true;
const _health: SameShape<Guarded<typeof isHealthEvent>, HealthEvent> = true;
const _done: SameShape<Guarded<typeof isDoneEvent>, DoneEvent> = true;
const _failed: SameShape<Guarded<typeof isFailedEvent>, FailedEvent> = true;
const _control: SameShape<Guarded<typeof isControlEvent>, ControlEvent> = true;
void [_control, _finding, _start, _step, _epoch, _episode, _health, _done, _failed];
