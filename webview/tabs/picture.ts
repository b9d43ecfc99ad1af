import type { ImageShape } from '../../core/train/panel-data-images';
import { el } from '../dom';
import { diverging } from '../theme';

/**
 * Small pictures drawn pixel for pixel on a canvas whose CSS size scales them up (pixelated):
 * inputs and decoded samples in grey (RGB for 3 channels) over a value range, filters and feature
 * maps on the diverging orange–blue scale centred at 0 (blue positive, orange negative).
 */

/** How a value becomes a colour: grey/RGB over [low, high], or diverging over [−scale, scale]. */
export type PictureColour = { readonly kind: 'grey'; readonly low: number; readonly high: number } | { readonly kind: 'diverging'; readonly scale: number };

/** The smallest and largest of `count` values from `offset` (a range of [0, 1] when they are inside it, so pixels keep their meaning). */
export function pixelRange(values: readonly number[], offset: number, count: number): { low: number; high: number } {
  let [low, high] = [Infinity, -Infinity];
  for (let i = offset; i < offset + count; i++) [low, high] = [Math.min(low, values[i]!), Math.max(high, values[i]!)];
  if (low >= 0 && high <= 1) return { low: 0, high: 1 };
  return high > low ? { low, high } : { low: low - 1, high: low + 1 };
}

/** The largest magnitude of `count` values from `offset` (at least a tiny positive number). */
export function magnitude(values: readonly number[], offset: number, count: number): number {
  let scale = 1e-12;
  for (let i = offset; i < offset + count; i++) scale = Math.max(scale, Math.abs(values[i]!));
  return scale;
}

/** Paints one channels-first picture from `values[offset…]` into `image` at (x0, y0). */
export function paintPicture(image: ImageData, x0: number, y0: number, values: readonly number[], offset: number, shape: ImageShape, colour: PictureColour): void {
  const { channels, height, width } = shape;
  const area = height * width;
  for (let p = 0; p < area; p++) {
    const target = 4 * ((y0 + Math.floor(p / width)) * image.width + x0 + (p % width));
    const value = (c: number): number => values[offset + Math.min(c, channels - 1) * area + p] ?? 0;
    let rgb: readonly number[];
    if (colour.kind === 'grey') {
      const level = (c: number): number => Math.round((255 * Math.max(0, Math.min(1, (value(c) - colour.low) / (colour.high - colour.low || 1)))));
      rgb = channels === 3 ? [level(0), level(1), level(2)] : [level(0), level(0), level(0)];
    } else if (channels === 3) {
      // An RGB filter: each channel's value around a neutral grey (0 ↦ 128).
      const level = (c: number): number => Math.round(127.5 + 127.5 * Math.max(-1, Math.min(1, value(c) / colour.scale)));
      rgb = [level(0), level(1), level(2)];
    } else {
      rgb = diverging(value(0) / colour.scale);
    }
    image.data[target] = rgb[0]!;
    image.data[target + 1] = rgb[1]!;
    image.data[target + 2] = rgb[2]!;
    image.data[target + 3] = 255;
  }
}

/** A canvas with one picture, shown `zoom` times its size. */
export function pictureCanvas(values: readonly number[], offset: number, shape: ImageShape, colour: PictureColour, zoom: number, label: string): HTMLCanvasElement {
  const canvas = el('canvas', { className: 'picture', attributes: { width: shape.width, height: shape.height, role: 'img', 'aria-label': label, title: label } });
  canvas.style.width = `${shape.width * zoom}px`;
  canvas.style.height = `${shape.height * zoom}px`;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(shape.width, shape.height);
  paintPicture(image, 0, 0, values, offset, shape, colour);
  context.putImageData(image, 0, 0);
  return canvas;
}

/** A labelled colour bar of the diverging scale: −scale (orange), 0, +scale (blue). */
export function divergingLegend(scale: string, what: string): HTMLElement {
  const bar = el('canvas', { className: 'colour-bar', attributes: { width: 101, height: 1, role: 'img', 'aria-label': `colour scale from −${scale} (orange) through 0 (grey) to +${scale} (blue)` } });
  const context = bar.getContext('2d');
  if (context) {
    const image = context.createImageData(101, 1);
    for (let i = 0; i <= 100; i++) {
      const [r, g, b] = diverging(i / 50 - 1);
      image.data.set([r, g, b, 255], 4 * i);
    }
    context.putImageData(image, 0, 0);
  }
  return el('div', { className: 'colour-legend' }, el('span', { text: `${what} −${scale}` }), bar, el('span', { text: `+${scale} (grey = 0, orange negative, blue positive)` }));
}
