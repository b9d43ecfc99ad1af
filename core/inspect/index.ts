/**
 * The computations behind the "Latent space" and "Loss landscape" panels: PCA and Procrustes for
 * activations, and loss surfaces, interpolations, optimizer paths and gradient arrows in parameter
 * space. Pure and synchronous; the heavy functions take a `Progress` (callbacks) so a worker can
 * report and stop them. See README.md.
 */
export { parameterLayout, parameterCount, readParameters, writeParameters, type ParameterSlice } from './parameter-vector';
export { symmetricEigen, symmetricEigenWork, type SymmetricEigen } from './symmetric-eigen';
export { pca, pcaWork, pcaOfRows, pcaOfRowsWork, projectOnto, orientComponent, type PcaBasis, type PcaResult, type PcaOptions } from './pca';
export { procrustes, type ProcrustesOptions, type ProcrustesResult } from './procrustes';
export type { FloatVector } from './vectors';
export { drain, type Progress, type Work } from './progress';
export { readsLogits, type LossData } from './loss-data';
export type { LossEvaluator } from './loss-evaluator';
export { NetworkLossEvaluator, type NetworkEvaluatorOptions } from './network-evaluator';
export { DenseStackEvaluator } from './dense-evaluator';
export { denseStackPlan, type DenseStackPlan } from './dense-stack';
export { createLandscapeEvaluator, type LandscapeEvaluator, type LandscapeEvaluatorOptions } from './landscape-evaluator';
export { fastTanh } from './fast-tanh';
export { filterGeometry, filterNormalise, filterNormalisedDirection, randomDirections, randomPlane, type FilterGeometry } from './landscape-directions';
export { symmetricAxis, rangeAxis, pointOnPlane, lossSurface, lossSurfaceWork, type Plane, type LossSurface } from './landscape-grid';
export { interpolateLoss, interpolateLossWork, type Interpolation, type InterpolationOptions } from './landscape-interpolation';
export { trajectoryPlane, trajectoryAxes, trajectorySurface, projectPath, type TrajectoryPlane, type TrajectoryAxesOptions } from './landscape-trajectory';
export { gradientField, gradientFieldWork, orthonormalPair, subsample, type GradientField, type GradientFieldOptions } from './landscape-gradients';
export { classificationReport, type ClassificationReport, type ClassMetrics, type ConfidentMistake, type ReliabilityBin } from './classification-metrics';
