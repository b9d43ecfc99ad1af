import assert from 'node:assert/strict';
import { backward, mul, noGrad, sum, tensor, type Tensor } from '../../../../core/tensor';
import { randomValues, TestRandom, type InputKind } from './random';
import { array64, type Array64 } from './reference';

/** One input of a checked operation. */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly kind?: InputKind;
  /** Whether the input requires a gradient (and is checked); default true. */
  readonly grad?: boolean;
}

/** An operation under test: the engine's float32 forward and a float64 reference of the same function. */
export interface OpCheck {
  readonly inputs: readonly InputSpec[];
  readonly run: (inputs: Tensor[]) => Tensor;
  readonly reference: (inputs: Array64[]) => Array64;
  /** Absolute forward tolerance relative to the output's largest magnitude (default 1e-5). */
  readonly forwardTolerance?: number;
}

function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative: number, absolute: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!);
    if (!(error <= relative * Math.abs(expected[i]!) + absolute)) {
      assert.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (error ${error.toExponential(2)}, allowed ${(relative * Math.abs(expected[i]!) + absolute).toExponential(2)})`);
    }
  }
}

/**
 * Checks one operation three ways on seeded random inputs:
 * 1. the float32 forward agrees with the float64 reference;
 * 2. the analytic gradient of L = Σ w·op(x) (random w) agrees with central differences of the
 *    float64 reference (step 1e-6, so the comparison is limited only by float32 gradients);
 * 3. it also agrees with central differences of the engine's own float32 forward (step 1e-2), a
 *    tolerance float32 honestly meets, which ties the rule to the forward actually computed.
 */
export function checkOp(check: OpCheck, seed = 1): void {
  const random = new TestRandom(seed);
  const values = check.inputs.map((spec) => randomValues(random, spec.shape.reduce((a, b) => a * b, 1), spec.kind ?? 'normal'));
  const makeTensors = (data: readonly Float64Array[]): Tensor[] =>
    check.inputs.map((spec, i) => tensor(Float32Array.from(data[i]!), spec.shape, { requiresGrad: spec.grad !== false }));
  const makeArrays = (data: readonly Float64Array[]): Array64[] => check.inputs.map((spec, i) => array64(data[i]!, spec.shape));

  // 1. Forward.
  const inputs = makeTensors(values);
  const output = check.run(inputs);
  const expected = check.reference(makeArrays(values));
  assert.deepEqual([...output.shape], [...expected.shape], 'output shape');
  const scale = Math.max(1, maxAbs(expected.data));
  assertClose(output.data, expected.data, 1e-5, (check.forwardTolerance ?? 1e-5) * scale, 'forward');

  // 2. Analytic gradients of L = Σ w·y.
  const weights = randomValues(random, output.size, 'normal');
  const weightTensor = tensor(Float32Array.from(weights), output.shape);
  backward(sum(mul(output, weightTensor)));
  const referenceLoss = (data: readonly Float64Array[]): number => {
    const y = check.reference(makeArrays(data)).data;
    let total = 0;
    for (let i = 0; i < y.length; i++) total += weights[i]! * y[i]!;
    return total;
  };
  const engineLoss = (data: readonly Float64Array[]): number =>
    noGrad(() => {
      const y = check.run(makeTensors(data)).data;
      let total = 0;
      for (let i = 0; i < y.length; i++) total += weights[i]! * y[i]!;
      return total;
    });

  check.inputs.forEach((spec, k) => {
    if (spec.grad === false) return;
    const analytic = inputs[k]!.grad;
    assert.ok(analytic, `input ${k} received no gradient`);
    const numeric64 = new Float64Array(analytic.length);
    const numeric32 = new Float64Array(analytic.length);
    for (let i = 0; i < analytic.length; i++) {
      numeric64[i] = centralDifference(values, k, i, 1e-6, referenceLoss, (v) => v);
      numeric32[i] = centralDifference(values, k, i, 1e-2, engineLoss, Math.fround);
    }
    const gradientScale = Math.max(1, maxAbs(numeric64));
    assertClose(analytic, numeric64, 1e-4, 1e-5 * gradientScale, `gradient of input ${k} vs float64 differences`);
    assertClose(analytic, numeric32, 1e-2, 1e-2 * gradientScale, `gradient of input ${k} vs float32 differences`);
  });
}

function centralDifference(values: readonly Float64Array[], k: number, i: number, step: number, loss: (data: readonly Float64Array[]) => number, round: (v: number) => number): number {
  const data = values.map((array) => array.slice());
  const original = values[k]![i]!;
  const up = round(original + step);
  const down = round(original - step);
  data[k]![i] = up;
  const lossUp = loss(data);
  data[k]![i] = down;
  const lossDown = loss(data);
  return (lossUp - lossDown) / (up - down);
}
