import { isPolicyRecord } from './validate-policy-view';
import type { FitData, FitFrame, PredictionExamples, PredictionsData, PredictionsFrame } from '../core/train/panel-data';
import type { InputPlane, InputPlaneFrame, LayerProjection, LandscapeData, LandscapePath, LatentData, LatentFrame, RecordedFinding, RunRecord, RunSource, RunSweepTag, StepSeries } from './run-record';
import { runRecordVersion } from './run-record';
import { isSequenceData } from './validate-sequence';
import { isConvolutionsData, isGridAxes, isManifoldData } from './validate-image-data';
import { isControlEvent, isDoneEvent, isEpochEvent, isFailedEvent, isHealthFinding, isStartEvent } from './validate-events';
import {
  anyOf,
  arrayOf,
  integerIn,
  isBoolean,
  isCount as count,
  isEven as even,
  isExplainedVariance,
  isFiniteNumber,
  isNumberArray,
  isShare as share,
  isString,
  literal,
  nullable,
  objectOf,
  oneOfValues,
  refine,
  sameLength,
  stringUpTo,
  type Guard,
  type Guarded,
  type SameShape,
} from './validate';

/**
 * Guards for a `RunRecord` and its parts, for records that crossed a boundary (a `state` message,
 * the JSON a report embeds). Besides types they check what the panels index by: grids hold
 * nx·ny values, point lists 2n values, per-sample lists n values, columns one value per step.
 */

const numberOrNullArray: Guard<readonly (number | null)[]> = arrayOf(nullable(isFiniteNumber));


const isRunSource = objectOf({ path: isString, lineStarts: arrayOf(count) });

const isLayerStepSeries = objectOf({ layer: isString, gradNorm: isNumberArray, weightNorm: isNumberArray, updateRatio: isNumberArray });
const isStepSeries = refine(
  objectOf({ step: isNumberArray, epoch: isNumberArray, loss: isNumberArray, lr: isNumberArray, layers: arrayOf(isLayerStepSeries) }),
  (s) => sameLength('step', 'epoch', 'loss', 'lr')(s) && s.layers.every((l) => sameLength('gradNorm', 'weightNorm', 'updateRatio')(l) && l.gradNorm.length === s.step.length),
);

const isRecordedFinding = objectOf({ finding: isHealthFinding, firstEpoch: count, lastEpoch: count, active: isBoolean });

const isClassTargets = objectOf(
  { kind: literal('classes'), classes: integerIn(1, 100_000), labels: arrayOf(count) },
  { classNames: arrayOf(isString) },
);
const isValueTargets = objectOf({ kind: literal('values'), values: isNumberArray });
const isProbeTargets = anyOf(isClassTargets, isValueTargets);

const isDecisionGrid = anyOf(
  refine(objectOf({ kind: literal('classes'), predicted: arrayOf(count), confidence: isNumberArray }), (d) => d.predicted.length === d.confidence.length),
  objectOf({ kind: literal('values'), values: isNumberArray }),
);
const isNeuronGrid = objectOf({ layer: isString, unit: count, values: isNumberArray });
const isLatentFrame = refine(objectOf({ epoch: count, points: isNumberArray, explainedVariance: isExplainedVariance }), (f) => even(f.points));
const isLayerProjection = objectOf({ layer: isString, frames: arrayOf(isLatentFrame) });
const isInputPlaneFrame = objectOf({ epoch: count, decision: isDecisionGrid, neurons: arrayOf(isNeuronGrid) });
const isInputPlane = refine(
  objectOf({ axes: isGridAxes, points: isNumberArray, xLabel: isString, yLabel: isString, frames: arrayOf(isInputPlaneFrame) }),
  (p) => {
    const cells = p.axes.nx * p.axes.ny;
    const gridsFit = p.frames.every((f) => (f.decision.kind === 'classes' ? f.decision.predicted : f.decision.values).length === cells && f.neurons.every((n) => n.values.length === cells));
    return even(p.points) && gridsFit;
  },
);

