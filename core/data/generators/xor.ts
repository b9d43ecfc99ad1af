import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts, LabelledPoints } from './labelled-points';

/**
 * XOR in TensorFlow Playground coordinates (its `classifyXORData`, Apache-2.0): each coordinate's
 * magnitude is uniform in [0.3, 5.3] — the square [−5, 5]² pushed 0.3 away from both axes — and
 * class 1 holds quadrants I and III (x·y > 0, the Playground's positive label), class 0 quadrants II
 * and IV. Points are split evenly over the two classes (class 0 first, taking the odd point).
 *
 * Per point, in draw order: a = 0.3 + 5·u, b = 0.3 + 5·u, s = (u < 0.5 ? 1 : −1);
 * x = s·a + noise·z, y = (class 1 ? s : −s)·b + noise·z, with u = nextFloat() and z = normal().
 * Unlike the Playground, noise moves the point (Gaussian, standard deviation `noise` per coordinate)
 * instead of flipping labels, as the catalog documents.
 */
export function generateXor(points: number, noise: number, random: Random): ClassDataset {
  const data = new LabelledPoints(points);
  classCounts(points, 2).forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const a = 0.3 + 5 * random.nextFloat();
      const b = 0.3 + 5 * random.nextFloat();
      const sign = random.nextFloat() < 0.5 ? 1 : -1;
      const x = sign * a + noise * random.normal();
      const y = (label === 1 ? sign : -sign) * b + noise * random.normal();
      data.add(x, y, label);
    }
  });
  return data.dataset(2);
}
