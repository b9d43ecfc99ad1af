// Confusion matrix, precision/recall/F1 and calibration on ten examples counted by hand (the
// comments show the counting), plus properties that hold for any predictions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classificationReport } from '../../../core/inspect/classification-metrics';
import { scoresToProbabilities } from '../../../core/train/predictions';

// Top-class confidences avoid bin edges (0.7, 0.8, …), where float rounding would decide the bin.
const rows: Array<[number[], number]> = [
  [[0.72, 0.18, 0.1], 0], // 0: predicts 0 (0.72) right
  [[0.08, 0.84, 0.08], 1], // 1: predicts 1 (0.84) right
  [[0.22, 0.23, 0.55], 2], // 2: predicts 2 (0.55) right
  [[0.63, 0.27, 0.1], 1], //  3: predicts 0 (0.63) WRONG
  [[0.06, 0.08, 0.86], 0], // 4: predicts 2 (0.86) WRONG
  [[0.31, 0.61, 0.08], 1], // 5: predicts 1 (0.61) right
  [[0.03, 0.02, 0.95], 2], // 6: predicts 2 (0.95) right
  [[0.92, 0.04, 0.04], 0], // 7: predicts 0 (0.92) right
  [[0.18, 0.74, 0.08], 2], // 8: predicts 1 (0.74) WRONG
  [[0.41, 0.35, 0.24], 0], // 9: predicts 0 (0.41) right
];
const report = classificationReport({
  probabilities: Float64Array.from(rows.flatMap(([p]) => p)),
  labels: rows.map(([, label]) => label),
  classes: 3,
});

test('the confusion matrix counts true class × predicted class', () => {
  // true 0: examples 0, 4, 7, 9 → predicted 0, 2, 0, 0; true 1: 1, 3, 5 → 1, 0, 1; true 2: 2, 6, 8 → 2, 2, 1.
  assert.deepEqual(report.confusion, [[3, 0, 1], [1, 2, 0], [0, 1, 2]]);
  assert.equal(report.accuracy, 0.7);
});

test('precision, recall and F1 per class and their macro mean', () => {
  // class 0: 3 right of 4 predicted as 0 and of 4 true 0s; classes 1 and 2: 2 of 3 and 2 of 3.
  const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
  const expected = [[0.75, 0.75, 0.75, 4], [2 / 3, 2 / 3, 2 / 3, 3], [2 / 3, 2 / 3, 2 / 3, 3]];
  report.perClass.forEach((m, c) => {
    const [p, r, f, support] = expected[c]!;
    close(m.precision, p!); close(m.recall, r!); close(m.f1, f!);
    assert.equal(m.support, support);
  });
  close(report.macroF1, (0.75 + 2 / 3 + 2 / 3) / 3);
});

test('the reliability bins and the expected calibration error', () => {
  // (0.4,0.5]: 0.41 ✓ → |1 − 0.41|·1/10 = 0.059; (0.5,0.6]: 0.55 ✓ → 0.045; (0.6,0.7]: 0.63 ✗ 0.61 ✓ →
  // |0.5 − 0.62|·2/10 = 0.024; (0.7,0.8]: 0.72 ✓ 0.74 ✗ → |0.5 − 0.73|·0.2 = 0.046; (0.8,0.9]:
  // 0.84 ✓ 0.86 ✗ → 0.35·0.2 = 0.07; (0.9,1]: 0.95 ✓ 0.92 ✓ → 0.065·0.2 = 0.013. Sum 0.257.
  assert.deepEqual(report.reliability.map((b) => b.count), [0, 0, 0, 0, 1, 1, 2, 2, 2, 2]);
  assert.ok(Math.abs(report.expectedCalibrationError - 0.257) < 1e-12, String(report.expectedCalibrationError));
  assert.ok(Math.abs(report.reliability[7]!.confidence - 0.73) < 1e-12);
  assert.ok(Number.isNaN(report.reliability[0]!.accuracy), 'an empty bin has no accuracy');
});

test('the most confidently wrong examples come first', () => {
  assert.deepEqual(report.confidentMistakes.map((m) => [m.index, m.label, m.predicted, m.confidence]), [[4, 0, 2, 0.86], [8, 2, 1, 0.74], [3, 1, 0, 0.63]]);
});

test('a sigmoid output is read as two classes', () => {
  // Logits of P(1) = 0.9, 0.2, 0.6, turned into two-class rows as the Predictions recorder does.
  const probabilities = new Float64Array(6);
  scoresToProbabilities('sigmoid', Float32Array.of(Math.log(9), Math.log(0.25), Math.log(1.5)), 3, probabilities, 0);
  const binary = classificationReport({ probabilities, labels: [1, 0, 0], classes: 2 });
  assert.deepEqual(binary.confusion, [[1, 1], [0, 1]]);
  assert.equal(binary.perClass[1]!.precision, 0.5);
});

test('for any predictions: counts add up, accuracy is the diagonal, ECE is in [0, 1]', () => {
  const sample = fc.integer({ min: 2, max: 5 }).chain((classes) =>
    fc.array(fc.tuple(fc.array(fc.float({ min: Math.fround(0.01), max: 1, noNaN: true }), { minLength: classes, maxLength: classes }), fc.integer({ min: 0, max: classes - 1 })), { minLength: 1, maxLength: 40 })
      .map((items) => ({ classes, items })),
  );
  fc.assert(fc.property(sample, ({ classes, items }) => {
    const probabilities = Float64Array.from(items.flatMap(([weights]) => { const sum = weights.reduce((a, b) => a + b, 0); return weights.map((w) => w / sum); }));
    const r = classificationReport({ probabilities, labels: items.map(([, l]) => l), classes });
    const total = r.confusion.flat().reduce((a, b) => a + b, 0);
    const diagonal = r.confusion.reduce((a, row, c) => a + row[c]!, 0);
    return total === items.length && Math.abs(r.accuracy - diagonal / items.length) < 1e-12
      && r.expectedCalibrationError >= 0 && r.expectedCalibrationError <= 1 + 1e-12
      && r.reliability.reduce((a, b) => a + b.count, 0) === items.length
      && r.confidentMistakes.length === Math.min(24, items.length - diagonal);
  }));
});
