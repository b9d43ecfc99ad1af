import type { EmbeddingProjection } from '../../core/train/sequence-data';
import { HiDpiCanvas, plotArea } from '../charts/canvas';
import { el, replaceChildren } from '../dom';
import { categoryColour, readTheme } from '../theme';
import { characterClass, characterClasses, visibleCharacter } from './sequence-data';

/**
 * The token embedding table on its first two principal components, each character drawn as itself
 * in its class's colour (letter, digit, punctuation, whitespace): characters the model treats
 * alike end up near each other.
 */
export class EmbeddingPlot {
  readonly element: HTMLElement;
  private readonly surface = new HiDpiCanvas('embedding-canvas');
  private readonly caption = el('p', { className: 'note' });
  private readonly legend = el('ul', { className: 'legend' });
  private data: { projection: EmbeddingProjection; vocabulary: readonly string[] } | undefined;

  constructor() {
    this.surface.canvas.setAttribute('role', 'img');
    this.element = el('section', { className: 'embedding-plot' }, el('h2', { text: 'Token embeddings (PCA)' }), this.caption, this.surface.canvas, this.legend);
  }

  update(projection: EmbeddingProjection, vocabulary: readonly string[]): void {
    this.data = { projection, vocabulary };
    this.draw();
  }

  refreshTheme(): void {
    if (this.data) this.draw();
  }

  private draw(): void {
    const { projection, vocabulary } = this.data!;
    const [v1, v2] = projection.explainedVariance;
    this.caption.textContent = `${projection.layer}’s ${vocabulary.length} rows on their first two principal components (${(100 * v1).toFixed(0)} % and ${(100 * v2).toFixed(0)} % of the variance).`;
    const xs = vocabulary.map((_, i) => projection.points[2 * i]!);
    const ys = vocabulary.map((_, i) => projection.points[2 * i + 1]!);
    const pad = (values: number[]): [number, number] => {
      const [low, high] = [Math.min(...values), Math.max(...values)];
      const margin = Math.max(1e-6, (high - low) * 0.08);
      return [low - margin, high + margin];
    };
    const theme = readTheme();
    const ctx = this.surface.context(360, 300);
    this.surface.canvas.setAttribute('aria-label', `PCA of ${vocabulary.length} character embeddings`);
    if (!ctx) return;
    const area = plotArea(360, 300, pad(xs), pad(ys));
    ctx.font = '13px monospace';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    vocabulary.forEach((character, i) => {
      ctx.fillStyle = categoryColour(characterClasses.indexOf(characterClass(character)));
      ctx.fillText(visibleCharacter(character), area.x(xs[i]!), area.y(ys[i]!));
    });
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'left';
    ctx.fillText('PC 1 →', area.left, area.top + area.height + 12);
    replaceChildren(
      this.legend,
      ...characterClasses.map((name, k) => {
        const swatch = el('span', { className: 'swatch', text: '●' });
        swatch.style.color = categoryColour(k);
        return el('li', {}, swatch, ` ${name} (${vocabulary.filter((c) => characterClass(c) === name).length})`);
      }),
    );
  }
}
