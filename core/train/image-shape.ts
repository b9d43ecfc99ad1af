import type { Dataset } from '../data';
import type { ImageShape } from './panel-data-images';

/**
 * How a panel draws one sample of `data` as a picture: channels × height × width for image-shaped
 * samples ([C, H, W] or [H, W]); a flat sample of a square number of values is a grey picture when
 * the data are images (`digits(flat: true)`, an MLP on MNIST); null for anything else.
 */
export function imageShapeOf(data: Dataset, imageData: boolean): ImageShape | null {
  if (data.tokens) return null;
  const shape = data.sampleShape;
  if (shape.length === 3) return { channels: shape[0]!, height: shape[1]!, width: shape[2]! };
  if (shape.length === 2) return { channels: 1, height: shape[0]!, width: shape[1]! };
  const side = Math.round(Math.sqrt(data.sampleSize));
  return imageData && side * side === data.sampleSize ? { channels: 1, height: side, width: side } : null;
}

/** True for the data requests whose samples are pictures: the built-in digits, IDX files (also `mnist(…)`, `fashion_mnist(…)`). */
export function isImageData(name: string): boolean {
  return name === 'digits' || name === 'idx';
}
