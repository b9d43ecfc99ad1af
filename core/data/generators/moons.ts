import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts, LabelledPoints } from './labelled-points';

/**
 * Two interleaving half circles, exactly scikit-learn's `make_moons` geometry (unit radius, so
 * x ∈ [−1, 2], y ∈ [−0.5, 1]): for the n points of a class, t_i = π·i/(n − 1) (t = 0 when n = 1);
 * class 0 is (cos t, sin t), class 1 is (1 − cos t, 0.5 − sin t). The only randomness is the noise:
 * per point x += noise·z, then y += noise·z (z = normal()). Points are split evenly (class 0 first,
 * taking the odd point; scikit-learn gives it to class 1).
 */
export function generateMoons(points: number, noise: number, random: Random): ClassDataset {
  const data = new LabelledPoints(points);
  classCounts(points, 2).forEach((count, label) => {
    for (let i = 0; i < count; i++) {
      const t = count === 1 ? 0 : (Math.PI * i) / (count - 1);
      const cleanX = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const cleanY = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      const x = cleanX + noise * random.normal();
      const y = cleanY + noise * random.normal();
      data.add(x, y, label);
    }
  });
  return data.dataset(2);
}