const isImageExamples = objectOf({ kind: literal('image'), channels: integerIn(1, 4096), height: integerIn(1, 4096), width: integerIn(1, 4096), labels: arrayOf(count), values: isNumberArray });
const isRowExamples = objectOf({ kind: oneOfValues('row', 'tokens'), size: integerIn(1, 1 << 24), labels: arrayOf(count), values: isNumberArray }, { positions: integerIn(1, 1 << 20), featureNames: arrayOf(isString) });
/** Examples whose values hold one sample per label (per `positions` labels for a text model scored on every position). */
const isPredictionExamples: Guard<PredictionExamples> = refine(anyOf(isImageExamples, isRowExamples), (e) => {
  const positions = e.kind === 'image' ? 1 : (e.positions ?? 1);
  return e.labels.length % positions === 0 && e.values.length === (e.labels.length / positions) * (e.kind === 'image' ? e.channels * e.height * e.width : e.size);
});
const isClassScores = objectOf({ precision: share, recall: share, f1: share, support: count });
const isReliabilityBin = objectOf({ lower: share, upper: share, count, accuracy: nullable(share), confidence: nullable(share) });
const isMistake = objectOf({ index: count, label: count, predicted: count, confidence: share });
const isPredictionsFrame = objectOf({
  epoch: count,
  confusion: arrayOf(arrayOf(count)),
  perClass: arrayOf(isClassScores),
  accuracy: share,
  macroF1: share,
  reliability: arrayOf(isReliabilityBin),
  expectedCalibrationError: share,
  entropy: nullable(isFiniteNumber),
  mistakes: arrayOf(isMistake),
  predicted: arrayOf(count),
  confidence: isNumberArray,
});
/** Predictions whose matrices are classes × classes and whose pool predictions match the pool. */
export const isPredictionsData: Guard<PredictionsData> = refine(
  objectOf({ classes: integerIn(2, 100_000), validationCount: count, examples: isPredictionExamples, frames: arrayOf(isPredictionsFrame) }, { classNames: arrayOf(isString) }),
  (p) => {
    const pool = p.examples.labels.length;
    const fits = (f: PredictionsFrame): boolean =>
      f.confusion.length === p.classes && f.confusion.every((row) => row.length === p.classes && row.every((n) => n <= p.validationCount)) && f.perClass.length === p.classes && f.predicted.length === pool && f.confidence.length === pool && f.predicted.every((c) => c < p.classes);
    return pool <= p.validationCount && p.examples.labels.every((c) => c < p.classes) && p.frames.every(fits);
  },
);

const isFitFrame = objectOf({ epoch: count, curve: isNumberArray, bias: nullable(isFiniteNumber), units: arrayOf(isNumberArray) });
/** Fit data whose curves, targets and unit contributions hold one value per x. */
export const isFitData: Guard<FitData> = refine(
  objectOf({ xs: isNumberArray, expression: nullable(isString), target: nullable(isNumberArray), points: isNumberArray, layer: nullable(isString), frames: arrayOf(isFitFrame) }),
  (f) => {
    const n = f.xs.length;
    return n >= 2 && even(f.points) && (f.target === null || f.target.length === n) && f.frames.every((frame) => frame.curve.length === n && frame.units.every((u) => u.length === n));
  },
);

/** Latent-space data whose grids and point lists have consistent sizes. */
export const isLatentData: Guard<LatentData> = refine(
  objectOf({ layers: arrayOf(isString), targets: isProbeTargets, projections: arrayOf(isLayerProjection), inputPlane: nullable(isInputPlane) }, { predictions: isPredictionsData, fit: isFitData, sequence: isSequenceData, convolutions: isConvolutionsData, manifold: isManifoldData }),
  (latent) => {
    const samples = latent.targets.kind === 'classes' ? latent.targets.labels.length : latent.targets.values.length;
    if (latent.inputPlane && latent.inputPlane.points.length !== 2 * samples) return false;
    return latent.projections.every((p) => p.frames.every((frame) => frame.points.length === 2 * samples));
  },
);

