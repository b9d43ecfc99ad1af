import type { ConvolutionsData, ConvolutionsFrame } from '../../core/train/panel-data-images';
import { el, labelled, replaceChildren, selectElement } from '../dom';
import { formatNumber } from '../format';
import { RecordedFrames } from './epoch-slider';
import { divergingLegend, magnitude, pictureCanvas, pixelRange } from './picture';
import type { TabContext, TabView } from './tab';

type MapScale = 'shared' | 'channel';

/** Pictures are drawn this many CSS pixels per value, so an 8×8 map is still visible and a 28×28 one not huge. */
function zoomFor(side: number): number {
  return Math.max(2, Math.min(8, Math.round(64 / side)));
}

/**
 * Convolutions (models with conv2d layers on images): the first conv layer's filters as small
 * pictures on a diverging scale centred at 0 (RGB around grey when it reads 3 channels), and for a
 * chosen validation image every conv layer's feature maps — its output channels as a grid, on one
 * scale per layer or one per channel — at the epoch slider's epoch (the nearest recorded at or
 * before it). The numbers are the engine's own eval forward pass (core/train/convolutions.ts).
 */
export class ConvolutionsTab implements TabView {
  readonly element: HTMLElement;
  private readonly status = el('p', { className: 'status', attributes: { role: 'status' } });
  private readonly recorded: RecordedFrames<ConvolutionsData>;
  private readonly imageSlot = el('span', { className: 'slot' });
  private readonly scaleSlot = el('span', { className: 'slot' });
  private readonly filters = el('section', { className: 'conv-filters', attributes: { 'aria-label': 'Filters' } });
  private readonly maps = el('section', { className: 'conv-maps', attributes: { 'aria-label': 'Feature maps' } });
  private image = 0;
  private scale: MapScale = 'shared';

  constructor(context: TabContext) {
    this.recorded = new RecordedFrames(context, (latent) => latent.convolutions);
    this.element = el(
      'div',
      { className: 'tab-content convolutions' },
      el('div', { className: 'controls' }, this.recorded.slider.element, labelled('Image', this.imageSlot), labelled('Scale', this.scaleSlot)),
      this.status,
      this.filters,
      this.maps,
    );
  }

  /** Shown only for models with conv2d layers on images. */
  available(): boolean {
    return this.recorded.available();
  }

  render(): void {
    const current = this.recorded.current();
    if (!current) {
      this.status.textContent = 'Filters and feature maps appear for models with conv2d layers on images, after the first recorded epoch.';
      replaceChildren(this.filters);
      replaceChildren(this.maps);
      return;
    }
    const { data, frame } = current;
    const images = data.images.values.length / (data.images.channels * data.images.height * data.images.width);
    this.image = Math.min(this.image, images - 1);
    this.renderPickers(data, images);
    this.status.textContent = `Epoch ${frame.epoch}: ${data.layers.length} conv layer${data.layers.length === 1 ? '' : 's'}, ${data.frames.length} epochs recorded; feature maps of validation image ${this.image + 1} of ${images}.`;
    this.renderFilters(data, frame);
    this.renderMaps(data, frame);
  }

  private renderPickers(data: ConvolutionsData, images: number): void {
    const focused = this.element.querySelector('select:focus')?.getAttribute('aria-label');
    const imageSelect = selectElement(
      'Image',
      Array.from({ length: images }, (_, i) => ({ value: String(i), label: `validation image ${i + 1}${data.images.labels[i] === undefined ? '' : ` (class ${data.images.labels[i]})`}` })),
      String(this.image),
    );
    imageSelect.addEventListener('change', () => {
      this.image = Number(imageSelect.value);
      this.render();
    });
    const scaleSelect = selectElement('Scale', [{ value: 'shared', label: 'shared per layer' }, { value: 'channel', label: 'per channel' }], this.scale);
    scaleSelect.addEventListener('change', () => {
      this.scale = scaleSelect.value === 'channel' ? 'channel' : 'shared';
      this.render();
    });
    replaceChildren(this.imageSlot, imageSelect);
    replaceChildren(this.scaleSlot, scaleSelect);
    if (focused === 'Image') imageSelect.focus();
    if (focused === 'Scale') scaleSelect.focus();
  }

