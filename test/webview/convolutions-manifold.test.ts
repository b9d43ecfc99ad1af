// The Convolutions and Latent manifold tabs in headless Chromium under the panel's strict CSP,
// from real runs' records (LatentRecorder as the worker records them): each tab is offered only for
// its family, the filter and feature-map pictures are drawn with the record's counts and colours
// (a picture's pixels are read back and compared with the record's values), the scale switch and
// the image picker redraw, the manifold's decoded grid is painted, two clicks give 10 decoded
// images along the segment, and reconstructions sit beside their originals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { RunRecord } from '../../protocol/run-record';
import { fromRoot } from '../helpers/paths';
import { post, posted, settle, tabShown, withPanel } from './browser';
import type { DecodeLatentMessage } from '../../protocol/decode-latent-messages';
import { browserSkipReason, latentRecord } from './harness';

const skip = browserSkipReason();

const recordOf = (file: string, runId: string, epochs: number): RunRecord => latentRecord(readFileSync(fromRoot('examples', file), 'utf8'), runId, epochs);

/** The pictures' sizes, labels and pixel colours (r, g, b per pixel) under a selector. */
function pictures(page: Page, selector: string) {
  return page.$$eval(selector, (all) =>
    all.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb: number[][] = [];
      for (let i = 0; i < data.length; i += 4) rgb.push([data[i]!, data[i + 1]!, data[i + 2]!]);
      return { width: canvas.width, height: canvas.height, label: canvas.getAttribute('aria-label') ?? '', rgb };
    }),
  );
}

