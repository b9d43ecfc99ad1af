/**
 * The panels' latent-space and loss-landscape data as plain JSON-safe types. The training core
 * produces them (latent.ts, landscape.ts) and protocol/run-record.ts carries them to the webview
 * and the report, so they are declared once, here. Bulk numbers are flat arrays: a grid is `nx·ny`
 * values, row-major with y outer; n points are `2n` values x0, y0, x1, y1, ….
 */
import type { SequenceData } from './sequence-data';
import type { ConvolutionsData, ManifoldData } from './panel-data-images';

/** A regular grid's axes: nx × ny points from (x[0], y[0]) to (x[1], y[1]) inclusive. */
export interface GridAxes {
  readonly nx: number;
  readonly ny: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** What the probe samples are: class indices (coloured by class) or real targets (a colour scale). */
export type ProbeTargets =
  | { readonly kind: 'classes'; readonly classes: number; readonly labels: readonly number[]; readonly classNames?: readonly string[] }
  | { readonly kind: 'values'; readonly values: readonly number[] };

/**
 * The latent-space tab's data: layers' activations on the probe set, projected onto their first two
 * principal components per epoch, and for a 2-D input the model over the input plane.
 */
export interface LatentData {
  /** Every layer the host can project (the picker offers these; one without a projection here is requested with `select-layer`). */
  readonly layers: readonly string[];
  readonly targets: ProbeTargets;
  /** The projections the host has sent, one per layer. */
  readonly projections: readonly LayerProjection[];
  /** For models with a 2-D input: the input plane and the probe points on it; null otherwise. */
  readonly inputPlane: InputPlane | null;
  /** For classifiers with a validation split: the Predictions tab's data (recorded at the same epochs). */
  readonly predictions?: PredictionsData;
  /** For one input → one output regressions: the Fit tab's data (recorded at the same epochs). */
  readonly fit?: FitData;
  /** For causal text models trained on every position: the Sequence tab's data (the latest recorded epoch). */
  readonly sequence?: SequenceData;
  /** For models with conv2d layers on images: the Convolutions tab's data (fewer epochs). */
  readonly convolutions?: ConvolutionsData;
  /** For autoencoders and VAEs (`target: input`): the Latent manifold tab's data (fewer epochs). */
  readonly manifold?: ManifoldData;
}

export interface LayerProjection {
  readonly layer: string;
  /** One frame per recorded epoch, ascending; the host aligns consecutive projections (sign flips). */
  readonly frames: readonly LatentFrame[];
}

export interface LatentFrame {
  readonly epoch: number;
  /** The probe samples' PCA projection: 2n values (PC1, PC2 per sample). */
  readonly points: readonly number[];
  /** Share of the activations' variance along PC1 and PC2 (each in [0, 1]). */
  readonly explainedVariance: readonly [number, number];
}

export interface InputPlane {
  readonly axes: GridAxes;
  /** The probe samples in input coordinates: 2n values. */
  readonly points: readonly number[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** The model over the grid at recorded epochs, ascending. */
  readonly frames: readonly InputPlaneFrame[];
}

/** The model over the input grid at one epoch. */
export interface InputPlaneFrame {
  readonly epoch: number;
  /** The prediction at each grid point (nx·ny values). */
  readonly decision: DecisionGrid;
  /** Each hidden unit's output at each grid point (Playground's small multiples). */
  readonly neurons: readonly NeuronGrid[];
}

export type DecisionGrid =
  /** The predicted class per grid point and its probability. */
  | { readonly kind: 'classes'; readonly predicted: readonly number[]; readonly confidence: readonly number[] }
  /** The predicted value per grid point (regression). */
  | { readonly kind: 'values'; readonly values: readonly number[] };

export interface NeuronGrid {
  readonly layer: string;
  readonly unit: number;
  readonly values: readonly number[];
}

/** The loss-landscape tab's data: a loss grid on a plane through the final weights. */
export interface LandscapeData {
  /** `random`: two filter-normalised random directions over [−1, 1]²; `path`: the optimizer path's first two principal components. */
  readonly plane: 'random' | 'path';
  /** Share of the path's variance along each axis (plane `path`); null for random directions. */
  readonly explainedVariance: readonly [number, number] | null;
  readonly axes: GridAxes;
  /** The loss at each grid point (nx·ny, row-major, y outer); null where it was not finite. */
  readonly loss: readonly (number | null)[];
  /** The negative gradient projected onto the plane at sample points: positions and vectors, 2n values each. */
  readonly arrows: { readonly positions: readonly number[]; readonly vectors: readonly number[] } | null;
  /** Optimizer paths on the plane: this run's first, then any others started from the same weights (a race). */
  readonly paths: readonly LandscapePath[];
  /** The loss along the straight line from the initial to the final weights (α = 0 → 1, beyond allowed). */
  readonly interpolation: { readonly alphas: readonly number[]; readonly loss: readonly (number | null)[] } | null;
}

export interface LandscapePath {
  readonly name: string;
  /** The path's points on the plane: 2n values. */
  readonly points: readonly number[];
  /** Each point's distance from the plane (n values, same units as the axes). */
  readonly offPlane: readonly number[];
  /** The epoch of each point (0 = the initial weights). */
  readonly epochs: readonly number[];
}

/**
 * The Predictions tab's data (a classifier): per recorded epoch, numbers over the whole validation
 * split, and the predictions for a pool of validation examples the panel can draw.
 */
export interface PredictionsData {
  readonly classes: number;
  readonly classNames?: readonly string[];
  readonly validationCount: number;
  readonly examples: PredictionExamples;
  /** One per recorded epoch, ascending. */
  readonly frames: readonly PredictionsFrame[];
}

/**
 * The first validation examples: their labels and inputs (`values`, one sample after another) and
 * how to draw them: an image (channels × height × width), a row of values, or token ids.
 */
export type PredictionExamples =
  | { readonly kind: 'image'; readonly channels: number; readonly height: number; readonly width: number; readonly labels: readonly number[]; readonly values: readonly number[] }
  /**
   * A row of values, or token ids (`featureNames` then names each token id: the text's characters).
   * `positions` > 1: a text model scored on every position (`targets: all`), one label per position,
   * so label (and prediction) r belongs to sample ⌊r / positions⌋, predicting its token r mod positions + 1.
   */
  | { readonly kind: 'row' | 'tokens'; readonly size: number; readonly labels: readonly number[]; readonly values: readonly number[]; readonly positions?: number; readonly featureNames?: readonly string[] };

export interface PredictionsFrame {
  readonly epoch: number;
  /** `confusion[label][predicted]` over the whole validation split. */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly { readonly precision: number; readonly recall: number; readonly f1: number; readonly support: number }[];
  readonly accuracy: number;
  readonly macroF1: number;
  /** Equal-width bins over the top-class probability; accuracy and confidence null for an empty bin. */
  readonly reliability: readonly { readonly lower: number; readonly upper: number; readonly count: number; readonly accuracy: number | null; readonly confidence: number | null }[];
  readonly expectedCalibrationError: number;
  /** Mean entropy (nats) of the predicted distribution over the validation split. */
  readonly entropy: number | null;
  /** The split's most confidently wrong examples (index into the split). */
  readonly mistakes: readonly { readonly index: number; readonly label: number; readonly predicted: number; readonly confidence: number }[];
  /** The pool examples' predicted class and its probability (one each per pool example). */
  readonly predicted: readonly number[];
  readonly confidence: readonly number[];
}

/** The Fit tab's data (one input → one output regression). */
export interface FitData {
  /** The inputs the curve is drawn at (evenly spaced over the training inputs' range). */
  readonly xs: readonly number[];
  /** The `function(...)` expression and its values at `xs`; null for other data. */
  readonly expression: string | null;
  readonly target: readonly number[] | null;
  /** Training samples (at most a few hundred, evenly taken): 2n values x, y. */
  readonly points: readonly number[];
  /** The hidden layer whose units' contributions are shown; null when the output is not a plain `dense(1)` reading one. */
  readonly layer: string | null;
  /** One per recorded epoch, ascending. */
  readonly frames: readonly FitFrame[];
}

export interface FitFrame {
  readonly epoch: number;
  /** The network's output at each of `xs` (its eval forward). */
  readonly curve: readonly number[];
  /** The output layer's bias; null without units. */
  readonly bias: number | null;
  /** Per shown hidden unit j, w_j·h_j(x) at each of `xs` (the first units when there are many). */
  readonly units: readonly (readonly number[])[];
}
