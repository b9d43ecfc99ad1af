import type { Random } from '../../common/random';
import type { RealDataset } from '../dataset';

/** The plane's fixed coefficients: y = a·x₁ + b·x₂ + c. Powers of two, so they are exact in every format. */
export const planeCoefficients = { a: 0.5, b: -0.25, c: 1 } as const;

/**
 * Regression on a noisy plane, inputs in TensorFlow Playground coordinates (its `regressPlane`,
 * Apache-2.0: both inputs uniform in [−6, 6]): per point, in draw order, x₁ = −6 + 12·u,
 * x₂ = −6 + 12·u, y = 0.5·x₁ − 0.25·x₂ + 1 + noise·z (u = nextFloat(), z = normal()). The target is
 * computed from the float32 inputs the model will see, so with noise 0 a dense(1) fits it exactly.
 * Unlike the Playground (which perturbs the inputs), the noise is added to the target.
 */
export function generatePlane(points: number, noise: number, random: Random): RealDataset {
  const inputs = new Float32Array(points * 2);
  const targets = new Float32Array(points);
  const { a, b, c } = planeCoefficients;
  for (let i = 0; i < points; i++) {
    const x1 = Math.fround(random.uniform(-6, 6));
    const x2 = Math.fround(random.uniform(-6, 6));
    inputs[2 * i] = x1;
    inputs[2 * i + 1] = x2;
    targets[i] = a * x1 + b * x2 + c + noise * random.normal();
  }
  return { count: points, inputs, sampleShape: [2], sampleSize: 2, tokens: false, targetKind: 'real', targets, targetShape: [1], targetSize: 1 };
}
