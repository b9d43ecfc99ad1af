/**
 * A reinforcement-learning environment: a state the agent observes, a fixed set of discrete
 * actions, and a step that returns the reward and whether the episode ended. Everything random
 * comes from the `Random` handed in (the run's `env` stream), so one seed gives one run.
 */
export interface Environment {
  /** The shape of one observation (the policy model's input). */
  readonly observationShape: readonly number[];
  /** How many discrete actions there are (the policy model's output width). */
  readonly actions: number;
  /** Starts an episode; returns the first observation (a fresh array the caller may keep). */
  reset(): Float32Array;
  /** Takes one action in the current episode. */
  step(action: number): StepResult;
}

export interface StepResult {
  /** The observation after the action (a fresh array). */
  readonly observation: Float32Array;
  readonly reward: number;
  /** The episode reached a terminal state (the pole fell, the goal or pit was reached). */
  readonly terminated: boolean;
  /** The episode was cut off by its step limit without reaching a terminal state. */
  readonly truncated: boolean;
}

/** Throws on an action outside [0, actions): the policy run only samples valid ones, so this is a bug. */
export function checkAction(action: number, actions: number): void {
  if (!Number.isInteger(action) || action < 0 || action >= actions) throw new RangeError(`action ${action} is not in [0, ${actions})`);
}
