#!/usr/bin/python3
"""An independent CartPole-v1 trajectory for test/core/rl/cartpole.test.ts.

Written from the published equations of Gymnasium's classic_control/cartpole.py (which follow
Florian 2007, "Correct equations for the dynamics of the cart-pole system"), without Gymnasium:
the same constants, explicit Euler integration, termination at |x| > 2.4 or |theta| > 12 degrees,
and the TimeLimit wrapper's 500 steps. Plain Python floats (IEEE float64), math.sin/math.cos.

Writes test/fixtures/rl/cartpole-trajectory.json: several episodes, each a fixed initial state
and a fixed action sequence, with the state after every step and where the episode ended.

    /usr/bin/python3 scripts/reference/cartpole_reference.py
"""

import json
import math
import os

GRAVITY = 9.8
MASSCART = 1.0
MASSPOLE = 0.1
TOTAL_MASS = MASSPOLE + MASSCART
LENGTH = 0.5  # half the pole's length
POLEMASS_LENGTH = MASSPOLE * LENGTH
FORCE_MAG = 10.0
TAU = 0.02
THETA_THRESHOLD = 12 * 2 * math.pi / 360
X_THRESHOLD = 2.4
MAX_STEPS = 500


def step(state, action):
    x, x_dot, theta, theta_dot = state
    force = FORCE_MAG if action == 1 else -FORCE_MAG
    costheta = math.cos(theta)
    sintheta = math.sin(theta)
    temp = (force + POLEMASS_LENGTH * theta_dot**2 * sintheta) / TOTAL_MASS
    thetaacc = (GRAVITY * sintheta - costheta * temp) / (LENGTH * (4.0 / 3.0 - MASSPOLE * costheta**2 / TOTAL_MASS))
    xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS
    return [x + TAU * x_dot, x_dot + TAU * xacc, theta + TAU * theta_dot, theta_dot + TAU * thetaacc]


def fallen(state):
    x, _, theta, _ = state
    return x < -X_THRESHOLD or x > X_THRESHOLD or theta < -THETA_THRESHOLD or theta > THETA_THRESHOLD


def episode(initial, actions_of):
    state = list(initial)
    states, actions = [], []
    for t in range(MAX_STEPS):
        action = actions_of(t, state)
        state = step(state, action)
        actions.append(action)
        states.append(state)
        if fallen(state):
            return {"initial": initial, "actions": actions, "states": states, "terminated": True, "truncated": False}
    return {"initial": initial, "actions": actions, "states": states, "terminated": False, "truncated": True}


def main():
    episodes = [
        # Always push right: the pole falls left within a few dozen steps.
        episode([0.01, -0.02, 0.03, 0.04], lambda t, s: 1),
        # Alternate: stays up longer, drifts.
        episode([-0.04, 0.03, -0.02, 0.01], lambda t, s: t % 2),
        # A fixed pseudo-random sequence (a linear congruential bit).
        episode([0.0, 0.0, 0.0, 0.0], lambda t, s: ((t * 1103515245 + 12345) >> 16) & 1),
        # A hand-made controller (push toward the pole's lean): survives to the 500-step limit.
        episode([0.02, 0.01, -0.03, 0.02], lambda t, s: 1 if s[2] + 0.5 * s[3] > 0 else 0),
    ]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "rl", "cartpole-trajectory.json")
    with open(out, "w") as f:
        json.dump({"episodes": episodes}, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.normpath(out), [len(e["actions"]) for e in episodes])


if __name__ == "__main__":
    main()
