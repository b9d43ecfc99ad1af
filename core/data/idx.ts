import type { ClassDataset } from './dataset';
import { idxClassCount, idxSampleCount, readIdxImages, readIdxLabels } from './idx-file';
import { dataOk, type DataResult } from './result';

/**
 * Loads images and labels in MNIST's IDX format (each raw or gzipped): samples [1, H, W] with pixels
 * scaled to [0, 1] by /255, targets the labels. `limit` keeps the first `limit` samples (0 keeps all),
 * and only their pixels are inflated;
 * the class count is the largest label + 1 over the whole file, so it does not change with `limit`.
 * `classNames` (Fashion-MNIST's) are kept when there are as many as classes.
 */
export function loadIdx(imagesBytes: Uint8Array, labelsBytes: Uint8Array, limit: number, classNames?: readonly string[]): DataResult<ClassDataset> {
  const images = readIdxImages(imagesBytes, limit);
  if (!images.ok) return images;
  const labels = readIdxLabels(labelsBytes, images.value.count);
  if (!labels.ok) return labels;
  const { height, width, pixels } = images.value;
  const count = idxSampleCount(images.value.count, limit);
  const sampleSize = height * width;
  const inputs = new Float32Array(count * sampleSize);
  for (let i = 0; i < inputs.length; i++) inputs[i] = (pixels[i] as number) / 255;
  const targets = Int32Array.from(labels.value.labels.subarray(0, count));
  const classCount = idxClassCount(labels.value);
  const names = classNames?.length === classCount ? { classNames } : {};
  return dataOk({ count, inputs, sampleShape: [1, height, width], sampleSize, tokens: false, targetKind: 'classes', targets, classCount, ...names });
}