  private renderFilters(data: ConvolutionsData, frame: ConvolutionsFrame): void {
    const { layer, count, inputChannels, rgb, height, width } = data.filters;
    const channels = rgb ? 3 : 1;
    const size = channels * height * width;
    const scale = magnitude(frame.filters, 0, frame.filters.length);
    const shape = { channels, height, width };
    const zoom = Math.max(4, zoomFor(Math.max(height, width)) * 2);
    const pictures = Array.from({ length: count }, (_, o) =>
      el('figure', { className: 'picture-cell' }, pictureCanvas(frame.filters, o * size, shape, { kind: 'diverging', scale }, zoom, `${layer} filter ${o}`), el('figcaption', { text: `#${o}` })),
    );
    const how = rgb ? 'its 3 input channels as red, green and blue around grey (0)' : inputChannels > 1 ? `the mean over its ${inputChannels} input channels` : 'its weights';
    replaceChildren(
      this.filters,
      el('h2', { text: `Filters of ${layer} · ${count} × ${inputChannels} × ${height} × ${width} (epoch ${frame.epoch})` }),
      el('p', { className: 'note', text: `Each output channel’s ${height}×${width} kernel: ${how}.` }),
      divergingLegend(formatNumber(scale), 'weight'),
      el('div', { className: 'picture-grid' }, ...pictures),
    );
  }

  private renderMaps(data: ConvolutionsData, frame: ConvolutionsFrame): void {
    const { channels, height, width } = data.images;
    const imageSize = channels * height * width;
    const input = pictureCanvas(data.images.values, this.image * imageSize, data.images, { kind: 'grey', ...pixelRange(data.images.values, this.image * imageSize, imageSize) }, zoomFor(Math.max(height, width)) * 2, `validation image ${this.image + 1}`);
    const sections = data.layers.map((layer, i) => {
      const [c, h, w] = layer.shape;
      const mapSize = h * w;
      const values = frame.maps[i] ?? [];
      const start = this.image * layer.shown * mapSize;
      const shared = magnitude(values, start, layer.shown * mapSize);
      const zoom = zoomFor(Math.max(h, w));
      const cells = Array.from({ length: layer.shown }, (_, k) => {
        const offset = start + k * mapSize;
        const scale = this.scale === 'shared' ? shared : magnitude(values, offset, mapSize);
        const caption = this.scale === 'shared' ? `#${k}` : `#${k} ±${formatNumber(scale)}`;
        return el('figure', { className: 'picture-cell' }, pictureCanvas(values, offset, { channels: 1, height: h, width: w }, { kind: 'diverging', scale }, zoom, `${layer.name} channel ${k}`), el('figcaption', { text: caption }));
      });
      const title = `${layer.name} · [${c}, ${h}, ${w}]${layer.shown < c ? ` (first ${layer.shown} channels)` : ''}`;
      return el(
        'figure',
        { className: 'conv-layer', attributes: { 'data-layer': layer.name } },
        el('figcaption', { className: 'chart-title', text: title }),
        this.scale === 'shared' ? divergingLegend(formatNumber(shared), 'activation') : el('p', { className: 'note', text: 'Each channel on its own scale (±its largest magnitude, in its caption); blue positive, orange negative.' }),
        el('div', { className: 'picture-grid' }, ...cells),
      );
    });
    replaceChildren(
      this.maps,
      el('h2', { text: `Feature maps of validation image ${this.image + 1}${data.images.labels[this.image] === undefined ? '' : ` (class ${data.images.labels[this.image]})`}, epoch ${frame.epoch}` }),
      el('figure', { className: 'picture-cell' }, input, el('figcaption', { text: 'input' })),
      ...sections,
    );
  }

  refreshTheme(): void {
    this.render();
  }
}
