import type { PredictionExamples } from '../../core/train/panel-data';
import { el } from '../dom';
import { formatNumber } from '../format';

/**
 * One validation example as the person would recognise it: an image drawn pixel for pixel
 * (grey scale for one channel, RGB for three, each scaled to its own range), or its values as a
 * row (named by the data's feature names when it has them).
 */
export function exampleElement(examples: PredictionExamples, index: number, caption: string): HTMLElement {
  const figure = el('figure', { className: 'example', attributes: { 'data-index': index } });
  if (examples.kind === 'image') {
    figure.append(imageCanvas(examples, index));
  } else if (examples.kind === 'tokens') {
    figure.append(el('code', { className: 'example-row', text: tokenContext(examples, index) }));
  } else {
    const values = examples.values.slice(index * examples.size, (index + 1) * examples.size);
    const shown = values.slice(0, 12).map((v, i) => `${examples.featureNames?.[i] ?? `x${i + 1}`}=${formatNumber(v)}`);
    figure.append(el('code', { className: 'example-row', text: shown.join(' ') + (values.length > 12 ? ' …' : '') }));
  }
  figure.append(el('figcaption', { text: caption }));
  return figure;
}

/**
 * The context a text model read for label `index`: the sample's tokens (up to the position when it
 * is scored on every position), as text when the token ids have names (characters), else as ids.
 */
function tokenContext(examples: Extract<PredictionExamples, { kind: 'row' | 'tokens' }>, index: number): string {
  const positions = examples.positions ?? 1;
  const sample = Math.floor(index / positions);
  const upTo = positions > 1 ? (index % positions) + 1 : examples.size;
  const ids = examples.values.slice(sample * examples.size, sample * examples.size + upTo);
  const names = examples.featureNames;
  return names ? `“${ids.map((id) => names[id] ?? '?').join('')}”` : ids.join(' ');
}

function imageCanvas(examples: Extract<PredictionExamples, { kind: 'image' }>, index: number): HTMLCanvasElement {
  const { channels, height, width } = examples;
  const size = channels * height * width;
  const values = examples.values.slice(index * size, (index + 1) * size);
  let [low, high] = [Infinity, -Infinity];
  for (const v of values) [low, high] = [Math.min(low, v), Math.max(high, v)];
  const span = high - low || 1;
  const canvas = el('canvas', { className: 'example-image', attributes: { width, height, role: 'img', 'aria-label': `${width}×${height} image` } });
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    // Channels-first layout: channel c of pixel p is values[c·h·w + p].
    const level = (c: number): number => Math.round((255 * ((values[Math.min(c, channels - 1) * width * height + p] ?? low) - low)) / span);
    image.data[4 * p] = level(0);
    image.data[4 * p + 1] = level(channels === 3 ? 1 : 0);
    image.data[4 * p + 2] = level(channels === 3 ? 2 : 0);
    image.data[4 * p + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
