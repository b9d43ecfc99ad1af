import type { Random } from '../../common/random';
import type { RealDataset } from '../dataset';
import { evaluateExpression, parseExpression } from '../expression';
import { dataError, dataOk, type DataResult } from '../result';

/**
 * Samples of y = f(x) on an even grid: x_i = from + (to − from)·i/(points − 1) for i = 0 … points − 1
 * (both ends included; x = from when points = 1), y_i = f(x_i) + noise·z_i (z = normal(), one per
 * point, drawn even when noise is 0). f is evaluated in float64 at the float32 x the model will see,
 * through core/data/expression.ts — parsed, never run as code. A value that is not finite in float32 (log of
 * a negative number, a division by zero, exp(100)) is an error naming the x: it would poison training.
 */
export function generateFunction(expression: string, from: number, to: number, points: number, noise: number, random: Random): DataResult<RealDataset> {
  const parsed = parseExpression(expression);
  if (!parsed.ok) return dataError(`function expression: ${parsed.error.message}`, 'expression', parsed.error.offset);
  const inputs = new Float32Array(points);
  const targets = new Float32Array(points);
  for (let i = 0; i < points; i++) {
    const x = Math.fround(points === 1 ? from : from + ((to - from) * i) / (points - 1));
    const y = evaluateExpression(parsed.expression, x);
    const target = Math.fround(y + noise * random.normal());
    if (!Number.isFinite(target)) {
      const what = Number.isFinite(y) ? `${y}, beyond float32's range,` : String(y);
      return dataError(`function("${expression}") is ${what} at x = ${x} — choose from and to where it is defined and moderate`, 'expression');
    }
    inputs[i] = x;
    targets[i] = target;
  }
  return dataOk({ count: points, inputs, sampleShape: [1], sampleSize: 1, tokens: false, targetKind: 'real', targets, targetShape: [1], targetSize: 1 });
}
