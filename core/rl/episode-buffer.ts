/**
 * The steps of the episodes of one policy update, in order: observations (flat, `size` values
 * each), the actions taken and the rewards received, and where each episode ends. Grows by
 * doubling, so a run reuses one buffer for all its updates.
 */
export class EpisodeBuffer {
  observations: Float32Array;
  actions = new Int32Array(256);
  rewards = new Float64Array(256);
  /** Each episode's end index (exclusive) in the step arrays. */
  readonly ends: number[] = [];
  steps = 0;

  constructor(readonly size: number) {
    this.observations = new Float32Array(256 * size);
  }

  clear(): void {
    this.steps = 0;
    this.ends.length = 0;
  }

  push(observation: Float32Array, action: number, reward: number): void {
    if (this.steps === this.actions.length) this.grow();
    this.observations.set(observation, this.steps * this.size);
    this.actions[this.steps] = action;
    this.rewards[this.steps] = reward;
    this.steps++;
  }

  endEpisode(): void {
    this.ends.push(this.steps);
  }

  private grow(): void {
    const capacity = this.actions.length * 2;
    const observations = new Float32Array(capacity * this.size);
    observations.set(this.observations);
    this.observations = observations;
    const actions = new Int32Array(capacity);
    actions.set(this.actions);
    this.actions = actions;
    const rewards = new Float64Array(capacity);
    rewards.set(this.rewards);
    this.rewards = rewards;
  }
}
