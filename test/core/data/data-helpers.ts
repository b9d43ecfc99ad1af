// Helpers for the data tests: the checker's description of a data-set call (so every loader can be
// compared with what the checker promises) and shared assertions on data sets.
import assert from 'node:assert/strict';
import { probeDataSet, type DataDescription } from '../../../core/analysis/data-probe';
import { findDataSet, type LossTarget } from '../../../core/analysis/catalog';
import type { ArgumentValue, BoundArguments } from '../../../core/analysis/catalog/types';
import type { Dataset } from '../../../core/data';
import type { DataResult } from '../../../core/data/result';

/** Arguments as the checker binds them: the written ones over the catalog's defaults. */
export function boundArguments(name: string, written: Record<string, ArgumentValue>): BoundArguments {
  const spec = findDataSet(name);
  assert.ok(spec, `no data set ${name}`);
  const values = new Map<string, ArgumentValue>();
  for (const argument of spec.args) if (argument.default !== undefined) values.set(argument.name, argument.default);
  for (const [key, value] of Object.entries(written)) values.set(key, value);
  return {
    get: (key) => values.get(key),
    number: (key) => values.get(key) as number,
    pair: (key) => values.get(key) as readonly [number, number],
    numbers: (key) => values.get(key) as readonly number[] | undefined,
    integers: (key) => values.get(key) as readonly number[],
    text: (key) => values.get(key) as string,
    flag: (key) => values.get(key) as boolean,
  };
}

/** What the checker says about a call; `files` maps paths (as written) to their bytes. */
export function probe(name: string, written: Record<string, ArgumentValue>, files: Record<string, Uint8Array> = {}, lossTarget?: LossTarget): DataDescription {
  const result = probeDataSet(name, boundArguments(name, written), {
    documentFolder: '',
    fileAccess: { readFile: (path) => (files[path] ? { kind: 'ok', bytes: files[path] } : { kind: 'missing' }) },
    ...(lossTarget ? { lossTarget } : {}),
  });
  assert.ok('description' in result, `the checker describes ${name}: ${JSON.stringify(result)}`);
  return result.description;
}

/** Asserts that a data set is what the checker promised: shape, target kind and size, count, tokens. */
export function assertMatchesProbe(dataset: Dataset, description: DataDescription): void {
  assert.deepEqual(dataset.sampleShape, description.sampleShape, 'sample shape');
  assert.equal(dataset.count, description.samples, 'sample count');
  assert.equal(dataset.tokens, description.tokens, 'tokens');
  if (description.target.kind === 'classes') {
    assert.equal(dataset.targetKind, 'classes');
    if (dataset.targetKind === 'classes') {
      assert.equal(dataset.classCount, description.target.count, 'class count');
      assert.equal(dataset.positions, description.target.positions, 'positions');
    }
  } else {
    assert.equal(dataset.targetKind, 'real');
    if (dataset.targetKind === 'real') assert.deepEqual(dataset.targetShape, description.target.shape, 'target shape');
  }
  assertConsistent(dataset);
}

/** Asserts the invariants of any data set: array lengths, finite inputs, targets in range. */
export function assertConsistent(dataset: Dataset): void {
  assert.equal(dataset.sampleSize, dataset.sampleShape.reduce((a, b) => a * b, 1));
  assert.equal(dataset.inputs.length, dataset.count * dataset.sampleSize);
  assert.ok(dataset.inputs.every(Number.isFinite), 'inputs are finite');
  if (dataset.targetKind === 'classes') {
    assert.ok(dataset.targets instanceof Int32Array);
    assert.equal(dataset.targets.length, dataset.count * (dataset.positions ?? 1));
    assert.ok(dataset.targets.every((t) => t >= 0 && t < dataset.classCount), 'class indices in range');
    if (dataset.classNames) assert.equal(dataset.classNames.length, dataset.classCount);
  } else {
    assert.ok(dataset.targets instanceof Float32Array);
    assert.equal(dataset.targets.length, dataset.count * dataset.targetSize);
    assert.ok(dataset.targets.every(Number.isFinite), 'targets are finite');
  }
}

/** The value of a successful result (fails the test otherwise). */
export function unwrap<T>(result: DataResult<T>): T {
  assert.ok(result.ok, result.ok ? '' : `unexpected data error: ${result.error.message}`);
  return result.value;
}

/** Samples per class. */
export function classHistogram(dataset: Dataset): number[] {
  assert.equal(dataset.targetKind, 'classes');
  const counts = new Array<number>(dataset.targetKind === 'classes' ? dataset.classCount : 0).fill(0);
  for (const t of dataset.targets) counts[t]!++;
  return counts;
}

/** The bytes of a data set's arrays, to compare runs bit for bit. */
export function dataBytes(dataset: Dataset): number[] {
  return [...new Uint8Array(dataset.inputs.buffer, dataset.inputs.byteOffset, dataset.inputs.byteLength), ...new Uint8Array(dataset.targets.buffer, dataset.targets.byteOffset, dataset.targets.byteLength)];
}
