/**
 * What a classifier gets right and wrong on a labelled set, from its predicted class
 * probabilities: the confusion matrix, per-class precision, recall and F1, calibration (the
 * reliability diagram's bins and the expected calibration error), and the examples it is most
 * confidently wrong about. Definitions are the standard ones (scikit-learn's
 * `precision_recall_fscore_support` with zero_division=0; ECE as Guo et al. 2017, equal-width bins
 * over the top-class confidence).
 */

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many examples truly belong to the class. */
  readonly support: number;
}

export interface ReliabilityBin {
  /** The bin covers confidences in (lower, upper]; the first also includes 0. */
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Share of the bin's predictions that are right; NaN for an empty bin. */
  readonly accuracy: number;
  /** Mean top-class probability in the bin; NaN for an empty bin. */
  readonly confidence: number;
}

export interface ConfidentMistake {
  /** The example's index in the set. */
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** The probability given to the predicted class. */
  readonly confidence: number;
}

export interface ClassificationReport {
  readonly classes: number;
  readonly count: number;
  /** `confusion[label][predicted]` counts, row = true class. */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly ClassMetrics[];
  readonly accuracy: number;
  /** Unweighted mean over classes (scikit-learn's `average='macro'`). */
  readonly macroF1: number;
  readonly reliability: readonly ReliabilityBin[];
  /** Σ_bins |bin| / n · |accuracy(bin) − confidence(bin)|. */
  readonly expectedCalibrationError: number;
  /** Wrong predictions, most confident first. */
  readonly confidentMistakes: readonly ConfidentMistake[];
}

export interface ClassificationInput {
  /** Row-major `count × classes` probabilities (each row sums to 1). */
  readonly probabilities: Float32Array | Float64Array;
  readonly labels: ArrayLike<number>;
  readonly classes: number;
  readonly bins?: number;
  /** How many confident mistakes to keep. */
  readonly mistakes?: number;
}

/** The index of the largest probability of row `i` (the first on ties, as argmax does). */
function argmax(probabilities: ArrayLike<number>, i: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (probabilities[i * classes + c]! > probabilities[i * classes + best]!) best = c;
  return best;
}

export function classificationReport(input: ClassificationInput): ClassificationReport {
  const { probabilities, labels, classes } = input;
  const count = labels.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predicted = new Int32Array(count);
  const confidence = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const p = argmax(probabilities, i, classes);
    predicted[i] = p;
    confidence[i] = probabilities[i * classes + p]!;
    confusion[labels[i]!]![p]!++;
  }
  const perClass = confusion.map((_, c) => classMetrics(confusion, c));
  const correct = confusion.reduce((sum, row, c) => sum + row[c]!, 0);
  const reliability = reliabilityBins(predicted, confidence, labels, input.bins ?? 10);
  return {
    classes,
    count,
    confusion,
    perClass,
    accuracy: count === 0 ? Number.NaN : correct / count,
    macroF1: perClass.reduce((sum, m) => sum + m.f1, 0) / classes,
    reliability,
    expectedCalibrationError: count === 0 ? Number.NaN : reliability.reduce((sum, b) => (b.count === 0 ? sum : sum + (b.count / count) * Math.abs(b.accuracy - b.confidence)), 0),
    confidentMistakes: confidentMistakes(predicted, confidence, labels, input.mistakes ?? 24),
  };
}

/** Precision, recall and F1 of class `c`; 0 where a ratio has a zero denominator (zero_division=0). */
function classMetrics(confusion: readonly (readonly number[])[], c: number): ClassMetrics {
  const truePositives = confusion[c]![c]!;
  const support = confusion[c]!.reduce((sum, n) => sum + n, 0);
  const predictedAsC = confusion.reduce((sum, row) => sum + row[c]!, 0);
  const precision = predictedAsC === 0 ? 0 : truePositives / predictedAsC;
  const recall = support === 0 ? 0 : truePositives / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support };
}

function reliabilityBins(predicted: Int32Array, confidence: Float64Array, labels: ArrayLike<number>, bins: number): ReliabilityBin[] {
  const counts = new Float64Array(bins);
  const right = new Float64Array(bins);
  const confidenceSums = new Float64Array(bins);
  for (let i = 0; i < predicted.length; i++) {
    // (lower, upper] bins: a confidence of exactly k/bins belongs to bin k − 1.
    const bin = Math.min(bins - 1, Math.max(0, Math.ceil(confidence[i]! * bins) - 1));
    counts[bin]!++;
    if (predicted[i] === labels[i]) right[bin]!++;
    confidenceSums[bin]! += confidence[i]!;
  }
  return Array.from(counts, (n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    accuracy: n === 0 ? Number.NaN : right[b]! / n,
    confidence: n === 0 ? Number.NaN : confidenceSums[b]! / n,
  }));
}

function confidentMistakes(predicted: Int32Array, confidence: Float64Array, labels: ArrayLike<number>, keep: number): ConfidentMistake[] {
  const mistakes: ConfidentMistake[] = [];
  for (let i = 0; i < predicted.length; i++) {
    if (predicted[i] !== labels[i]) mistakes.push({ index: i, label: labels[i]!, predicted: predicted[i]!, confidence: confidence[i]! });
  }
  // Most confident first; the earlier example first on ties, so the list is stable.
  return mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index).slice(0, keep);
}