test('Convolutions: filters and every conv layer’s maps, labelled, with the scale switch and image picker', { skip, timeout: 240_000 }, async () => {
  const cnn = recordOf('digits-cnn.dlmodel', 'cnn', 2);
  const mlp = recordOf('digits-mlp.dlmodel', 'mlp', 1);
  const data = cnn.latent!.convolutions!;
  const frame = data.frames.at(-1)!;
  await withPanel([mlp, cnn], 'cnn', async (page) => {
    assert.equal(await tabShown(page, 'convolutions'), true);
    assert.equal(await tabShown(page, 'manifold'), false, 'a classifier has no Latent manifold tab');
    await page.click('#tab-convolutions');
    await settle(page);
    const filters = await pictures(page, '#panel-convolutions .conv-filters canvas.picture');
    assert.equal(filters.length, 16);
    assert.ok(filters.every((f) => f.width === 3 && f.height === 3));
    // The largest-magnitude weight is drawn at the end of the diverging scale: deep blue if positive, deep orange if negative.
    const scale = Math.max(...frame.filters.map(Math.abs));
    const at = frame.filters.findIndex((v) => Math.abs(v) === scale);
    const [r = 0, , b = 0] = filters[Math.floor(at / 9)]!.rgb[at % 9]!;
    assert.ok(frame.filters[at]! > 0 ? b > 150 && r < 30 : r > 200 && b < 30, `extreme weight ${frame.filters[at]} drawn as ${r},${b}`);
    assert.match((await page.textContent('#panel-convolutions .conv-filters h2')) ?? '', /Filters of conv2d_1 · 16 × 1 × 3 × 3/);
    assert.ok(((await page.textContent('#panel-convolutions .conv-filters .colour-legend')) ?? '').includes(`−`), 'the colour bar is labelled');
    const titles = await page.$$eval('#panel-convolutions .conv-layer > figcaption', (all) => all.map((t) => t.textContent));
    assert.deepEqual(titles, ['conv2d_1 · [16, 8, 8]', 'conv2d_2 · [32, 8, 8]']);
    const maps = await pictures(page, '#panel-convolutions .conv-layer canvas.picture');
    assert.equal(maps.length, 16 + 32);
    // A map value of 0 (after no activation it is rare; take the sign of the shared scale) — check one extreme per layer.
    const layerValues = frame.maps[0]!.slice(0, 16 * 64);
    const layerScale = Math.max(...layerValues.map(Math.abs));
    const extreme = layerValues.findIndex((v) => Math.abs(v) === layerScale);
    const pixel = maps[Math.floor(extreme / 64)]!.rgb[extreme % 64]!;
    assert.ok(layerValues[extreme]! > 0 ? pixel[2]! > 150 && pixel[0]! < 30 : pixel[0]! > 200 && pixel[2]! < 30, JSON.stringify(pixel));
    // Per-channel scale: each caption gives its channel's own range.
    await page.selectOption('#panel-convolutions select[aria-label="Scale"]', 'channel');
    await settle(page);
    const captions = await page.$$eval('#panel-convolutions .conv-layer[data-layer="conv2d_1"] figcaption:not(.chart-title)', (all) => all.map((t) => t.textContent ?? ''));
    assert.equal(captions.length, 16);
    assert.ok(captions.every((c) => /^#\d+ ±/.test(c)), captions.join(' | '));
    // Another image: the maps change with it.
    await page.selectOption('#panel-convolutions select[aria-label="Image"]', '1');
    await settle(page);
    const heading = (await page.textContent('#panel-convolutions .conv-maps h2')) ?? '';
    assert.match(heading, /validation image 2/);
    const after = await pictures(page, '#panel-convolutions .conv-layer canvas.picture');
    assert.notDeepEqual(after[0]!.rgb, maps[0]!.rgb);
    // The epoch slider: Home shows the first recorded epoch.
    await page.focus('#panel-convolutions input[type="range"]');
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await page.textContent('#panel-convolutions output'), `epoch ${data.frames[0]!.epoch}`);
  });
});

test('Latent manifold: encoded validation set, decoded grid, a clicked interpolation and reconstructions', { skip, timeout: 240_000 }, async () => {
  const vae = recordOf('digits-vae.dlmodel', 'vae', 3);
  const data = vae.latent!.manifold!;
  const frame = data.frames.at(-1)!;
  await withPanel([vae], 'vae', async (page) => {
    assert.equal(await tabShown(page, 'manifold'), true);
    assert.equal(await tabShown(page, 'convolutions'), false, 'a dense VAE has no Convolutions tab');
    await page.click('#tab-manifold');
    await settle(page);
    assert.match((await page.textContent('#panel-manifold .status')) ?? '', new RegExp(`${frame.points.length / 2} validation samples encoded by μ of code`));
    // Both planes are drawn: count coloured pixels of each chart canvas.
    const canvases = page.locator('#panel-manifold .chart canvas');
    assert.equal(await canvases.count(), 2);
    const lit = await page.$$eval('#panel-manifold .chart canvas', (all) =>
      all.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3]! > 0) n++;
        return n;
      }),
    );
    assert.ok(lit.every((n) => n > 1000), JSON.stringify(lit));
    // Two clicks on the manifold: 10 decoded images from the grid along the segment.
    const box = (await canvases.nth(1).boundingBox())!;
    await canvases.nth(1).click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
    await canvases.nth(1).click({ position: { x: box.width * 0.7, y: box.height * 0.7 } });
    await settle(page);
    const strip = await pictures(page, '#panel-manifold .manifold-interpolation canvas.picture');
    assert.equal(strip.length, 10);
    assert.ok(strip.every((p) => p.width === 8 && p.height === 8));
    const cells = await page.$$eval('#panel-manifold .manifold-interpolation figure', (all) => all.map((f) => Number(f.getAttribute('data-cell'))));
    // The strip's pixels are the record's decoded cells (grey levels of values in [0, 1]).
    const first = frame.decoded.slice(cells[0]! * 64, cells[0]! * 64 + 64);
    strip[0]!.rgb.forEach(([grey], p) => assert.ok(Math.abs(grey! - Math.round(255 * first[p]!)) <= 1, `pixel ${p}`));
    assert.ok(cells[0] !== cells[9], 'the ends decode different grid points');
    // …while the panel asks the host to decode the 10 points afresh (the segment's own points).
    const asked = (await posted(page)).filter((m): m is DecodeLatentMessage => (m as { type?: string }).type === 'decode-latent');
    assert.equal(asked.length, 1);
    const request = asked[0]!;
    assert.equal(request.runId, 'vae');
    assert.equal(request.epoch, frame.epoch);
    assert.equal(request.points.length, 20);
    assert.match((await page.textContent('#panel-manifold .manifold-interpolation .note')) ?? '', new RegExp(`nearest point of the ${frame.axes.nx}×${frame.axes.ny} grid \\(decoding these points…\\)`));
    // The answer (as the worker gives it: the decoder's outputs row after row) replaces the grid images, pixel for pixel.
    const fresh = Array.from({ length: 10 * 64 }, (_, i) => ((i * 37) % 101) / 100);
    await post(page, { type: 'decoded-latent', runId: 'vae', epoch: request.epoch, points: request.points, decoded: fresh });
    await settle(page);
    const sources = await page.$$eval('#panel-manifold .manifold-interpolation figure', (all) => all.map((f) => f.getAttribute('data-source')));
    assert.deepEqual(sources, Array(10).fill('fresh'));
    const decodedStrip = await pictures(page, '#panel-manifold .manifold-interpolation canvas.picture');
    decodedStrip.forEach((picture, k) => picture.rgb.forEach(([grey], p) => assert.ok(Math.abs(grey! - Math.round(255 * fresh[k * 64 + p]!)) <= 1, `image ${k} pixel ${p}`)));
    assert.match((await page.textContent('#panel-manifold .manifold-interpolation .note')) ?? '', new RegExp(`each decoded at its own point by the decoder of epoch ${frame.epoch}`));
    // An answer to another request (older points) is dropped.
    await post(page, { type: 'decoded-latent', runId: 'vae', epoch: request.epoch, points: [0, 0], decoded: Array(64).fill(0) });
    await settle(page);
    assert.deepEqual(await page.$$eval('#panel-manifold .manifold-interpolation figure', (all) => all.map((f) => f.getAttribute('data-source'))), Array(10).fill('fresh'));
    // Reconstructions beside originals.
    const pairs = await page.$$eval('#panel-manifold .picture-pair', (all) => all.map((f) => f.querySelectorAll('canvas').length));
    assert.deepEqual(pairs, Array(12).fill(2));
  });
});
