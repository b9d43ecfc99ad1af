export type { Environment, StepResult } from './environment';
export { Bandit } from './bandit';
export { CartPole, cartPoleConstants, cartPoleStep } from './cartpole';
export { Gridworld, gridLayout, gridStartCells, gridColumns, gridRows, type GridObservation } from './gridworld';
export { makeEnvironment } from './make-environment';
export { advantagesOf, discountedReturns, policyGradientLoss } from './policy-gradient';
export { isPolicyTrain, planPolicy, type PolicyPlan, type ReinforceSetting } from './policy-plan';
export { PolicyRun, solvedEpisode, solvedWindow } from './policy-run';
export { greedyAction, sampleAction } from './sample';
