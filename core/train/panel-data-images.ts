/**
 * The Convolutions and Latent manifold tabs' data (their images are most of it), as plain
 * JSON-safe types beside panel-data.ts's. Images are channels-first and flat: image i of a list of
 * c×h×w images is values[i·c·h·w … (i+1)·c·h·w).
 */
import type { GridAxes } from './panel-data';

/** How to draw one sample as a picture: channels × height × width (1 = grey, 3 = RGB). */
export interface ImageShape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The Convolutions tab's data (a model with conv layers on images): the first conv layer's filters,
 * and a few validation images with every conv layer's feature maps on each, per recorded epoch.
 */
export interface ConvolutionsData {
  /** The first conv2d: each output channel's filter as an image (RGB when it reads 3 channels, else its input channels averaged). */
  readonly filters: { readonly layer: string; readonly count: number; readonly inputChannels: number; readonly rgb: boolean; readonly height: number; readonly width: number };
  /** The validation images the maps are computed on, and their class labels (empty without classes). */
  readonly images: ImageShape & { readonly labels: readonly number[]; readonly values: readonly number[] };
  /** The conv layers whose maps are recorded, in graph order: name and output shape [C, H, W]; `shown` = the first channels kept. */
  readonly layers: readonly { readonly name: string; readonly shape: readonly [number, number, number]; readonly shown: number }[];
  /** One per recorded epoch, ascending. */
  readonly frames: readonly ConvolutionsFrame[];
}

export interface ConvolutionsFrame {
  readonly epoch: number;
  /** count × (3 if rgb else 1) × height × width filter values. */
  readonly filters: readonly number[];
  /** Per layer (as `layers`), per image, its first `shown` channels' maps: images × shown × H × W values. */
  readonly maps: readonly (readonly number[])[];
}

/**
 * The Latent manifold tab's data (an autoencoder or VAE trained with `target: input`): the
 * validation set encoded into a latent plane (the code itself when it has 2 numbers, else the
 * plane of its first two principal components), the decoder's images on a grid over that plane,
 * and reconstructions beside their originals, per recorded epoch.
 */
export interface ManifoldData {
  /** The layer whose output is the code (a VAE's reparameterize: μ in evaluation) and its size. */
  readonly layer: string;
  readonly latentSize: number;
  readonly variational: boolean;
  /** How to draw a sample; null when the input is not an image (no pictures, only the plane). */
  readonly image: ImageShape | null;
  /** The encoded validation samples' class labels (null without labels), and the class count. */
  readonly labels: readonly number[] | null;
  readonly classes: number;
  readonly classNames?: readonly string[];
  /** The first validation samples, whose reconstructions each frame holds. */
  readonly originals: readonly number[];
  /** One per recorded epoch, ascending. */
  readonly frames: readonly ManifoldFrame[];
}

export interface ManifoldFrame {
  readonly epoch: number;
  /** The encoded validation samples on the plane: 2n values. */
  readonly points: readonly number[];
  /** For a code of more than 2 numbers: the share of its variance along the two axes; null for a 2-D code. */
  readonly explainedVariance: readonly [number, number] | null;
  /** The decoded grid: axes.nx × axes.ny points of the plane, row-major with y outer (y ascending). */
  readonly axes: GridAxes;
  /** One decoded sample per grid point, in grid order (nx·ny samples of the image's size). */
  readonly decoded: readonly number[];
  /** The decoder's output for the `originals`, in order. */
  readonly reconstructions: readonly number[];
}
