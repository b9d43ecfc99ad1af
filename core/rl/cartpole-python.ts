import { pyFloat, pyNumber } from '../export/pytorch/python';
import { cartPoleConstants } from './cartpole';

/**
 * The Python form of core/rl/cartpole.ts, written into a policy export's environment.py: the
 * constants are cartPoleConstants (interpolated here, so they are stated once), the equations are
 * cartPoleStep's, term for term in the same order of operations (float64 throughout, as
 * Gymnasium), and reset draws the four uniforms of the state in order. Keep it in step with
 * cartpole.ts: test/export/policy-export.test.ts plays both.
 */
export function cartPolePython(): string {
  const c = cartPoleConstants;
  return String.raw`CARTPOLE_GRAVITY = ${pyFloat(c.gravity)}
CARTPOLE_MASS_CART = ${pyFloat(c.massCart)}
CARTPOLE_MASS_POLE = ${pyFloat(c.massPole)}
CARTPOLE_LENGTH = ${pyFloat(c.length)}  # half the pole's length
CARTPOLE_FORCE_MAG = ${pyFloat(c.forceMag)}
CARTPOLE_TAU = ${pyFloat(c.tau)}
CARTPOLE_THETA_THRESHOLD = ${pyFloat(c.thetaThreshold)}  # 12 degrees in radians
CARTPOLE_X_THRESHOLD = ${pyFloat(c.xThreshold)}
CARTPOLE_MAX_STEPS = ${pyNumber(c.maxSteps)}
CARTPOLE_INITIAL_BOUND = ${pyFloat(c.initialBound)}  # each state variable starts uniform in [-bound, bound)


def cartpole_step(state, action):
    """The state [x, x_dot, theta, theta_dot] after one explicit Euler step of Gymnasium's
    CartPole-v1 equations with action 0 (push left) or 1 (push right)."""
    total_mass = CARTPOLE_MASS_POLE + CARTPOLE_MASS_CART
    pole_mass_length = CARTPOLE_MASS_POLE * CARTPOLE_LENGTH
    x, x_dot, theta, theta_dot = state
    force = CARTPOLE_FORCE_MAG if action == 1 else -CARTPOLE_FORCE_MAG
    # x ** 2 in cartpole.ts is x * x exactly (fdlibm's pow special-cases y = 2).
    cos_theta = math.cos(theta)
    sin_theta = math.sin(theta)
    temp = (force + pole_mass_length * theta_dot * theta_dot * sin_theta) / total_mass
    theta_acc = (CARTPOLE_GRAVITY * sin_theta - cos_theta * temp) / (CARTPOLE_LENGTH * (4.0 / 3.0 - (CARTPOLE_MASS_POLE * cos_theta * cos_theta) / total_mass))
    x_acc = temp - (pole_mass_length * theta_acc * cos_theta) / total_mass
    return [x + CARTPOLE_TAU * x_dot, x_dot + CARTPOLE_TAU * x_acc, theta + CARTPOLE_TAU * theta_dot, theta_dot + CARTPOLE_TAU * theta_acc]


class CartPole:
    """Gymnasium's CartPole-v1 as core/rl/cartpole.ts: reward 1 on every step including the last,
    terminated at |theta| > 12 degrees or |x| > 2.4, truncated after 500 steps. The state is float64;
    observations are its float32 rounding (the caller's torch.tensor(..., dtype=torch.float32))."""

    observation_shape = (4,)
    actions = 2

    def __init__(self, random):
        self.random = random
        self.state = [0.0, 0.0, 0.0, 0.0]
        self.steps = 0

    def reset(self):
        low, high = -CARTPOLE_INITIAL_BOUND, CARTPOLE_INITIAL_BOUND
        self.state = [low + (high - low) * self.random.next_float() for _ in range(4)]
        self.steps = 0
        return list(self.state)

    def step(self, action):
        """(observation, reward, terminated, truncated)."""
        self.state = cartpole_step(self.state, action)
        self.steps += 1
        x, _, theta, _ = self.state
        terminated = x < -CARTPOLE_X_THRESHOLD or x > CARTPOLE_X_THRESHOLD or theta < -CARTPOLE_THETA_THRESHOLD or theta > CARTPOLE_THETA_THRESHOLD
        return list(self.state), 1.0, terminated, (not terminated) and self.steps >= CARTPOLE_MAX_STEPS
`;
}
