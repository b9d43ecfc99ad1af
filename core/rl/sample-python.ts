/**
 * The Python form of core/rl/sample.ts's sampleAction, for a policy export's train.py: float64
 * arithmetic on the float32 logits in the same order, one uniform of the policy stream per action.
 * Keep it in step with sample.ts: test/export/policy-export.test.ts compares the actions.
 */
export const sampleActionPython = String.raw`def sample_action(logits, random):
    """An action from softmax(logits) by the inverse CDF with one uniform u of the policy stream
    (the first action whose cumulative probability exceeds u; the last if rounding leaves u above
    them all), and the distribution's entropy in nats (core/rl/sample.ts)."""
    top = -math.inf
    for z in logits:
        top = max(top, z)
    total = 0.0
    for z in logits:
        total += math.exp(z - top)
    log_sum = top + math.log(total)
    u = random.next_float()
    cumulative = 0.0
    action = -1
    entropy = 0.0
    for j, z in enumerate(logits):
        logp = z - log_sum
        p = math.exp(logp)
        entropy -= p * logp
        cumulative += p
        if action < 0 and u < cumulative:
            action = j
    return (len(logits) - 1 if action < 0 else action), entropy
`;
