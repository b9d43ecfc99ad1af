/**
 * The Python form of discountedReturns and advantagesOf (core/rl/policy-gradient.ts) for a policy
 * export's train.py: float64 in the same order of operations, so the advantages are the same bits.
 * The loss itself is written with torch in train.py (core/export/pytorch/policy-train-py.ts).
 */
export const returnsPython = String.raw`def discounted_returns(rewards, ends, gamma):
    """G_t = r_t + gamma * G_(t+1) within each episode (ends: each episode's end index, exclusive)."""
    returns = [0.0] * len(rewards)
    start = 0
    for end in ends:
        running = 0.0
        for t in range(end - 1, start - 1, -1):
            running = rewards[t] + gamma * running
            returns[t] = running
        start = end
    return returns


def advantages_of(returns, baseline, normalize, values=None):
    """A_t = G_t - b_t: b = 0 (none), the mean of G over the update (mean) or V(s_t) (value); with
    normalize, divided by the population standard deviation of G - b, plus 1e-8."""
    n = len(returns)
    mean = 0.0
    for g in returns:
        mean += g
    mean /= n
    if baseline == 'none':
        centred = [g for g in returns]
    elif baseline == 'mean':
        centred = [g - mean for g in returns]
    else:
        centred = [g - values[t] for t, g in enumerate(returns)]
    if not normalize:
        return centred
    centred_mean = 0.0
    for a in centred:
        centred_mean += a
    centred_mean /= n
    squares = 0.0
    for a in centred:
        squares += (a - centred_mean) * (a - centred_mean)  # x ** 2 in JavaScript is x * x exactly
    scale = math.sqrt(squares / n) + 1e-8
    return [a / scale for a in centred]
`;
