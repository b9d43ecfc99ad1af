import { el, replaceChildren } from '../dom';
import { entropyBits, temperatureSoftmax, topTokens, visibleCharacter } from './sequence-data';

/** What the bars show: the logits at one position and the vocabulary they score. */
export interface NextTokenView {
  readonly logits: readonly number[];
  readonly vocabulary: readonly string[];
  /** Said above the bars: which position predicts what. */
  readonly caption: string;
  /** The character that actually follows (the data's or the model's), highlighted when among the bars. */
  readonly actual: number | null;
}

const topK = 10;

/**
 * The next-token distribution at one position: the top 10 of softmax(logits / T) as bars with
 * their probabilities, the entropy in bits, and a temperature slider that recomputes all of it
 * here in the webview from the logits the worker recorded (no round trip).
 */
export class NextTokenBars {
  readonly element: HTMLElement;
  readonly slider = el('input', { attributes: { type: 'range', min: 0.1, max: 3, step: 0.05, value: 1, 'aria-label': 'Temperature' } });
  private readonly output = el('output', { className: 'temperature-output', text: 'T = 1.00' });
  private readonly caption = el('p', { className: 'note' });
  private readonly entropy = el('p', { className: 'entropy' });
  private readonly bars = el('ol', { className: 'token-bars', attributes: { 'aria-label': 'Most probable next characters' } });
  private view: NextTokenView | undefined;

  constructor() {
    this.slider.addEventListener('input', () => this.draw());
    this.element = el(
      'section',
      { className: 'next-token' },
      el('h2', { text: 'Next-character distribution' }),
      this.caption,
      el('label', { className: 'control' }, el('span', { className: 'control-label', text: 'Temperature' }), el('span', { className: 'range' }, this.slider, this.output)),
      el('p', { className: 'formula', text: 'pᵢ = exp(zᵢ / T) / Σⱼ exp(zⱼ / T)   (z: the model’s logits; T < 1 sharpens, T > 1 flattens)' }),
      this.entropy,
      this.bars,
    );
  }

  get temperature(): number {
    return Number(this.slider.value);
  }

  update(view: NextTokenView): void {
    this.view = view;
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    const temperature = this.temperature;
    this.output.textContent = `T = ${temperature.toFixed(2)}`;
    if (!view) return;
    const probabilities = temperatureSoftmax(view.logits, temperature);
    const entropy = entropyBits(probabilities);
    this.caption.textContent = view.caption;
    this.entropy.textContent = `Entropy H = −Σ p log₂ p = ${entropy.toFixed(2)} bits (at most log₂ ${view.vocabulary.length} = ${Math.log2(view.vocabulary.length).toFixed(2)} bits, all characters equally likely)`;
    this.entropy.dataset.bits = String(entropy);
    const top = topTokens(probabilities, topK);
    const scale = top[0]?.probability ?? 1;
    replaceChildren(
      this.bars,
      ...top.map(({ token, probability }) => {
        const bar = el('span', { className: 'token-bar' });
        bar.style.width = `${(100 * probability) / scale}%`;
        const item = el(
          'li',
          { className: token === view.actual ? 'token-row actual' : 'token-row', attributes: { 'data-token': token, 'data-probability': probability } },
          el('span', { className: 'token-char', text: visibleCharacter(view.vocabulary[token] ?? '?') }),
          el('span', { className: 'token-track' }, bar),
          el('span', { className: 'token-probability', text: `${(100 * probability).toFixed(1)} %` }),
        );
        return item;
      }),
    );
  }
}
