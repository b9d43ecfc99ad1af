#!/usr/bin/python3
"""PyTorch reference for the REINFORCE loss of core/rl/policy-gradient.ts.

Writes test/fixtures/rl/policy-gradient.json: a fixed batch of episodes (float32 logits of T steps
over K actions, the actions taken, the rewards, where each episode ends) and, for several
settings (gamma, baseline none|mean|value, normalize, entropy weight), PyTorch's loss, mean
entropy and gradient of the loss with respect to the logits (and, for `value`, to the value
model's outputs V_t), computed by autograd in float64 from:

    G_t    = r_t + gamma * G_(t+1) within each episode (0 after its end)
    A_t    = (G_t - b_t) / (std(G - b) + 1e-8 if normalize else 1)
             b_t = mean(G) for 'mean', V_t (detached) for 'value', else 0
    loss   = -(1/T) * sum_t [ log_softmax(z_t)[a_t] * A_t + entropy * H(softmax(z_t)) ]
             + (for 'value') F.mse_loss(V, G) = (1/T) * sum_t (V_t - G_t)^2

with std the population standard deviation (unbiased=False). The advantages are constants
(computed without autograd), as in REINFORCE; the value term trains V only.

    /usr/bin/python3 scripts/reference/policy_gradient_reference.py
"""

import json
import os

import torch


def returns_of(rewards, ends, gamma):
    out = [0.0] * len(rewards)
    start = 0
    for end in ends:
        running = 0.0
        for t in range(end - 1, start - 1, -1):
            running = rewards[t] + gamma * running
            out[t] = running
        start = end
    return torch.tensor(out, dtype=torch.float64)


def case(logits32, actions, rewards, ends, gamma, baseline, normalize, entropy, values32=None):
    g = returns_of(rewards, ends, gamma)
    v = values32.to(torch.float64).clone().requires_grad_(True) if baseline == "value" else None
    if baseline == "value":
        b = v.detach()
    elif baseline == "mean":
        b = g.mean()
    else:
        b = torch.tensor(0.0, dtype=torch.float64)
    adv = g - b
    if normalize:
        adv = adv / (adv.std(unbiased=False) + 1e-8)
    z = logits32.to(torch.float64).clone().requires_grad_(True)
    logp = torch.log_softmax(z, dim=1)
    h = -(logp.exp() * logp).sum(dim=1)
    chosen = logp.gather(1, torch.tensor(actions).unsqueeze(1)).squeeze(1)
    loss = -(chosen * adv + entropy * h).mean()
    if v is not None:
        loss = loss + torch.nn.functional.mse_loss(v, g)
    loss.backward()
    extra = {"valueGrad": v.grad.tolist()} if v is not None else {}
    return {
        **extra,
        "gamma": gamma,
        "baseline": baseline,
        "normalize": normalize,
        "entropy": entropy,
        "loss": loss.item(),
        "meanEntropy": h.mean().item(),
        "grad": z.grad.flatten().tolist(),
    }


def main():
    gen = torch.Generator().manual_seed(16)
    k = 3
    lengths = [5, 9, 2, 7]
    ends = [sum(lengths[: i + 1]) for i in range(len(lengths))]
    steps = ends[-1]
    logits = (torch.randn(steps, k, generator=gen) * 1.5).to(torch.float32)
    actions = torch.randint(0, k, (steps,), generator=gen).tolist()
    rewards = (torch.randn(steps, generator=gen, dtype=torch.float64) + 0.5).tolist()
    # Drawn after everything above, so the earlier arrays (and cases) are unchanged.
    values = (torch.randn(steps, generator=gen) * 0.7 + 1.0).to(torch.float32)
    cases = [
        case(logits, actions, rewards, ends, 0.99, "none", False, 0.0),
        case(logits, actions, rewards, ends, 0.99, "mean", False, 0.0),
        case(logits, actions, rewards, ends, 0.9, "mean", True, 0.01),
        case(logits, actions, rewards, ends, 0.5, "none", True, 0.1),
        case(logits, actions, rewards, ends, 1.0, "none", False, 0.05),
        case(logits, actions, rewards, ends, 0.99, "value", False, 0.0, values),
        case(logits, actions, rewards, ends, 0.9, "value", True, 0.01, values),
        case(logits, actions, rewards, ends, 1.0, "value", False, 0.05, values),
    ]
    fixture = {"actions": k, "logits": logits.flatten().tolist(), "taken": actions, "rewards": rewards, "ends": ends, "values": values.tolist(), "cases": cases}
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "rl", "policy-gradient.json")
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(out), steps, "steps,", len(cases), "cases")


if __name__ == "__main__":
    main()