const isLandscapePath = refine(
  objectOf({ name: isString, points: isNumberArray, offPlane: isNumberArray, epochs: arrayOf(count) }),
  (p) => even(p.points) && p.offPlane.length === p.points.length / 2 && p.epochs.length === p.points.length / 2,
);
const isArrows = refine(objectOf({ positions: isNumberArray, vectors: isNumberArray }), (a) => even(a.positions) && a.positions.length === a.vectors.length);
const isInterpolation = refine(objectOf({ alphas: isNumberArray, loss: numberOrNullArray }), (i) => i.alphas.length === i.loss.length);

/** Loss-landscape data whose grid holds nx·ny values. */
export const isLandscapeData: Guard<LandscapeData> = refine(
  objectOf({
    plane: oneOfValues('random', 'path'),
    explainedVariance: nullable(isExplainedVariance),
    axes: isGridAxes,
    loss: numberOrNullArray,
    arrows: nullable(isArrows),
    paths: arrayOf(isLandscapePath),
    interpolation: nullable(isInterpolation),
  }),
  (l) => l.loss.length === l.axes.nx * l.axes.ny,
);

/** A sweep run's tag (its sweep and row). */
export const isRunSweepTag = objectOf({ sweepId: stringUpTo(256), index: integerIn(0, 1000) });

/** A whole run record. */
export const isRunRecord: Guard<RunRecord> = objectOf({
  version: literal(runRecordVersion),
  runId: isString,
  label: isString,
  source: nullable(isRunSource),
  startedAt: nullable(isString),
  start: nullable(isStartEvent),
  steps: isStepSeries,
  epochs: arrayOf(isEpochEvent),
  findings: arrayOf(isRecordedFinding),
  end: nullable(anyOf(isDoneEvent, isFailedEvent)),
  latent: nullable(isLatentData),
  landscape: nullable(isLandscapeData),
}, {
  controls: arrayOf(isControlEvent),
  policy: isPolicyRecord,
  sweep: isRunSweepTag,
  episodes: refine(objectOf({ return: isNumberArray, length: isNumberArray, loss: isNumberArray, entropy: isNumberArray }), sameLength('return', 'length', 'loss', 'entropy')),
});

// Compile-time: each guard proves exactly its interface.
const _source: SameShape<Guarded<typeof isRunSource>, RunSource> = true;
const _steps: SameShape<Guarded<typeof isStepSeries>, StepSeries> = true;
const _finding: SameShape<Guarded<typeof isRecordedFinding>, RecordedFinding> = true;
const _frame: SameShape<Guarded<typeof isLatentFrame>, LatentFrame> = true;
const _plane: SameShape<Guarded<typeof isInputPlane>, InputPlane> = true;
const _planeFrame: SameShape<Guarded<typeof isInputPlaneFrame>, InputPlaneFrame> = true;
const _projection: SameShape<Guarded<typeof isLayerProjection>, LayerProjection> = true;
const _path: SameShape<Guarded<typeof isLandscapePath>, LandscapePath> = true;
const _tag: SameShape<Guarded<typeof isRunSweepTag>, RunSweepTag> = true;
const _record: SameShape<Guarded<typeof isRunRecord>, RunRecord> = true;
const _predictions: SameShape<Guarded<typeof isPredictionsData>, PredictionsData> = true;
const _predictionsFrame: SameShape<Guarded<typeof isPredictionsFrame>, PredictionsFrame> = true;
const _fit: SameShape<Guarded<typeof isFitData>, FitData> = true;
const _fitFrame: SameShape<Guarded<typeof isFitFrame>, FitFrame> = true;
void [_tag, _source, _steps, _finding, _frame, _plane, _planeFrame, _projection, _path, _record, _predictions, _predictionsFrame, _fit, _fitFrame];
