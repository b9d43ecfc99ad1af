/**
 * The variational autoencoder's loss (Kingma & Welling 2013): the negative evidence lower bound
 * per sample, reconstruction + β·KL(N(μ, σ²) ‖ N(0, I)), averaged over the batch. The
 * reconstruction is summed over each sample's output elements (a Bernoulli or Gaussian likelihood
 * of the whole image, as PyTorch's VAE example writes `reduction='sum'`), and
 * KL = −½ Σ (1 + log σ² − μ² − σ²) over the latent units. μ and log σ² are the input of the model's
 * reparameterize layer ([rows, 2·z]: μ first), which the network hands over with its output.
 */
import { binaryCrossEntropyTerm } from './loss-categorical';

export type ReconstructionTerm = 'bce' | 'mse';

/** `vae(reconstruction: bce|mse, beta: 1)`. */
export interface VaeLossSetting {
  readonly name: 'vae';
  readonly reconstruction: ReconstructionTerm;
  readonly beta: number;
}

/** The two terms of a VAE loss, each a mean over the batch (the loss is reconstruction + β·kl). */
export interface LossTerms {
  readonly reconstruction: number;
  readonly kl: number;
}

/** bce reads the logits before a closing sigmoid (stable, as F.binary_cross_entropy_with_logits); mse reads the output. */
export function vaeReadsLogits(loss: VaeLossSetting): boolean {
  return loss.reconstruction === 'bce';
}

/**
 * The loss, its gradient with respect to the scores (into `grad`) and to the latent [rows, 2·z]
 * (into `latentGrad`), and its two terms.
 */
export function vaeLoss(loss: VaeLossSetting, scores: Float32Array, targets: Float32Array, latent: Float32Array, rows: number, grad: Float32Array, latentGrad: Float32Array): { value: number; terms: LossTerms } {
  const reconstruction = reconstructionSum(loss.reconstruction, scores, targets, rows, grad);
  const kl = klSum(latent, rows, loss.beta, latentGrad);
  const perSample = rows > 0 ? 1 / rows : 0;
  return { value: (reconstruction + loss.beta * kl) * perSample, terms: { reconstruction: reconstruction * perSample, kl: kl * perSample } };
}

/** Σ over every element of the batch of the reconstruction term; grad holds d(mean over rows)/d(score). */
function reconstructionSum(term: ReconstructionTerm, scores: Float32Array, targets: Float32Array, rows: number, grad: Float32Array): number {
  const perSample = rows > 0 ? 1 / rows : 0;
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const y = targets[i]!;
    switch (term) {
      case 'bce': {
        total += binaryCrossEntropyTerm(s, y);
        const sigmoid = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
        grad[i] = (sigmoid - y) * perSample;
        break;
      }
      case 'mse': {
        const d = s - y;
        total += d * d;
        grad[i] = 2 * d * perSample;
        break;
      }
      default: {
        const unreachable: never = term;
        return unreachable;
      }
    }
  }
  return total;
}

/** Σ over the batch of KL(N(μ, σ²) ‖ N(0, I)); latentGrad holds β·d(mean over rows)/d(μ, log σ²). */
function klSum(latent: Float32Array, rows: number, beta: number, latentGrad: Float32Array): number {
  const z = rows > 0 ? latent.length / rows / 2 : 0;
  const scale = rows > 0 ? beta / rows : 0;
  let total = 0;
  for (let row = 0; row < rows; row++) {
    const base = row * 2 * z;
    for (let j = 0; j < z; j++) {
      const mu = latent[base + j]!;
      const logVariance = latent[base + z + j]!;
      const variance = Math.exp(logVariance);
      total += -0.5 * (1 + logVariance - mu * mu - variance);
      latentGrad[base + j] = scale * mu;
      latentGrad[base + z + j] = scale * 0.5 * (variance - 1);
    }
  }
  return total;
}
