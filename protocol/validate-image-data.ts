import type { GridAxes } from '../core/train/panel-data';
import type { ConvolutionsData, ConvolutionsFrame, ManifoldData, ManifoldFrame } from '../core/train/panel-data-images';
import { arrayOf, integerIn, isBoolean, isCount as count, isExplainedVariance, isFiniteNumber, isNumberArray, isString, nullable, objectOf, refine, tupleOf, type Guard, type Guarded, type SameShape } from './validate';

/**
 * Guards for the Convolutions and Latent manifold tabs' data (core/train/panel-data-images.ts),
 * checking what the panel indexes by: every image list holds whole images, every map list whole
 * maps of its layer, every grid nx·ny decoded samples.
 */

const side = integerIn(1, 4096);
const range = refine(tupleOf(isFiniteNumber, isFiniteNumber), ([a, b]) => a < b);

export const isGridAxes: Guard<GridAxes> = objectOf({ nx: integerIn(2, 4096), ny: integerIn(2, 4096), x: range, y: range });

const isImageShape = objectOf({ channels: side, height: side, width: side });
const pixels = (shape: { channels: number; height: number; width: number }): number => shape.channels * shape.height * shape.width;

const isConvolutionsFrame = objectOf({ epoch: count, filters: isNumberArray, maps: arrayOf(isNumberArray) });
const isConvLayer = objectOf({ name: isString, shape: tupleOf(side, side, side), shown: side });
export const isConvolutionsData: Guard<ConvolutionsData> = refine(
  objectOf({
    filters: objectOf({ layer: isString, count: side, inputChannels: side, rgb: isBoolean, height: side, width: side }),
    images: objectOf({ channels: side, height: side, width: side, labels: arrayOf(count), values: isNumberArray }),
    layers: arrayOf(isConvLayer),
    frames: arrayOf(isConvolutionsFrame),
  }),
  (c) => {
    const images = c.images.values.length / pixels(c.images);
    const filterSize = c.filters.count * (c.filters.rgb ? 3 : 1) * c.filters.height * c.filters.width;
    const wholeImages = Number.isInteger(images) && images >= 1 && (c.images.labels.length === 0 || c.images.labels.length === images);
    const framesFit = c.frames.every((f) => f.filters.length === filterSize && f.maps.length === c.layers.length && f.maps.every((m, i) => m.length === images * c.layers[i]!.shown * c.layers[i]!.shape[1] * c.layers[i]!.shape[2]));
    return wholeImages && c.layers.every((l) => l.shown <= l.shape[0]) && framesFit;
  },
);

const isManifoldFrame = objectOf({ epoch: count, points: isNumberArray, explainedVariance: nullable(isExplainedVariance), axes: isGridAxes, decoded: isNumberArray, reconstructions: isNumberArray });
export const isManifoldData: Guard<ManifoldData> = refine(
  objectOf(
    { layer: isString, latentSize: side, variational: isBoolean, image: nullable(isImageShape), labels: nullable(arrayOf(count)), classes: count, originals: isNumberArray, frames: arrayOf(isManifoldFrame) },
    { classNames: arrayOf(isString) },
  ),
  (m) => {
    const size = m.image ? pixels(m.image) : 0;
    const samples = m.frames[0] ? m.frames[0].points.length / 2 : (m.labels?.length ?? 0);
    const fits = (f: ManifoldFrame): boolean =>
      f.points.length === 2 * samples && f.reconstructions.length === m.originals.length && (size === 0 || f.decoded.length === f.axes.nx * f.axes.ny * size);
    const labelled = m.labels === null || (m.labels.length === samples && m.labels.every((l) => l < Math.max(1, m.classes)));
    return Number.isInteger(samples) && (size === 0 || m.originals.length % size === 0) && labelled && m.frames.every(fits);
  },
);

// Compile-time: each guard proves exactly its interface.
const _convolutions: SameShape<Guarded<typeof isConvolutionsData>, ConvolutionsData> = true;
const _convolutionsFrame: SameShape<Guarded<typeof isConvolutionsFrame>, ConvolutionsFrame> = true;
const _manifold: SameShape<Guarded<typeof isManifoldData>, ManifoldData> = true;
const _manifoldFrame: SameShape<Guarded<typeof isManifoldFrame>, ManifoldFrame> = true;
void [_convolutions, _convolutionsFrame, _manifold, _manifoldFrame];
