/**
 * The REINFORCE loss and its gradient with respect to the policy's logits, fused and in float64
 * (as the losses of core/nn are): for T steps with logits z_t (K per step), actions a_t and
 * advantages A_t,
 *
 *   L = −(1/T) · Σ_t [ log π(a_t|s_t) · A_t + β · H(π(·|s_t)) ],   π = softmax(z),  H = −Σ_k π_k log π_k
 *
 *   ∂L/∂z_tk = (1/T) · [ A_t · (π_tk − [k = a_t]) + β · π_tk · (log π_tk + H_t) ]
 *
 * The advantages are constants (no gradient flows through the returns or the baseline).
 */
export interface PolicyLoss {
  readonly loss: number;
  /** Mean entropy (nats) of the policy over the T steps. */
  readonly entropy: number;
}

export function policyGradientLoss(logits: Float32Array, actions: Int32Array, advantages: Float64Array, entropyWeight: number, grad?: Float32Array): PolicyLoss {
  const steps = actions.length;
  const k = logits.length / steps;
  const logp = new Float64Array(k);
  let loss = 0;
  let entropySum = 0;
  for (let t = 0; t < steps; t++) {
    const row = t * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[row + j]!);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(logits[row + j]! - max);
    const logSum = max + Math.log(sum);
    let entropy = 0;
    for (let j = 0; j < k; j++) {
      logp[j] = logits[row + j]! - logSum;
      entropy -= Math.exp(logp[j]!) * logp[j]!;
    }
    const action = actions[t]!;
    const advantage = advantages[t]!;
    loss -= logp[action]! * advantage + entropyWeight * entropy;
    entropySum += entropy;
    if (grad) {
      for (let j = 0; j < k; j++) {
        const p = Math.exp(logp[j]!);
        grad[row + j] = (advantage * (p - (j === action ? 1 : 0)) + entropyWeight * p * (logp[j]! + entropy)) / steps;
      }
    }
  }
  return { loss: loss / steps, entropy: entropySum / steps };
}

/** G_t = r_t + γ·G_(t+1) within each episode (`ends` holds each episode's end index, exclusive). */
export function discountedReturns(rewards: Float64Array, ends: readonly number[], gamma: number): Float64Array {
  const returns = new Float64Array(rewards.length);
  let start = 0;
  for (const end of ends) {
    let running = 0;
    for (let t = end - 1; t >= start; t--) {
      running = rewards[t]! + gamma * running;
      returns[t] = running;
    }
    start = end;
  }
  return returns;
}

/**
 * The advantages A_t = G_t − b_t: b = 0 for `none`, the mean of G over the update's steps for
 * `mean`, the value model's V(s_t) for `value` (`values`, one per step); with `normalize`, divided
 * by the (population) standard deviation of G − b + 1e-8 (for none and mean that is the standard
 * deviation of G: a constant shift does not change it).
 */
export function advantagesOf(returns: Float64Array, baseline: 'none' | 'mean' | 'value', normalize: boolean, values?: Float64Array | Float32Array): Float64Array {
  const n = returns.length;
  let mean = 0;
  for (const g of returns) mean += g;
  mean /= n;
  const baselineAt = (t: number): number => {
    switch (baseline) {
      case 'none':
        return 0;
      case 'mean':
        return mean;
      case 'value':
        if (!values) throw new Error('advantagesOf: baseline value needs the value model’s outputs');
        return values[t]!;
      default: {
        const unreachable: never = baseline;
        throw new Error(`unknown baseline ${String(unreachable)}`);
      }
    }
  };
  const centred = returns.map((g, t) => g - baselineAt(t));
  if (!normalize) return centred;
  let centredMean = 0;
  for (const a of centred) centredMean += a;
  centredMean /= n;
  let squares = 0;
  for (const a of centred) squares += (a - centredMean) ** 2;
  const scale = Math.sqrt(squares / n) + 1e-8;
  return centred.map((a) => a / scale);
}

/**
 * The value model's loss, the mean squared error (1/T)·Σ_t (V_t − G_t)², and its gradient with
 * respect to V (2·(V_t − G_t)/T), in float64 like the policy loss (`F.mse_loss(V, G)`).
 */
export function valueLoss(values: Float32Array, returns: Float64Array, grad?: Float32Array): number {
  const steps = returns.length;
  let sum = 0;
  for (let t = 0; t < steps; t++) {
    const error = values[t]! - returns[t]!;
    sum += error * error;
    if (grad) grad[t] = (2 * error) / steps;
  }
  return sum / steps;
}
