import type { Dataset } from '../data';
import { classificationReport, type ClassificationReport } from '../inspect/classification-metrics';
import { lossScores, type LossName } from '../nn/losses';
import { imageShapeOf, isImageData } from './image-shape';
import { predictionEntropy } from './probe-statistics';
import type { PredictionExamples, PredictionsData, PredictionsFrame } from './panel-data';
import type { ScoresObserver } from './evaluate';
import type { TrainingRun } from './run';

/**
 * The Predictions tab's data for a classifier, recorded at the epochs the latent recorder keeps:
 * the validation split's confusion matrix, per-class precision/recall/F1, reliability bins, ECE and
 * mean prediction entropy (core/inspect/classification-metrics.ts on the whole split), and the
 * predicted class and its probability of a pool of validation examples whose inputs the panel draws
 * (the whole split when it fits `poolValues`, else its first examples).
 *
 * The probabilities come from the scores of the run's own validation pass at a recorded epoch
 * (at most 50 per run); a capture that pass did not cover (another epoch, a pass stopped halfway)
 * runs a forward pass of its own.
 */

export interface PredictionOptions {
  /** At most this many input values in the pool (pool size × sample size). */
  readonly poolValues?: number;
  /** At most this many pool examples. */
  readonly maxPool?: number;
  /** Rows per forward pass. */
  readonly chunk?: number;
}

/** The losses whose scores are class probabilities after a softmax (K scores) or a sigmoid (one). */
type ProbabilityKind = 'softmax' | 'sigmoid';

function probabilityKind(loss: LossName, width: number): ProbabilityKind | null {
  if ((loss === 'cross_entropy' || loss === 'nll') && width >= 2) return 'softmax';
  if (loss === 'binary_cross_entropy' && width === 1) return 'sigmoid';
  return null;
}

const round = (value: number): number => (value === 0 || !Number.isFinite(value) ? 0 : Number(value.toPrecision(4)));

/** True when the run trains a classifier this recorder can describe (validation split non-empty). */
export function recordsPredictions(run: TrainingRun): boolean {
  const { validation } = run.data;
  if (validation.targetKind !== 'classes' || validation.count === 0 || run.plan.target === 'input') return false;
  // A text model trained on every position (`targets: all`) scores one row per position (scoreRows).
  const positions = validation.positions ?? 1;
  const width = run.plan.model.output ? run.plan.model.output.reduce((a, b) => a * b, 1) / positions : 0;
  return probabilityKind(run.plan.loss.name, width) !== null && (width === validation.classCount || width === 1);
}

/** Probabilities (row-major, `classes` per row) from one batch's scores. */
export function scoresToProbabilities(kind: ProbabilityKind, scores: Float32Array, rows: number, out: Float64Array, offset: number): void {
  if (kind === 'sigmoid') {
    for (let r = 0; r < rows; r++) {
      const p = 1 / (1 + Math.exp(-scores[r]!));
      out[2 * (offset + r)] = 1 - p;
      out[2 * (offset + r) + 1] = p;
    }
    return;
  }
  const k = scores.length / rows;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, scores[r * k + j]!);
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(scores[r * k + j]! - max);
    for (let j = 0; j < k; j++) out[(offset + r) * k + j] = Math.exp(scores[r * k + j]! - max) / z;
  }
}

/** The validation split's class probabilities and mean prediction entropy. */
interface ValidationProbabilities {
  readonly probabilities: Float64Array;
  readonly classes: number;
  readonly entropy: number | null;
}

/** Turns the validation split's scores, chunk by chunk (in any order), into its probabilities and mean entropy. */
class ProbabilityCollector {
  readonly probabilities: Float64Array;
  readonly classes: number;
  private readonly validation: Extract<Dataset, { targetKind: 'classes' }>;
  private readonly positions: number;
  private entropySum = 0;
  private samplesSeen = 0;

  constructor(private readonly run: TrainingRun) {
    this.validation = run.data.validation as Extract<Dataset, { targetKind: 'classes' }>;
    this.classes = Math.max(2, this.validation.classCount);
    this.positions = this.validation.positions ?? 1;
    this.probabilities = new Float64Array(this.validation.count * this.positions * this.classes);
  }

  /** The scores of `samples` validation samples from `start` (a ScoresObserver). */
  readonly add = (start: number, samples: number, scores: Float32Array): void => {
    const { loss } = this.run.plan;
    const rows = samples * this.positions;
    const kind = probabilityKind(loss.name, scores.length / rows)!;
    scoresToProbabilities(kind, scores, rows, this.probabilities, start * this.positions);
    this.entropySum += (predictionEntropy(loss.name, scores, rows) ?? Number.NaN) * rows;
    this.samplesSeen += samples;
  };

  /** Whether every validation sample has been added. */
  complete(): boolean {
    return this.samplesSeen === this.validation.count;
  }

  result(): ValidationProbabilities {
    const rowsTotal = this.validation.count * this.positions;
    const entropy = rowsTotal === 0 || !Number.isFinite(this.entropySum) ? null : this.entropySum / rowsTotal;
    return { probabilities: this.probabilities, classes: this.classes, entropy };
  }
}

