import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts, LabelledPoints } from './labelled-points';

/**
 * A disc inside a ring, in TensorFlow Playground coordinates (its `classifyCircleData`, Apache-2.0;
 * radius 5): class 0 is the ring, radius uniform in [3.5, 5]; class 1 the disc, radius uniform in
 * [0, 2.5] (uniform in radius, so denser at the centre, as in the Playground). Points are split
 * evenly (class 0 first, taking the odd point).
 *
 * Per point, in draw order: r = (ring ? 3.5 + 1.5·u : 2.5·u), θ = 2π·u;
 * x = r·sin θ + noise·z, y = r·cos θ + noise·z (u = nextFloat(), z = normal()).
 */
export function generateCircles(points: number, noise: number, random: Random): ClassDataset {
  const data = new LabelledPoints(points);
  classCounts(points, 2).forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const r = label === 0 ? 3.5 + 1.5 * random.nextFloat() : 2.5 * random.nextFloat();
      const angle = 2 * Math.PI * random.nextFloat();
      const x = r * Math.sin(angle) + noise * random.normal();
      const y = r * Math.cos(angle) + noise * random.normal();
      data.add(x, y, label);
    }
  });
  return data.dataset(2);
}
