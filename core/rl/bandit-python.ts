/**
 * The Python form of core/rl/bandit.ts, written into a policy export's environment.py: the same
 * draws from the same stream in the same order (the true values at construction, one normal per
 * pull). Keep it in step with bandit.ts: test/export/policy-export.test.ts plays both.
 */
export const banditPython = String.raw`class Bandit:
    """The k-armed testbed (Sutton & Barto 2018, section 2.3), as core/rl/bandit.ts: each arm's
    true value q*(a) is drawn once from N(0, 1) when the environment is built, and a pull of arm a
    pays q*(a) + N(0, 1). One state (the observation is [1]); an episode is one pull."""

    observation_shape = (1,)

    def __init__(self, arms, random):
        self.actions = arms
        self.random = random
        self.true_values = [random.normal() for _ in range(arms)]

    def reset(self):
        return [1.0]

    def step(self, action):
        """(observation, reward, terminated, truncated)."""
        return [1.0], self.true_values[action] + self.random.normal(), True, False
`;
