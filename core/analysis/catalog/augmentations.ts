import type { CallableSpec } from './types';

/**
 * Image augmentations for `augment: […]` in a train block, applied to training batches only, each
 * sample drawing from the run's `augment` stream — torchvision's transforms with dlmodel's
 * generator (formulas: docs/data-sets.md).
 */
export const augmentations: readonly CallableSpec[] = [
  {
    name: 'random_crop',
    family: 'augmentation',
    summary: 'Pads the image with zeros on every side, then crops it back to its size at a random offset — `transforms.RandomCrop(size, padding)`.',
    doc: 'The crop has the image’s own size, so the model’s input does not change: the picture shifts by up to `padding` pixels in each direction and the uncovered border is 0. Draws the top, then the left offset, each uniform in 0 … 2·padding.',
    args: [{ name: 'padding', type: { kind: 'integer', min: 1, max: 4096 }, positional: true, default: 4, doc: 'Zero pixels added on each side before cropping: the largest shift.' }],
  },
  {
    name: 'horizontal_flip',
    family: 'augmentation',
    summary: 'Mirrors the image left to right with probability p — `transforms.RandomHorizontalFlip(p)`.',
    doc: 'Draws one uniform u per sample and flips when u < p.',
    args: [{ name: 'p', type: { kind: 'number', min: 0, max: 1 }, positional: true, default: 0.5, doc: 'Probability of flipping each sample.' }],
  },
];
