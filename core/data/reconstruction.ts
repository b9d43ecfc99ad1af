import type { Dataset, RealDataset } from './dataset';

/**
 * The data set of `target: input` (an autoencoder): every sample is its own target. The targets ARE
 * the inputs' array (no copy: 60,000 images are not held twice), so this is applied after the split
 * and the standardisation, which rewrite inputs in place. Class labels are kept as `labels`, only
 * for colouring pictures (the latent panel), never for the loss.
 */
export function reconstructionDataset(dataset: Dataset): RealDataset {
  const labels = dataset.targetKind === 'classes' ? { labels: { classCount: dataset.classCount, targets: dataset.targets, ...(dataset.classNames ? { classNames: dataset.classNames } : {}) } } : {};
  const { count, inputs, sampleShape, sampleSize, tokens } = dataset;
  return { count, inputs, sampleShape, sampleSize, tokens, ...(dataset.featureNames ? { featureNames: dataset.featureNames } : {}), targetKind: 'real', targets: inputs, targetShape: sampleShape, targetSize: sampleSize, ...labels };
}

/** The first value outside [0, 1] among the inputs (which `target: input` makes the targets), or undefined. */
export function firstValueOutsideUnit(dataset: Dataset): { readonly value: number } | undefined {
  const { inputs } = dataset;
  for (let i = 0; i < inputs.length; i++) {
    const value = inputs[i]!;
    if (!(value >= 0 && value <= 1)) return { value };
  }
  return undefined;
}
