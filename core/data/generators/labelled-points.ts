import type { ClassDataset } from '../dataset';

/** Splits `total` samples over `classes` as evenly as possible; the first (total mod classes) classes get one more. */
export function classCounts(total: number, classes: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`a data set needs a whole number of points; got ${total}`);
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`a data set needs at least one class; got ${classes}`);
  const base = Math.floor(total / classes);
  return Array.from({ length: classes }, (_, k) => base + (k < total % classes ? 1 : 0));
}

/** Collects 2-D points with class labels into the flat arrays of a ClassDataset. */
export class LabelledPoints {
  private readonly inputs: Float32Array;
  private readonly targets: Int32Array;
  private length = 0;

  constructor(private readonly total: number) {
    this.inputs = new Float32Array(total * 2);
    this.targets = new Int32Array(total);
  }

  /** Appends one point (rounded to float32) and its class. */
  add(x: number, y: number, label: number): void {
    this.inputs[this.length * 2] = x;
    this.inputs[this.length * 2 + 1] = y;
    this.targets[this.length] = label;
    this.length++;
  }

  /** The finished data set; every point must have been added. */
  dataset(classCount: number): ClassDataset {
    if (this.length !== this.total) throw new Error(`generator produced ${this.length} of ${this.total} points`);
    return { count: this.total, inputs: this.inputs, sampleShape: [2], sampleSize: 2, tokens: false, targetKind: 'classes', targets: this.targets, classCount };
  }
}
