import type { Random } from '../common/random';
import { checkAction, type Environment, type StepResult } from './environment';

/**
 * Gymnasium's CartPole-v1 (classic_control/cartpole.py, after Barto, Sutton & Anderson 1983):
 * the same constants, the same equations (Florian 2007's corrected form, as Gymnasium writes it),
 * explicit Euler integration, termination at |θ| > 12° or |x| > 2.4, reward 1 on every step
 * including the last, and the TimeLimit wrapper's truncation after 500 steps. The state is kept in
 * float64 as Gymnasium keeps it; observations are its float32 rounding.
 */
export const cartPoleConstants = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length. */
  length: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
  maxSteps: 500,
  /** Each state variable starts uniform in [−initialBound, initialBound). */
  initialBound: 0.05,
} as const;

/** The state [x, ẋ, θ, θ̇] after one Euler step with action 0 (push left) or 1 (push right). */
export function cartPoleStep(state: readonly number[], action: number): [number, number, number, number] {
  const { gravity, massCart, massPole, length, forceMag, tau } = cartPoleConstants;
  const totalMass = massPole + massCart;
  const poleMassLength = massPole * length;
  const [x, xDot, theta, thetaDot] = state as [number, number, number, number];
  const force = action === 1 ? forceMag : -forceMag;
  const cosTheta = Math.cos(theta);
  const sinTheta = Math.sin(theta);
  const temp = (force + poleMassLength * thetaDot ** 2 * sinTheta) / totalMass;
  const thetaAcc = (gravity * sinTheta - cosTheta * temp) / (length * (4.0 / 3.0 - (massPole * cosTheta ** 2) / totalMass));
  const xAcc = temp - (poleMassLength * thetaAcc * cosTheta) / totalMass;
  return [x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc];
}

/** True when the state is outside the allowed range (the episode ends). */
export function cartPoleFallen(state: readonly number[]): boolean {
  const { xThreshold, thetaThreshold } = cartPoleConstants;
  const [x, , theta] = state as [number, number, number, number];
  return x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold;
}

export class CartPole implements Environment {
  readonly observationShape = [4] as const;
  readonly actions = 2;
  private state: [number, number, number, number] = [0, 0, 0, 0];
  private steps = 0;

  constructor(private readonly random: Random) {}

  reset(): Float32Array {
    const b = cartPoleConstants.initialBound;
    this.state = [this.random.uniform(-b, b), this.random.uniform(-b, b), this.random.uniform(-b, b), this.random.uniform(-b, b)];
    this.steps = 0;
    return Float32Array.from(this.state);
  }

  /** Starts an episode from a given state (tests compare trajectories from a fixed start). */
  resetTo(state: readonly [number, number, number, number]): Float32Array {
    this.state = [...state];
    this.steps = 0;
    return Float32Array.from(this.state);
  }

  /** The float64 state, for tests and the environment view. */
  get currentState(): readonly number[] {
    return this.state;
  }

  step(action: number): StepResult {
    checkAction(action, this.actions);
    this.state = cartPoleStep(this.state, action);
    this.steps++;
    const terminated = cartPoleFallen(this.state);
    return { observation: Float32Array.from(this.state), reward: 1, terminated, truncated: !terminated && this.steps >= cartPoleConstants.maxSteps };
  }
}
