import { HiDpiCanvas } from '../charts/canvas';
import { el } from '../dom';
import { readTheme, rgb, withAlpha, type ThemeColours } from '../theme';
import { attentionColour, cellGeometry, maskedFill, visibleCharacter } from './sequence-data';

/** What one heatmap shows: a head's probabilities (queries × keys) over a window's first positions. */
export interface AttentionMapView {
  readonly characters: readonly string[];
  readonly weights: readonly (readonly number[])[];
  readonly causal: boolean;
  /** The query row drawn highlighted. */
  readonly selected: number;
}

/**
 * A query × key heatmap of one attention head: row i is where position i looks (its probabilities
 * over the keys, summing to 1), the characters on both axes, the causal mask's cells grey and
 * hatched. Clicking a row (or its character) chooses that query.
 */
export class AttentionMap {
  readonly element: HTMLElement;
  private readonly surface = new HiDpiCanvas('attention-canvas');
  private view: AttentionMapView | undefined;

  constructor(private readonly onSelect: (query: number) => void) {
    const canvas = this.surface.canvas;
    canvas.setAttribute('role', 'img');
    canvas.addEventListener('click', (event) => {
      const query = this.queryAt(event.offsetX, event.offsetY);
      if (query !== undefined) this.onSelect(query);
    });
    this.element = el('figure', { className: 'attention-map' }, canvas, el('figcaption', { className: 'note', text: 'Rows: the query position (who looks); columns: the key position (where it looks). Colour: attention probability, dark 0 → yellow 1. Grey hatched cells are masked: a causal layer cannot look ahead.' }));
  }

  /** The query row under a click, if any. */
  private queryAt(x: number, y: number): number | undefined {
    const length = this.view?.characters.length ?? 0;
    const { cell, margin } = cellGeometry(length);
    const row = Math.floor((y - margin) / cell);
    return x >= margin && row >= 0 && row < length ? row : undefined;
  }

  update(view: AttentionMapView): void {
    this.view = view;
    this.draw(readTheme());
  }

  refreshTheme(): void {
    if (this.view) this.draw(readTheme());
  }

  private draw(theme: ThemeColours): void {
    const view = this.view!;
    const length = view.characters.length;
    const { cell, margin } = cellGeometry(length);
    const side = margin + cell * length;
    const ctx = this.surface.context(side, side);
    const canvas = this.surface.canvas;
    canvas.dataset.length = String(length);
    canvas.dataset.cell = String(cell);
    canvas.dataset.margin = String(margin);
    canvas.setAttribute('aria-label', `Attention of ${length} positions; row ${view.selected + 1} (${visibleCharacter(view.characters[view.selected] ?? '')}) highlighted`);
    if (!ctx) return;
    for (let query = 0; query < length; query++) {
      for (let key = 0; key < length; key++) {
        const masked = view.causal && key > query;
        ctx.fillStyle = rgb(masked ? maskedFill : attentionColour(view.weights[query]![key]!));
        ctx.fillRect(margin + key * cell, margin + query * cell, cell, cell);
      }
    }
    this.hatchMask(ctx, view, cell, margin);
    this.labels(ctx, view, cell, margin, theme);
    // The chosen query's row, outlined.
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 2;
    ctx.strokeRect(margin + 1, margin + view.selected * cell + 1, cell * length - 2, cell - 2);
  }

  /** Diagonal strokes inside each masked cell, so the mask reads as "not there" beside low probabilities. */
  private hatchMask(ctx: CanvasRenderingContext2D, view: AttentionMapView, cell: number, margin: number): void {
    if (!view.causal || cell < 8) return;
    ctx.strokeStyle = withAlpha('#ffffff', 0.45);
    ctx.lineWidth = 1;
    ctx.beginPath();
    const length = view.characters.length;
    for (let query = 0; query < length; query++) {
      for (let key = query + 1; key < length; key++) {
        const [x, y] = [margin + key * cell, margin + query * cell];
        ctx.moveTo(x + 2, y + cell - 2);
        ctx.lineTo(x + cell - 2, y + 2);
      }
    }
    ctx.stroke();
  }

  /** The characters along the top (keys) and the left (queries); every other one when cells are small. */
  private labels(ctx: CanvasRenderingContext2D, view: AttentionMapView, cell: number, margin: number, theme: ThemeColours): void {
    const step = cell >= 10 ? 1 : 2;
    ctx.font = `${Math.min(12, Math.max(8, cell - 2))}px monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    view.characters.forEach((character, i) => {
      if (i % step !== 0 && i !== view.selected) return;
      const text = visibleCharacter(character);
      ctx.fillStyle = i === view.selected ? theme.foreground : theme.muted;
      ctx.fillText(text, margin + i * cell + cell / 2, margin / 2);
      ctx.fillText(text, margin / 2, margin + i * cell + cell / 2);
    });
  }
}
