import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts, LabelledPoints } from './labelled-points';

/**
 * Interleaved spirals in TensorFlow Playground coordinates (its `classifySpiralData`, Apache-2.0,
 * generalised from 2 arms to K): arm k holds n_k points, and point i of it lies at radius
 * r = 5·i/n_k and angle t = 1.75·2π·i/n_k + 2π·k/K — 1.75 turns out to radius 5, the arms rotated
 * evenly. x = r·sin t + noise·z, y = r·cos t + noise·z (z = normal(), drawn for x then y). As in the
 * Playground, noise is in the same units as the radius, so noise 0.15 leaves the arms, about
 * 5/(1.75·K) apart, clearly separable. Points are split evenly over the arms; the first
 * (points mod K) arms take one more.
 */
export function generateSpirals(classes: number, points: number, noise: number, random: Random): ClassDataset {
  const data = new LabelledPoints(points);
  classCounts(points, classes).forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const r = (5 * i) / count;
      const t = (1.75 * 2 * Math.PI * i) / count + (2 * Math.PI * label) / classes;
      const x = r * Math.sin(t) + noise * random.normal();
      const y = r * Math.cos(t) + noise * random.normal();
      data.add(x, y, label);
    }
  });
  return data.dataset(classes);
}
