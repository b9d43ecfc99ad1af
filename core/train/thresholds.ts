/** The training-health thresholds of spec section 7, with its defaults; the editor's settings may override them. */
export interface HealthThresholds {
  /** A layer is reported when more than this fraction of its ReLU units are dead on the probe batch. */
  readonly deadFraction: number;
  /** A unit is saturated when |tanh| > this (sigmoid: outside [1 − s, s] mapped to [0.03, 0.97]). */
  readonly tanhSaturation: number;
  readonly sigmoidSaturation: number;
  /** …on more than this fraction of the probe batch's values. */
  readonly saturatedSamples: number;
  /** A layer is reported when more than this fraction of its units are saturated. */
  readonly saturatedFraction: number;
  /** Vanishing: a layer's gradient norm below this × the largest layer's, over the last `vanishingWindow` of steps. */
  readonly vanishingRatio: number;
  readonly vanishingWindow: number;
  /** Exploding: a norm above this × that layer's median over the run. */
  readonly explodingRatio: number;
  /** Initial cross-entropy above this × ln K. */
  readonly initialLossFactor: number;
  /** The median of ‖Δw‖/‖w‖ over an epoch must lie in [low, high]. */
  readonly updateRatioLow: number;
  readonly updateRatioHigh: number;
  /** Up to this many training samples form the fixed probe batch. */
  readonly probeSize: number;
}

export const defaultThresholds: HealthThresholds = {
  deadFraction: 0.5,
  tanhSaturation: 0.97,
  sigmoidSaturation: 0.97,
  saturatedSamples: 0.9,
  saturatedFraction: 0.3,
  vanishingRatio: 1e-3,
  vanishingWindow: 0.1,
  explodingRatio: 1e3,
  initialLossFactor: 3,
  updateRatioLow: 1e-5,
  updateRatioHigh: 1e-1,
  probeSize: 256,
};