/** The validation split's class probabilities and mean prediction entropy under the current weights, from a forward pass of its own. */
export function validationProbabilities(run: TrainingRun, chunk = 256): ValidationProbabilities {
  const collector = new ProbabilityCollector(run);
  const validation = run.data.validation;
  const size = validation.sampleSize;
  for (let start = 0; start < validation.count; start += chunk) {
    const samples = Math.min(chunk, validation.count - start);
    run.forwardEval(validation.inputs.subarray(start * size, (start + samples) * size), samples, (result) => collector.add(start, samples, lossScores(run.plan.loss, result).data));
  }
  return collector.result();
}

/** How the panel draws an input: an image (channels × height × width), or a row of named values. */
function examplesOf(validation: Dataset, imageData: boolean, options: PredictionOptions): PredictionExamples {
  const size = validation.sampleSize;
  const pool = Math.min(validation.count, options.maxPool ?? 2000, Math.max(16, Math.floor((options.poolValues ?? 200_000) / size)));
  const positions = validation.targetKind === 'classes' ? (validation.positions ?? 1) : 1;
  // One label per row: per sample, or per position of a text sample (`targets: all`).
  const labels = validation.targetKind === 'classes' ? Array.from(validation.targets.subarray(0, pool * positions)) : [];
  const values = Array.from(validation.inputs.subarray(0, pool * size), round);
  const image = imageShapeOf(validation, imageData);
  if (image) return { kind: 'image', ...image, labels, values };
  const names = validation.tokens && validation.targetKind === 'classes' ? validation.classNames : validation.featureNames;
  return { kind: validation.tokens ? 'tokens' : 'row', size, labels, values, ...(positions > 1 ? { positions } : {}), ...(names ? { featureNames: names } : {}) };
}

/** A report as JSON-safe numbers (empty reliability bins have null accuracy and confidence). */
function frameOf(epoch: number, report: ClassificationReport, entropy: number | null, probabilities: Float64Array, pool: number): PredictionsFrame {
  const k = report.classes;
  const predicted: number[] = [];
  const confidence: number[] = [];
  for (let i = 0; i < pool; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    predicted.push(best);
    confidence.push(round(probabilities[i * k + best]!));
  }
  return {
    epoch,
    confusion: report.confusion.map((row) => [...row]),
    perClass: report.perClass.map((m) => ({ precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support })),
    accuracy: round(report.accuracy),
    macroF1: round(report.macroF1),
    reliability: report.reliability.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, accuracy: b.count === 0 ? null : round(b.accuracy), confidence: b.count === 0 ? null : round(b.confidence) })),
    expectedCalibrationError: round(report.expectedCalibrationError),
    entropy: entropy === null ? null : round(entropy),
    mistakes: report.confidentMistakes.map((m) => ({ ...m, confidence: round(m.confidence) })),
    predicted,
    confidence,
  };
}

/**
 * Records a classifier's validation predictions, one frame per captured epoch. Given the epochs it
 * will capture (`captured`), it reads those epochs' scores from the run's own validation pass
 * (`TrainingRun.watchValidation`): one forward pass over the validation split per epoch, not two.
 */
export class PredictionRecorder {
  private readonly frames: PredictionsFrame[] = [];
  private readonly examples: PredictionExamples;
  private readonly classes: number;
  /** The scores the run's validation pass handed over, by epoch (only the latest is kept). */
  private handed: { readonly epoch: number; readonly collector: ProbabilityCollector } | undefined;

  constructor(
    private readonly run: TrainingRun,
    private readonly options: PredictionOptions = {},
    captured?: (epoch: number) => boolean,
  ) {
    const validation = run.data.validation as Extract<Dataset, { targetKind: 'classes' }>;
    this.classes = Math.max(2, validation.classCount);
    this.examples = examplesOf(validation, isImageData(run.plan.data.name), options);
    if (captured) run.watchValidation((epoch) => (captured(epoch) ? this.collectFor(epoch) : undefined));
  }

  private collectFor(epoch: number): ScoresObserver {
    this.handed = { epoch, collector: new ProbabilityCollector(this.run) };
    return this.handed.collector.add;
  }

  /** The current weights' frame: from the epoch's validation pass when it handed over every score, else from a pass of its own. */
  capture(epoch: number): void {
    const handed = this.handed?.epoch === epoch && this.handed.collector.complete() ? this.handed.collector.result() : undefined;
    this.handed = undefined;
    const { probabilities, classes, entropy } = handed ?? validationProbabilities(this.run, this.options.chunk);
    const validation = this.run.data.validation as Extract<Dataset, { targetKind: 'classes' }>;
    const report = classificationReport({ probabilities, labels: validation.targets, classes });
    this.frames.push(frameOf(epoch, report, entropy, probabilities, this.examples.labels.length));
  }

  snapshot(): PredictionsData {
    const validation = this.run.data.validation as Extract<Dataset, { targetKind: 'classes' }>;
    return {
      classes: this.classes,
      ...(validation.classNames ? { classNames: validation.classNames } : {}),
      // Rows scored: samples, or samples × positions for a text model scored on every position.
      validationCount: validation.targets.length,
      examples: this.examples,
      frames: this.frames,
    };
  }
}
