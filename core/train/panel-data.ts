/**
 * The panels' latent-space and loss-landscape data as plain JSON-safe types. The training core
 * produces them (latent.ts, landscape.ts) and protocol/run-record.ts carries them to the webview
 * and the report, so they are declared once, here. Bulk numbers are flat arrays: a grid is `nx·ny`
 * values, row-major with y outer; n points are `2n` values x0, y0, x1, y1, ….
 */

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
