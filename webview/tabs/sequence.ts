import type { SequenceData, SequenceSample } from '../../core/train/sequence-data';
import type { SequenceStepResultMessage } from '../../protocol/sequence-step-messages';
import { el, labelled, replaceChildren, selectElement } from '../dom';
import { AttentionMap } from './attention-map';
import { EmbeddingPlot } from './embedding-plot';
import { NextTokenBars } from './next-token';
import { attentionMap, logitsAt, visibleCharacter } from './sequence-data';
import type { TabContext, TabView } from './tab';

/** A window grown by sampled characters: the host's answers replace the recorded window while it is shown. */
interface SteppedWindow {
  /** Run, frame epoch and window index it belongs to. */
  readonly key: string;
  readonly sample: SequenceSample;
}

/** The request awaiting the host's answer (one at a time: each draw continues the previous). */
interface PendingStep {
  readonly key: string;
  readonly draw: number;
}

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
 * Sequence (character models: a causal GPT or LSTM/GRU trained on every position, or an MLP/LSTM on
 * a window): for a validation window under the latest recorded weights, one attention head's query
 * × key map (when the model has attention), the next-character distribution at the chosen position
 * with a live temperature, a *Generate next character* step that samples at that temperature from a
 * seeded stream (the host draws it with the finished run's weights: core/generate/sequence-step.ts),
 * and the token embeddings' PCA. Every number is the engine's; the webview only recomputes
 * softmax(logits / T).
 */
export class SequenceTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly pickers = el('div', { className: 'controls' });
  private readonly strip = el('div', { className: 'sequence-strip', attributes: { role: 'group', 'aria-label': 'Characters: choose one to see where it looks' } });
  private readonly generate = el('button', { className: 'generate-next', text: 'Generate next character' });
  private readonly reset = el('button', { className: 'reset-prompt', text: 'Back to the prompt' });
  private readonly generateNote = el('span', { className: 'note generate-note', attributes: { role: 'status' } });
  private readonly seed = el('input', { className: 'sequence-seed', attributes: { type: 'number', min: 0, max: 4294967295, step: 1, value: 0, 'aria-label': 'Seed' } });
  private readonly attentionSection = el('section', { className: 'attention-section' });
  private stepped: SteppedWindow | undefined;
  private pending: PendingStep | undefined;
  /** Why the last step failed (the host's message), shown until the next choice. */
  private stepProblem: string | undefined;
  private readonly map = new AttentionMap((query) => this.choose({ position: query }));
  private readonly bars = new NextTokenBars();
  private readonly embedding = new EmbeddingPlot();
  private choice: SequenceChoice = { sample: 0, layer: 0, head: 0, length: 0, position: 0 };
  /** The frame the choice was made on (a new frame keeps the choice, clamped). */
  private frameKey = '';

  constructor(private readonly context: TabContext) {
    this.generate.addEventListener('click', () => this.requestStep());
    this.reset.addEventListener('click', () => {
      const prompt = this.sample()?.prompt ?? 1;
      this.stepped = undefined;
      this.choose({ length: prompt, position: prompt - 1 });
    });
    // The note says the temperature and seed the next draw uses.
    this.bars.slider.addEventListener('input', () => this.render());
    this.seed.addEventListener('input', () => this.render());
    this.element = el(
      'div',
      { className: 'tab-content sequence' },
      this.status,
      this.pickers,
      this.strip,
      el('div', { className: 'controls' }, this.generate, el('label', { className: 'control' }, el('span', { className: 'control-label', text: 'Seed' }), this.seed), this.reset, this.generateNote),
      el('div', { className: 'sequence-grid' }, this.attentionSection, this.bars.element),
      this.embedding.element,
    );
  }

  private data(): SequenceData | undefined {
    return this.context.store.run(this.context.selectedRunId())?.latent?.sequence;
  }

  /** The shown window: the host's sampled continuation of it, else the recorded one. */
  private sample(): SequenceSample | undefined {
    const recorded = this.data()?.frame?.samples[this.choice.sample];
    return this.stepped && this.stepped.key === this.windowKey() ? this.stepped.sample : recorded;
  }

  /** Which recorded window is shown: run, frame epoch and window index. */
  private windowKey(): string {
    return `${this.context.selectedRunId() ?? ''}|${this.data()?.frame?.epoch ?? ''}|${this.choice.sample}`;
  }

  /** The seed typed (a whole number from 0 to 2³² − 1; anything else reads as 0). */
  private seedValue(): number {
    const seed = Number(this.seed.value);
    return Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : 0;
  }

  /** Asks the host for the next character at the slider's temperature: draw k of the seed's stream, k = characters generated so far. */
  private requestStep(): void {
    const sample = this.sample();
    const runId = this.context.selectedRunId();
    if (!sample || runId === null || this.pending) return;
    const { length } = this.choice;
    const draw = length - sample.prompt;
    this.pending = { key: this.windowKey(), draw };
    this.stepProblem = undefined;
    this.context.host.post({ type: 'sequence-step', runId, window: this.choice.sample, tokens: sample.tokens.slice(0, length), prompt: sample.prompt, temperature: this.bars.temperature, seed: this.seedValue(), draw });
    this.render();
  }

  /** The host's answer: the window grown by the sampled character (or why not). Stale answers are dropped. */
  receiveStep(message: SequenceStepResultMessage): void {
    const pending = this.pending;
    if (!pending || pending.key !== `${message.runId}|${this.data()?.frame?.epoch ?? ''}|${message.window}` || pending.draw !== message.draw) return;
    this.pending = undefined;
    if (message.sample && pending.key === this.windowKey()) {
      this.stepped = { key: pending.key, sample: message.sample };
      this.choose({ length: this.choice.length + 1, position: this.choice.length });
      return;
    }
    this.stepProblem = message.message ?? 'the host could not sample the next character';
    this.render();
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
      this.status.textContent = 'The sequence view appears for character models trained on text(…) (a causal GPT or LSTM/GRU on every position, or a model of the character after a window), after the first recorded epoch.';
      return;
    }
    this.clampChoice(data);
    const sample = this.sample() ?? frame.samples[this.choice.sample]!;
    const { length, position } = this.choice;
    const characters = sample.tokens.slice(0, length).map((token) => data.vocabulary[token] ?? '?');
    const generated = length - sample.prompt;
    this.status.textContent = `Epoch ${frame.epoch}: validation window ${this.choice.sample + 1} of ${frame.samples.length}, ${sample.prompt} characters of the data${generated > 0 ? ` and ${generated} generated` : ''} (context ${data.context}).`;
    this.renderPickers(data);
    this.renderStrip(sample, characters);
    this.generate.disabled = length >= data.context || this.pending !== undefined || !this.context.host.live;
    this.generateNote.textContent = this.generateText(data, length - sample.prompt);
    const layer = data.layers[this.choice.layer];
    if (layer) this.map.update({ characters, weights: attentionMap(data, sample, this.choice.layer, this.choice.head, length), causal: layer.causal, selected: position });
    // No attention section at all for a model without attention (an LSTM, GRU or MLP).
    this.attentionSection.hidden = !layer;
    if (layer && this.attentionSection.childElementCount === 0) this.attentionSection.append(el('h2', { text: 'Attention' }), this.map.element);
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

  /** What Generate next character does now, or why it cannot. */
  private generateText(data: SequenceData, generated: number): string {
    if (!this.context.host.live) return 'Generating needs the run’s weights: open the run in VS Code.';
    if (this.choice.length >= data.context) return `The window is full (${data.context} positions).`;
    if (this.pending) return `Sampling character ${generated + 1}…`;
    if (this.stepProblem) return this.stepProblem;
    const seed = this.seedValue();
    return `Draws the next character from softmax(z / T) at T = ${this.bars.temperature.toFixed(2)} with draw ${generated + 1} of seed ${seed}’s stream (the same seed, window and temperature give the same character), using the finished run’s weights.`;
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
