import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts, LabelledPoints } from './labelled-points';

/** Distance of every blob centre from the origin: 2√2, so two classes sit at (2, 2) and (−2, −2). */
const centreRadius = 2 * Math.SQRT2;

/**
 * One isotropic Gaussian blob per class. Class k is centred at 2√2·(cos a_k, sin a_k) with
 * a_k = π/4 + 2π·k/K — for K = 2 exactly the TensorFlow Playground's two Gaussians at (2, 2) and
 * (−2, −2) (its `classifyTwoGaussData`, Apache-2.0), for more classes the centres go evenly round
 * the same circle. x = c_x + spread·z, y = c_y + spread·z (z = normal(), x first). Points are split
 * evenly; the first (points mod K) classes take one more.
 */
export function generateGaussians(classes: number, points: number, spread: number, random: Random): ClassDataset {
  const data = new LabelledPoints(points);
  classCounts(points, classes).forEach((count, label) => {
    const angle = Math.PI / 4 + (2 * Math.PI * label) / classes;
    const centreX = centreRadius * Math.cos(angle);
    const centreY = centreRadius * Math.sin(angle);
    for (let i = 0; i < count; i++) {
      const x = centreX + spread * random.normal();
      const y = centreY + spread * random.normal();
      data.add(x, y, label);
    }
  });
  return data.dataset(classes);
}
