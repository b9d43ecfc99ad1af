/**
 * A VAE loss's two terms (reconstruction, KL) added up over batches, as the loss itself is: each
 * batch mean weighted by its rows. For every other loss there are none and `mean()` is undefined.
 */
import type { LossTerms } from '../nn/losses';

export { latentValues } from '../nn/losses';

export class LossTermSums {
  private reconstruction = 0;
  private kl = 0;
  private weight = 0;

  add(terms: LossTerms | undefined, weight: number): void {
    if (!terms) return;
    this.reconstruction += terms.reconstruction * weight;
    this.kl += terms.kl * weight;
    this.weight += weight;
  }

  mean(): LossTerms | undefined {
    return this.weight > 0 ? { reconstruction: this.reconstruction / this.weight, kl: this.kl / this.weight } : undefined;
  }
}
