/**
 * Backpropagation step by step: the engine's tape read at the level of single numbers (see
 * trace.ts for the data, docs/panels.md for the view). core/train/backprop.ts assembles a trace
 * from a train block's plan.
 */
export type * from './trace';
export { tapeTensors, gradientInputs, type TapeTensor } from './tape-tensors';
export { localJacobian } from './local-jacobian';
export { BackwardRecorder, type RuleRecord } from './backward-recorder';
export { centralDifference, gradientsAgree, finiteDifferenceStep } from './finite-difference';
export { buildStructure, scalarLabel, type StructureNaming, type TraceStructure } from './structure';
export { EdgeIndex } from './edges';
export { seedSteps, ruleSteps, chainRuleText, type StepContext } from './backward-steps';
export { stepWithFormulas, type UpdatedParameter } from './optimizer-updates';
export { formatValue, formatFactor } from './format';
export { layerAtOffset } from './source-link';
