import type { Random } from '../common/random';

/** One image augmentation of `augment: […]` (catalog/augmentations.ts), with its arguments. */
export type Augmentation = { readonly name: 'random_crop'; readonly padding: number } | { readonly name: 'horizontal_flip'; readonly p: number };

/**
 * Augments a training minibatch in place: `rows` images [C, H, W] (row-major, one after another),
 * sample by sample in batch order, each taking the augmentations in the order written — as a
 * torchvision `Compose` does per sample — with every random number from `random` (the run's
 * `augment` stream):
 * - `random_crop(padding: p)` = `RandomCrop((H, W), padding=p)` with zero fill: top = int(2p + 1),
 *   then left = int(2p + 1); out[c, y, x] = in[c, y + top − p, x + left − p], 0 outside the image.
 * - `horizontal_flip(p)` = `RandomHorizontalFlip(p)`: u = nextFloat(); when u < p,
 *   out[c, y, x] = in[c, y, W − 1 − x].
 * `scratch` holds one image (C·H·W values); it is reused across calls, so a step allocates nothing.
 */
export function augmentBatch(inputs: Float32Array, rows: number, shape: readonly number[], augmentations: readonly Augmentation[], random: Random, scratch: Float32Array): void {
  const [channels = 1, height = 1, width = 1] = shape;
  const size = channels * height * width;
  for (let r = 0; r < rows; r++) {
    const image = inputs.subarray(r * size, (r + 1) * size);
    for (const augmentation of augmentations) {
      switch (augmentation.name) {
        case 'random_crop': {
          const top = random.int(2 * augmentation.padding + 1) - augmentation.padding;
          const left = random.int(2 * augmentation.padding + 1) - augmentation.padding;
          shiftImage(image, channels, height, width, top, left, scratch);
          break;
        }
        case 'horizontal_flip':
          if (random.nextFloat() < augmentation.p) flipImage(image, channels * height, width);
          break;
        default: {
          const unreachable: never = augmentation;
          throw new Error(`unknown augmentation ${String(unreachable)}`);
        }
      }
    }
  }
}

/** out[c, y, x] = in[c, y + dy, x + dx], 0 where that lies outside the image; in place through `scratch`. */
function shiftImage(image: Float32Array, channels: number, height: number, width: number, dy: number, dx: number, scratch: Float32Array): void {
  if (dy === 0 && dx === 0) return;
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      const from = y + dy;
      const row = (c * height + y) * width;
      for (let x = 0; x < width; x++) {
        const source = x + dx;
        scratch[row + x] = from >= 0 && from < height && source >= 0 && source < width ? image[(c * height + from) * width + source]! : 0;
      }
    }
  }
  image.set(scratch.subarray(0, image.length));
}

/** Reverses every row of `lines` rows of `width` values, in place. */
function flipImage(image: Float32Array, lines: number, width: number): void {
  for (let line = 0; line < lines; line++) {
    for (let a = line * width, b = a + width - 1; a < b; a++, b--) {
      const held = image[a]!;
      image[a] = image[b]!;
      image[b] = held;
    }
  }
}
