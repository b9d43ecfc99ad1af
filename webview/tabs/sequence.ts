import type { SequenceData, SequenceSample } from '../../core/train/sequence-data';
import { el, labelled, replaceChildren, selectElement } from '../dom';
import { AttentionMap } from './attention-map';
import { EmbeddingPlot } from './embedding-plot';
import { NextTokenBars } from './next-token';
import { attentionMap, logitsAt, visibleCharacter } from './sequence-data';
import type { TabContext, TabView } from './tab';

/** The tab's own choices (not saved: they index the latest frame, which changes as training goes on). */
interface SequenceChoice {
  sample: number;
  layer: number;
  head: number;
  /** Positions shown: the prompt, plus one per *Generate next character*. */
  length: number;
  /** The chosen query position (its heatmap row and its next-character distribution). */
  position: number;
}

/**
 * Sequence (causal text models trained on every position): for a validation window under the
 * latest recorded weights, one attention head's query × key map, the next-character distribution
 * at the chosen position with a live temperature, a *Generate next character* step, and the
 * token embeddings' PCA. Every number is the engine's (core/train/sequence.ts); the webview only
 * recomputes softmax(logits / T).
 */
export class SequenceTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly pickers = el('div', { className: 'controls' });
  private readonly strip = el('div', { className: 'sequence-strip', attributes: { role: 'group', 'aria-label': 'Characters: choose one to see where it looks' } });
  private readonly generate = el('button', { className: 'generate-next', text: 'Generate next character' });
  private readonly reset = el('button', { className: 'reset-prompt', text: 'Back to the prompt' });
  private readonly generateNote = el('span', { className: 'note' });
  private readonly map = new AttentionMap((query) => this.choose({ position: query }));
  private readonly bars = new NextTokenBars();
  private readonly embedding = new EmbeddingPlot();
  private choice: SequenceChoice = { sample: 0, layer: 0, head: 0, length: 0, position: 0 };
  /** The frame the choice was made on (a new frame keeps the choice, clamped). */
  private frameKey = '';

  constructor(private readonly context: TabContext) {
    this.generate.addEventListener('click', () => this.choose({ length: this.choice.length + 1, position: this.choice.length }));
    this.reset.addEventListener('click', () => {
      const prompt = this.sample()?.prompt ?? 1;
      this.choose({ length: prompt, position: prompt - 1 });
    });
    this.element = el(
      'div',
      { className: 'tab-content sequence' },
      this.status,
      this.pickers,
      this.strip,
      el('div', { className: 'controls' }, this.generate, this.reset, this.generateNote),
      el('div', { className: 'sequence-grid' }, el('section', { className: 'attention-section' }, el('h2', { text: 'Attention' }), this.map.element), this.bars.element),
      this.embedding.element,
    );
  }

  private data(): SequenceData | undefined {
    return this.context.store.run(this.context.selectedRunId())?.latent?.sequence;
  }

  private sample(): SequenceSample | undefined {
    return this.data()?.frame?.samples[this.choice.sample];
  }

  /** Shown only for causal text models trained on every position. */
  available(): boolean {
    return this.data() !== undefined;
  }

  private choose(patch: Partial<SequenceChoice>): void {
    this.choice = { ...this.choice, ...patch };
    this.render();
  }

  render(): void {
    const data = this.data();
    const frame = data?.frame;
    if (!data || !frame || frame.samples.length === 0) {
      this.status.textContent = 'The sequence view appears for causal text models (text(…, targets: all) with causal attention), after the first recorded epoch.';
      return;
    }
    this.clampChoice(data);
    const sample = frame.samples[this.choice.sample]!;
    const { length, position } = this.choice;
    const characters = sample.tokens.slice(0, length).map((token) => data.vocabulary[token] ?? '?');
    const generated = length - sample.prompt;
    this.status.textContent = `Epoch ${frame.epoch}: validation window ${this.choice.sample + 1} of ${frame.samples.length}, ${sample.prompt} characters of the data${generated > 0 ? ` and ${generated} generated` : ''} (context ${data.context}).`;
    this.renderPickers(data);
    this.renderStrip(sample, characters);
    this.generate.disabled = length >= data.context;
    this.generateNote.textContent =
      length >= data.context
        ? `The window is full (${data.context} positions).`
        : `Appends the most probable character (the argmax: it is the same at every temperature), computed by the model in the worker at epoch ${frame.epoch}.`;
    const layer = data.layers[this.choice.layer];
    if (layer) this.map.update({ characters, weights: attentionMap(data, sample, this.choice.layer, this.choice.head, length), causal: layer.causal, selected: position });
    this.map.element.hidden = !layer;
    const next = position + 1 < length ? sample.tokens[position + 1]! : null;
    const following = next === null ? 'the character to generate' : `“${visibleCharacter(data.vocabulary[next] ?? '?')}” follows`;
    this.bars.update({
      logits: logitsAt(data, sample, position),
      vocabulary: data.vocabulary,
      caption: `After “${visibleCharacter(characters[position]!)}” at position ${position} (${following}): what the model predicts next.`,
      actual: next,
    });
    this.embedding.element.hidden = data.embedding === null;
    if (data.embedding) this.embedding.update(data.embedding, data.vocabulary);
  }

  /** A new frame or run keeps the choices that still exist; the first one starts at the prompt's end. */
  private clampChoice(data: SequenceData): void {
    const frame = data.frame!;
    const key = `${this.context.selectedRunId() ?? ''}|${data.context}|${data.layers.length}`;
    const sample = Math.min(this.choice.sample, frame.samples.length - 1);
    const prompt = frame.samples[sample]!.prompt;
    if (key !== this.frameKey) {
      this.frameKey = key;
      this.choice = { sample, layer: 0, head: 0, length: prompt, position: prompt - 1 };
      return;
    }
    const layer = Math.min(this.choice.layer, Math.max(0, data.layers.length - 1));
    const head = Math.min(this.choice.head, (data.layers[layer]?.heads ?? 1) - 1);
    const length = Math.max(prompt, Math.min(this.choice.length, data.context));
    this.choice = { sample, layer, head, length, position: Math.min(this.choice.position, length - 1) };
  }

  private renderPickers(data: SequenceData): void {
    const samples = data.frame!.samples.map((_, i) => ({ value: String(i), label: `window ${i + 1}` }));
    const layers = data.layers.map((layer, i) => ({ value: String(i), label: layer.name }));
    const heads = Array.from({ length: data.layers[this.choice.layer]?.heads ?? 0 }, (_, i) => ({ value: String(i), label: `head ${i + 1}` }));
    const sample = selectElement('Validation window', samples, String(this.choice.sample), 'sequence-sample');
    sample.addEventListener('change', () => {
      const prompt = data.frame!.samples[Number(sample.value)]!.prompt;
      this.choose({ sample: Number(sample.value), length: prompt, position: prompt - 1 });
    });
    const layer = selectElement('Attention layer', layers, String(this.choice.layer), 'sequence-layer');
    layer.addEventListener('change', () => this.choose({ layer: Number(layer.value), head: 0 }));
    const head = selectElement('Head', heads, String(this.choice.head), 'sequence-head');
    head.addEventListener('change', () => this.choose({ head: Number(head.value) }));
    replaceChildren(this.pickers, labelled('Window', sample), ...(layers.length > 0 ? [labelled('Layer', layer), labelled('Head', head)] : [el('span', { className: 'note', text: 'This model has no attention layer.' })]));
  }

  /** The window's characters as buttons: the prompt, then the generated ones marked; the chosen one pressed. */
  private renderStrip(sample: SequenceSample, characters: readonly string[]): void {
    replaceChildren(
      this.strip,
      ...characters.map((character, i) => {
        const button = el('button', {
          className: i >= sample.prompt ? 'sequence-char generated' : 'sequence-char',
          text: visibleCharacter(character),
          attributes: { 'aria-pressed': String(i === this.choice.position), 'data-position': i, title: `position ${i}${i >= sample.prompt ? ' (generated)' : ''}` },
        });
        button.addEventListener('click', () => this.choose({ position: i }));
        return button;
      }),
    );
  }

  refreshTheme(): void {
    this.map.refreshTheme();
    this.embedding.refreshTheme();
  }
}
